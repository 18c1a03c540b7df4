// zlib's gzFile behind a small reader: transparent for plain files, errors named with the path.
#include "replay/gz_file.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include <zlib.h>

namespace gatetwin::replay {

std::unique_ptr<GzFile> GzFile::Open(const std::string& path, std::string* error) {
  errno = 0;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    *error = path + ": cannot open: " + (errno != 0 ? std::strerror(errno) : "out of memory");
    return nullptr;
  }
  gzbuffer(file, 1 << 17);  // fewer, larger reads of the compressed file
  return std::unique_ptr<GzFile>(new GzFile(file, path));
}

GzFile::~GzFile() { gzclose_r(static_cast<gzFile>(file_)); }

size_t GzFile::Read(char* dst, size_t n) {
  auto* file = static_cast<gzFile>(file_);
  size_t done = 0;
  while (done < n && error_.empty()) {
    const auto want = static_cast<unsigned>(std::min<size_t>(n - done, INT_MAX));
    const int got = gzread(file, dst + done, want);
    if (got <= 0) {
      // the end, or an error: a gzip stream cut short, a corrupt one, a read error (zlib's
      // message names the path already)
      int code = 0;
      const char* why = gzerror(file, &code);
      if (got < 0 || (code != Z_OK && code != Z_STREAM_END))
        error_ = why != nullptr && *why ? why : path_ + ": read error";
      break;
    }
    done += static_cast<size_t>(got);
  }
  return done;
}

}  // namespace gatetwin::replay
