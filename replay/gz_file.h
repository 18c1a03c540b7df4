// A file read through zlib: gzip-compressed (SUMO's `.xml.gz`) or plain, told apart by its bytes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace gatetwin::replay {

class GzFile {
 public:
  /// Opens `path`; nullptr with `error` ("PATH: cannot open: why") when it cannot be read.
  static std::unique_ptr<GzFile> Open(const std::string& path, std::string* error);
  ~GzFile();
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  /// Fills up to `n` bytes of `dst` with the (uncompressed) contents; fewer only at the end or
  /// on an error, which error() then names (a truncated or corrupt gzip stream, a read error).
  size_t Read(char* dst, size_t n);
  /// Empty, or "PATH: what went wrong".
  const std::string& error() const { return error_; }

 private:
  GzFile(void* file, std::string path) : file_(file), path_(std::move(path)) {}
  void* file_;  // zlib's gzFile
  std::string path_, error_;
};

}  // namespace gatetwin::replay
