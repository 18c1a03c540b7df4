// SUMO FCD / E1 XML files as feed sources: converted to contract events while they are read.
#include "replay/sumo_feed.h"

#include <cstring>
#include <filesystem>

#include "replay/gz_file.h"
#include "replay/sumo_xml.h"

namespace gatetwin::replay {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 16;

}  // namespace

bool HasSumoName(const std::string& path) {
  // SUMO writes `.xml`, or `.xml.gz` when told to compress its outputs
  std::string lower = path;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.ends_with(".xml") || lower.ends_with(".xml.gz");
}

struct SumoSource::Impl {
  std::unique_ptr<GzFile> file;
  std::string path;
  uint64_t size_bytes = 0;
  SumoConverter converter;
  SumoXmlReader reader;
  std::string out;  // converted lines not yet handed on
  size_t out_pos = 0;
  bool eof = false;
  std::vector<char> chunk = std::vector<char>(kChunkBytes);

  Impl(const world::World& w, const SumoMap& m, const std::string& p)
      : path(p), converter(w, m, std::filesystem::path(p).filename().string()), reader(p, &converter) {}
};

SumoSource::SumoSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SumoSource::~SumoSource() = default;

std::unique_ptr<SumoSource> SumoSource::Open(const world::World& world, const SumoMap& map, const std::string& path,
                                             std::string* error) {
  auto impl = std::make_unique<Impl>(world, map, path);
  impl->file = GzFile::Open(path, error);
  if (!impl->file) return nullptr;
  std::error_code ec;
  impl->size_bytes = std::filesystem::file_size(path, ec);
  if (ec) impl->size_bytes = 0;
  auto source = std::unique_ptr<SumoSource>(new SumoSource(std::move(impl)));
  // parse the first chunk now, so a file that is not SUMO output is refused at once
  source->Fill();
  if (!source->impl_->reader.error().empty() && source->impl_->reader.kind() == SumoFileKind::kUnknown) {
    *error = source->impl_->reader.error();
    return nullptr;
  }
  return source;
}

// converts the next chunk; false when nothing more will come
bool SumoSource::Fill() {
  Impl& s = *impl_;
  if (s.eof) return false;
  const size_t n = s.file->Read(s.chunk.data(), s.chunk.size());
  const bool last = n < s.chunk.size();
  if (!s.file->error().empty()) SetError(s.file->error());
  if (!s.reader.Parse(s.chunk.data(), n, last)) {
    SetError(s.reader.error());
    s.eof = true;
  } else if (last) {
    if (s.reader.kind() == SumoFileKind::kUnknown) SetError(s.path + ": no SUMO root element");
    s.eof = true;
  }
  if (s.eof) s.converter.Finish();
  if (s.out_pos == s.out.size()) {
    s.out.clear();
    s.out_pos = 0;
  }
  s.converter.Drain(&s.out);
  return true;
}

size_t SumoSource::Read(char* dst, size_t n) {
  Impl& s = *impl_;
  while (s.out_pos == s.out.size()) {
    if (!Fill() && s.out_pos == s.out.size()) return 0;
  }
  const size_t k = std::min(n, s.out.size() - s.out_pos);
  std::memcpy(dst, s.out.data() + s.out_pos, k);
  s.out_pos += k;
  return k;
}

bool SumoSource::NextLine(std::string* line) {
  Impl& s = *impl_;
  for (;;) {
    const size_t nl = s.out.find('\n', s.out_pos);
    if (nl != std::string::npos) {
      line->assign(s.out, s.out_pos, nl - s.out_pos);
      s.out_pos = nl + 1;
      return true;
    }
    // keep the partial line (the converter writes whole lines, so this is only a guard)
    s.out.erase(0, s.out_pos);
    s.out_pos = 0;
    if (!Fill()) return false;
  }
}

uint64_t SumoSource::Size() const { return impl_->size_bytes; }
const SumoTally& SumoSource::tally() const { return impl_->converter.tally(); }
SumoFileKind SumoSource::kind() const { return impl_->reader.kind(); }

std::unique_ptr<FeedReader> OpenSumoFeed(const world::World& world, const std::string& path,
                                         const std::string& map_path, const ReaderOptions& options,
                                         QuarantineSink* quarantine, std::string* error) {
  if (map_path.empty()) {
    *error = path +
             ": a SUMO trace needs a lane map: give --sumo-map MAP.yaml (it says when SUMO time 0 is and "
             "how SUMO lanes and detectors map onto the world; see docs/sumo-traces.md)";
    return nullptr;
  }
  std::vector<std::string> errors;
  auto map = LoadSumoMap(map_path, world, &errors);
  if (!map) {
    *error = errors.empty() ? map_path + ": cannot read the lane map" : errors.front();
    for (size_t i = 1; i < errors.size(); ++i) *error += "\n" + errors[i];
    return nullptr;
  }
  // the source keeps pointers to the map: it lives as long as the source does
  struct Owned : ByteSource {
    std::unique_ptr<SumoMap> map;
    std::unique_ptr<SumoSource> source;
    size_t Read(char* dst, size_t n) override {
      const size_t k = source->Read(dst, n);
      if (k == 0 && !source->error().empty()) SetError(source->error());
      return k;
    }
    uint64_t Size() const override { return source->Size(); }
  };
  auto owned = std::make_unique<Owned>();
  owned->map = std::make_unique<SumoMap>(std::move(*map));
  owned->source = SumoSource::Open(world, *owned->map, path, error);
  if (!owned->source) return nullptr;
  return FeedReader::FromSource(world, path, std::move(owned), FeedFormat::kJsonLines, options, quarantine);
}

}  // namespace gatetwin::replay
