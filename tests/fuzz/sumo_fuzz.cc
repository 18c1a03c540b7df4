// libFuzzer target: arbitrary bytes as SUMO FCD / E1 XML through the reader, converter and a feed reader.
//
// Checks, beyond "no crash, no sanitizer report": every converted line is valid JSON; the
// converter never writes more gps events than it read vehicle samples; the feed reader over
// the converted lines keeps read == accepted + Σ rejected.
#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "replay/feed_reader.h"
#include "replay/sumo_convert.h"
#include "replay/sumo_map.h"
#include "replay/sumo_xml.h"
#include "tests/unit/replay/sumo_test_world.h"

namespace {

using namespace gatetwin::replay;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "sumo_fuzz: check failed: %s\n", what);
    std::abort();
  }
}

const gatetwin::world::World& TestWorld() {
  static const gatetwin::world::World world = testing::MakeSumoTestWorld();
  return world;
}

// the three placements: lane map, geo lon/lat, geo net metres in the world's frame
const SumoMap& MapFor(uint8_t selector) {
  static const std::array<SumoMap, 3> maps = [] {
    SumoMap lanes = DefaultSumoMap(TestWorld(), 1'768'438'800'000'000);
    lanes.placement = SumoPlacement::kLanes;
    lanes.lanes["a_0"] = {0, 0};
    lanes.lanes["b_0"] = {1, 5};
    lanes.ignore_lanes = {":*"};
    lanes.detectors["e1_a"] = 3;
    SumoMap lonlat = DefaultSumoMap(TestWorld(), 0);
    SumoMap net = DefaultSumoMap(TestWorld(), 0);
    net.coordinates = SumoCoordinates::kNet;
    net.location = SumoNetLocation{};
    net.net_is_world_frame = true;
    return std::array<SumoMap, 3>{lanes, lonlat, net};
  }();
  return maps[selector % 3];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const SumoMap& map = MapFor(data[0]);
  const std::string xml(reinterpret_cast<const char*>(data) + 1, size - 1);
  SumoConverter converter(TestWorld(), map, "fuzz.xml");
  SumoXmlReader reader("fuzz.xml", &converter);
  // in two pieces, split where the input says, as a file read in chunks is
  const size_t split = xml.empty() ? 0 : data[0] % (xml.size() + 1);
  if (reader.Parse(xml.data(), split, false)) reader.Parse(xml.data() + split, xml.size() - split, true);
  converter.Finish();
  std::string out;
  converter.Drain(&out);

  static simdjson::dom::parser parser;
  size_t start = 0;
  while (start < out.size()) {
    const size_t nl = out.find('\n', start);
    Check(nl != std::string::npos, "every converted line ends with a newline");
    simdjson::dom::element doc;
    if (parser.parse(out.data() + start, nl - start).get(doc)) {
      std::fprintf(stderr, "sumo_fuzz: not JSON: %.*s\n", static_cast<int>(nl - start), out.data() + start);
      Check(false, "every converted line is valid JSON");
    }
    start = nl + 1;
  }
  const SumoTally& t = converter.tally();
  Check(t.gps_events <= t.vehicle_samples, "no more gps events than vehicle samples");
  Check(t.loop_events <= t.intervals, "no more loop events than intervals");

  auto feed = FeedReader::FromString(TestWorld(), "fuzz.jsonl", out, FeedFormat::kJsonLines, ReaderOptions{}, nullptr);
  Event e;
  while (feed->Next(&e)) {
  }
  const FeedCounts& c = feed->counts();
  Check(c.read == c.accepted + c.RejectedTotal(), "read == accepted + rejected");
  return 0;
}
