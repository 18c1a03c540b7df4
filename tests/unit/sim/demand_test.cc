// Demand files: what they mean, every error with its place, and writing them back.
#include "replay/sim/demand.h"

#include <gtest/gtest.h>

#include <string>

namespace gatetwin::replay::sim {
namespace {

using world::BoothKind;
using world::Direction;
using world::VehicleClass;

std::optional<Demand> Parse(const std::string& text, std::string* errors) {
  world::Diagnostics diags;
  auto d = ParseDemand(text, "d.yaml", &diags);
  for (const auto& e : diags.TakeSorted({"d.yaml"})) *errors += e.ToString() + "\n";
  return d;
}

std::string ErrorsOf(const std::string& text) {
  std::string errors;
  EXPECT_FALSE(Parse(text, &errors).has_value()) << text;
  return errors;
}

TEST(DemandTest, TrucksPerDaySpreadsOverProfileDirectionsAndClasses) {
  std::string errors;
  auto d = Parse(R"(demand:
  name: flat
  trucks_per_day: 2400
  direction_share: {vn_to_cn: 0.25, cn_to_vn: 0.75}
  profile: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]
  class_share: {truck: 0.5, container: 0.5}
  inspection_share: {xray: 0.3, quarantine: 0.1}
  perishable_share: 0.2
)",
                 &errors);
  ASSERT_TRUE(d) << errors;
  EXPECT_EQ(d->name, "flat");
  EXPECT_NEAR(d->TrucksPerDay(), 2400, 1e-9);
  EXPECT_NEAR(d->TrucksPerDay(Direction::kVnToCn), 600, 1e-9);
  // 2400/day flat = 100/h; a quarter exports, half of those containers
  EXPECT_NEAR(d->arrivals_per_hour[0][static_cast<int>(VehicleClass::kContainer)][13], 12.5, 1e-12);
  EXPECT_EQ(d->arrivals_per_hour[0][static_cast<int>(VehicleClass::kTanker)][13], 0);
  EXPECT_DOUBLE_EQ(d->inspection_share[1][static_cast<int>(BoothKind::kXray)], 0.3);
  EXPECT_DOUBLE_EQ(d->inspection_share[0][static_cast<int>(BoothKind::kWeighbridge)], 0);
  EXPECT_NEAR(d->inspection_share[0][static_cast<int>(BoothKind::kDocuments)], 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(d->perishable_share, 0.2);
  EXPECT_DOUBLE_EQ(d->yard_share, 0.08);  // the default
}

TEST(DemandTest, DefaultProfileHasTwoPeaksAndMeanOne) {
  const auto& p = DefaultProfile();
  double sum = 0;
  for (double w : p) sum += w;
  EXPECT_NEAR(sum, 24, 1e-9);
  EXPECT_GT(p[9], 3 * p[3]);   // morning peak over the night
  EXPECT_GT(p[15], 3 * p[3]);  // afternoon peak
  EXPECT_LT(p[12], p[9]);      // midday dip
  EXPECT_NEAR(DefaultDemand(800).TrucksPerDay(), 800, 1e-9);
}

TEST(DemandTest, ExplicitTableAndServiceOverrides) {
  std::string errors;
  auto d = Parse(R"(demand:
  arrivals_per_hour:
    cn_to_vn:
      tanker: [0,0,0,0,0,0,0,0,5,5,0,0,0,0,0,0,0,0,0,0,0,0,0,0]
  service:
    booth.L01: {dist: exponential, mean_s: 90}
)",
                 &errors);
  ASSERT_TRUE(d) << errors;
  EXPECT_DOUBLE_EQ(d->TrucksPerDay(), 10);
  EXPECT_DOUBLE_EQ(d->arrivals_per_hour[1][static_cast<int>(VehicleClass::kTanker)][9], 5);
  ASSERT_EQ(d->service.count("booth.L01"), 1u);
  EXPECT_EQ(d->service.at("booth.L01").dist, world::ServiceTime::Dist::kExponential);
  EXPECT_DOUBLE_EQ(d->service.at("booth.L01").mean_s, 90);
  EXPECT_EQ(d->service_loc.at("booth.L01").line, 6);
}

TEST(DemandTest, ErrorsNameTheLineAndWhatToFix) {
  EXPECT_NE(ErrorsOf("demand:\n  name: x\n").find("d.yaml:2:3: demand: missing the arrivals"), std::string::npos)
      << ErrorsOf("demand:\n  name: x\n");
  EXPECT_NE(ErrorsOf("demand:\n  trucks_per_day: 5\n  arrivals_per_hour: {}\n").find("not both"), std::string::npos);
  EXPECT_NE(ErrorsOf("demand:\n  trucks_per_day: -5\n").find("d.yaml:2:19: demand: trucks_per_day must be >= 0"),
            std::string::npos)
      << ErrorsOf("demand:\n  trucks_per_day: -5\n");
  EXPECT_NE(
      ErrorsOf("demand:\n  trucks_per_day: 5\n  profile: [1, 2]\n").find("d.yaml:3:12: profile: expected a list of 24"),
      std::string::npos)
      << ErrorsOf("demand:\n  trucks_per_day: 5\n  profile: [1, 2]\n");
  EXPECT_NE(ErrorsOf("demand:\n  trucks_per_day: 5\n  direction_share: {vn_to_cn: 0.5, cn_to_vn: 0.6}\n")
                .find("d.yaml:3:20: direction_share: the shares must sum to 1, they sum to 1.1"),
            std::string::npos)
      << ErrorsOf("demand:\n  trucks_per_day: 5\n  direction_share: {vn_to_cn: 0.5, cn_to_vn: 0.6}\n");
  EXPECT_NE(ErrorsOf("demand:\n  trucks_per_day: 5\n  class_share: {lorry: 1}\n").find("lorry"), std::string::npos);
  EXPECT_NE(ErrorsOf("demand:\n  trucks_per_day: 5\n  yard_share: 1.5\n").find("yard_share must be a share in [0, 1]"),
            std::string::npos);
  EXPECT_NE(
      ErrorsOf("demand:\n  trucks_per_day: 5\n  inspection_share: {xray: 0.7, quarantine: 0.6}\n").find("above 1"),
      std::string::npos);
  EXPECT_NE(ErrorsOf("demand:\n  trucks_per_day: 5\n  service:\n    b1: {dist: gamma, mean_s: 3}\n").find("gamma"),
            std::string::npos);
  EXPECT_NE(ErrorsOf("demand:\n  trucks_per_day: 5\n  colour: red\n").find("colour"), std::string::npos);
  EXPECT_NE(ErrorsOf("demand: [1\n").find("d.yaml:"), std::string::npos);
  EXPECT_NE(ErrorsOf("- 1\n").find("demand file"), std::string::npos);
  EXPECT_NE(ErrorsOf("trucks_per_day: 5\n").find("trucks_per_day"), std::string::npos);
}

TEST(DemandTest, MissingFileSaysSo) {
  world::Diagnostics diags;
  EXPECT_FALSE(LoadDemand("/nonexistent/demand.yaml", &diags));
  const auto errors = diags.TakeSorted({});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].ToString().find("/nonexistent/demand.yaml"), std::string::npos);
}

TEST(DemandTest, WrittenDemandReadsBackTheSame) {
  Demand d = DefaultDemand(1234.5).Scaled(1.1);
  d.name = "Tết peak \"pre-holiday\"";
  d.names = {"Cao điểm Tết", "春节前高峰", "Pre-Tết peak"};
  d.perishable_share = 0.31;
  d.service["booth.L03"] = {world::ServiceTime::Dist::kLognormal, 281.25, 97.5, 0, 0};
  d.service["booth.L05"] = {world::ServiceTime::Dist::kUniform, 50, 0, 30, 70};
  const std::string text = WriteDemand(d);
  std::string errors;
  auto back = Parse(text, &errors);
  ASSERT_TRUE(back) << errors << text;
  EXPECT_EQ(back->name, d.name);
  EXPECT_EQ(back->names.zh, d.names.zh);
  EXPECT_EQ(back->arrivals_per_hour, d.arrivals_per_hour);
  EXPECT_EQ(back->inspection_share, d.inspection_share);
  EXPECT_EQ(back->perishable_share, d.perishable_share);
  EXPECT_EQ(back->yard_share, d.yard_share);
  ASSERT_EQ(back->service.size(), 2u);
  EXPECT_EQ(back->service.at("booth.L03").sd_s, 97.5);
  EXPECT_EQ(back->service.at("booth.L05").max_s, 70);
  EXPECT_EQ(WriteDemand(*back), text);
}

// found by demand_fuzz: a day with no trucks was written as a key with nothing under it
TEST(DemandTest, ADayWithNoTrucksWritesAndReadsBack) {
  std::string errors;
  auto d = Parse("demand:\n  trucks_per_day: 0\n", &errors);
  ASSERT_TRUE(d) << errors;
  const std::string text = WriteDemand(*d);
  auto back = Parse(text, &errors);
  ASSERT_TRUE(back) << errors << text;
  EXPECT_EQ(back->TrucksPerDay(), 0);
  EXPECT_EQ(WriteDemand(*back), text);
}

// found by demand_fuzz: 24 weights near the largest double summed to inf and made every hour 0
TEST(DemandTest, HugeProfileWeightsAreStillRelative) {
  std::string profile = "[";
  for (int h = 0; h < 24; ++h) profile += (h ? ", " : "") + std::string(h == 8 ? "1.5e308" : "1e308");
  std::string errors;
  auto d = Parse("demand:\n  trucks_per_day: 2400\n  profile: " + profile + "]\n", &errors);
  ASSERT_TRUE(d) << errors;
  EXPECT_NEAR(d->TrucksPerDay(), 2400, 1e-6);
  const double hour_8 = d->arrivals_per_hour[0][0][8] / d->arrivals_per_hour[0][0][7];
  EXPECT_NEAR(hour_8, 1.5, 1e-12);
}

TEST(DemandTest, ServiceOverridesMustNameBoothsOfTheWorld) {
  std::string errors;
  auto d = Parse("demand:\n  trucks_per_day: 5\n  service:\n    booth.X9: {dist: fixed, mean_s: 3}\n", &errors);
  ASSERT_TRUE(d) << errors;
  world::World w;
  w.name = "w";
  w.phase = "p";
  w.Reindex();
  std::vector<std::string> problems;
  EXPECT_FALSE(CheckDemandAgainstWorld(*d, w, &problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("d.yaml:4:5: service: booth 'booth.X9' is not in world"), std::string::npos)
      << problems[0];
}

}  // namespace
}  // namespace gatetwin::replay::sim
