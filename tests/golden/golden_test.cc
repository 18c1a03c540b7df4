// Golden test: the sample day replayed on the 6-lane world gives the checked-in report.
//
// Regenerate deliberately with scripts/update-goldens.sh after a change that should alter the
// report, and say why in the commit.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "replay/report.h"
#include "replay/session.h"
#include "world/load.h"

namespace gatetwin {
namespace {

using Json = nlohmann::json;
const std::string kSource = GATETWIN_SOURCE_DIR;

// every difference between two JSON values, as `path: expected X, got Y` (numbers within tolerance)
void Diff(const Json& want, const Json& got, const std::string& path, std::vector<std::string>* out) {
  if (out->size() > 20) return;
  if (want.is_number() && got.is_number()) {
    const double a = want.get<double>(), b = got.get<double>();
    if (std::fabs(a - b) > 1e-6 * std::max(1.0, std::fabs(a)))
      out->push_back(path + ": expected " + want.dump() + ", got " + got.dump());
    return;
  }
  if (want.type() != got.type()) {
    out->push_back(path + ": expected " + want.dump() + ", got " + got.dump());
    return;
  }
  if (want.is_object()) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (!got.contains(it.key())) {
        out->push_back(path + "." + it.key() + ": missing");
      } else {
        Diff(it.value(), got[it.key()], path + "." + it.key(), out);
      }
    }
    for (auto it = got.begin(); it != got.end(); ++it) {
      if (!want.contains(it.key())) out->push_back(path + "." + it.key() + ": not in the golden report");
    }
  } else if (want.is_array()) {
    if (want.size() != got.size()) {
      out->push_back(path + ": expected " + std::to_string(want.size()) + " items, got " + std::to_string(got.size()));
      return;
    }
    for (size_t i = 0; i < want.size(); ++i) Diff(want[i], got[i], path + "[" + std::to_string(i) + "]", out);
  } else if (want != got) {
    out->push_back(path + ": expected " + want.dump() + ", got " + got.dump());
  }
}

TEST(Golden, SampleDayOnSixLaneWorld) {
  auto loaded = world::LoadWorld(kSource + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
  ASSERT_TRUE(loaded.ok());
  replay::ReplayOptions options;
  // a relative path, so the report does not depend on where the checkout is
  options.feeds = {"assets/feeds/huu_nghi_2026-01-15.jsonl"};
  ASSERT_EQ(chdir(kSource.c_str()), 0);
  replay::ReplayOutcome out = replay::RunReplay(*loaded.world, options);
  ASSERT_TRUE(out.ok);
  const Json got = Json::parse(replay::ReportToJson(out.report));
  std::ifstream in(kSource + "/tests/golden/sample_day_report.json");
  ASSERT_TRUE(in.good()) << "golden report missing: run scripts/update-goldens.sh";
  const Json want = Json::parse(in);
  std::vector<std::string> diffs;
  Diff(want, got, "report", &diffs);
  for (const std::string& d : diffs) ADD_FAILURE() << d;
  // the sample is a realistic day, not an empty one
  EXPECT_GT(got["vehicles"]["completed"].get<int>(), 500);
  EXPECT_GT(got["events"]["malformed"].get<int>(), 0);
}

}  // namespace
}  // namespace gatetwin
