// SUMO FCD / E1 XML files as feed sources: converted to contract events while they are read.
#pragma once

#include <memory>
#include <string>

#include "replay/byte_source.h"
#include "replay/feed_reader.h"
#include "replay/quarantine.h"
#include "replay/sumo_convert.h"
#include "replay/sumo_map.h"
#include "world/world.h"

namespace gatetwin::replay {

/// True when `path` is named as SUMO names its outputs: `.xml` or gzipped `.xml.gz` (any case).
/// Such a feed is read as SUMO FCD or E1 output; any other XML is refused with its root named.
bool HasSumoName(const std::string& path);

/// A SUMO XML file read in chunks and handed on as the JSON lines of its events (SumoConverter),
/// so memory stays one chunk plus one timestep's events. A syntax error ends it with error()
/// naming file:line:col; the events before it are kept.
class SumoSource : public ByteSource {
 public:
  /// Opens `path`; nullptr with `error` naming the file when it cannot be read or is not SUMO
  /// FCD/E1 output. `world` and `map` must outlive the source.
  static std::unique_ptr<SumoSource> Open(const world::World& world, const SumoMap& map, const std::string& path,
                                          std::string* error);
  ~SumoSource() override;
  SumoSource(const SumoSource&) = delete;
  SumoSource& operator=(const SumoSource&) = delete;

  size_t Read(char* dst, size_t n) override;
  uint64_t Size() const override;
  /// The next line (without its newline); false at the end or after an error.
  bool NextLine(std::string* line);
  /// What was converted and what was not, so far.
  const SumoTally& tally() const;
  /// The file's kind (FCD or E1).
  SumoFileKind kind() const;

 private:
  struct Impl;
  explicit SumoSource(std::unique_ptr<Impl> impl);
  bool Fill();
  std::unique_ptr<Impl> impl_;
};

/// A feed reader over a SUMO file for FeedMerger: the map is loaded from `map_path` (which
/// must be given: it says when SUMO time 0 is). nullptr with `error` (file:line: what to fix).
std::unique_ptr<FeedReader> OpenSumoFeed(const world::World& world, const std::string& path,
                                         const std::string& map_path, const ReaderOptions& options,
                                         QuarantineSink* quarantine, std::string* error);

}  // namespace gatetwin::replay
