// The microsimulation: determinism, car following, lane choice, booths, and what its sensors report.
#include "replay/sim/microsim.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "tests/unit/sim/sim_test_world.h"

namespace gatetwin::replay::sim {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;
using world::ServiceTime;
using Dist = ServiceTime::Dist;
constexpr TimeUs kT0 = kDefaultSynthDayStartUs + 8 * 3600 * kUsPerSecond;

Demand NoDemand() {
  Demand d = DefaultDemand(0);
  d.inspection_share = {};  // documents only
  d.yard_share = 0;
  d.gps_share = 0;
  return d;
}

SimOptions Explicit(std::vector<TimeUs> times_s_after_t0) {
  SimOptions o;
  o.start_us = kT0;
  o.duration_us = 3600 * kUsPerSecond;
  for (TimeUs s : times_s_after_t0) {
    Arrival a;
    a.t_us = kT0 + s * kUsPerSecond;
    a.dir = world::Direction::kVnToCn;
    o.arrivals.push_back(a);
  }
  return o;
}

double Seconds(TimeUs us) { return static_cast<double>(us) / 1e6; }

TEST(MicrosimTest, SameInputsGiveTheSameFeed) {
  const world::World w = testing::BankWorld(3, 150, {Dist::kLognormal, 90, 40, 0, 0});
  Demand d = DefaultDemand(600);
  SimOptions o;
  o.duration_us = 6 * 3600 * kUsPerSecond;
  std::ostringstream a, b, c;
  const SimResult ra = Simulate(w, d, o, a);
  Simulate(w, d, o, b);
  o.seed = 2;
  Simulate(w, d, o, c);
  EXPECT_GT(ra.feed.events, 100);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_NE(a.str(), c.str());
}

TEST(MicrosimTest, AFreeTruckDrivesAtTheSpeedLimit) {
  const world::World w = testing::BankWorld(1, -1, {});
  std::ostringstream feed;
  const SimResult r = Simulate(w, NoDemand(), Explicit({0}), feed);
  ASSERT_EQ(r.trips.size(), 1u);
  const SimTrip& t = r.trips[0];
  // entry camera at 1 m, exit at 295 m, 30 km/h and nothing in the way
  EXPECT_NEAR(Seconds(t.exit_us - t.entry_us), 294 / (30 / 3.6), 0.01);
  EXPECT_NEAR(Seconds(t.exit_us - t.entry_us), t.free_flow_s, 0.01);
  // its sensors said so: two plate reads, in order
  const std::string text = feed.str();
  EXPECT_LT(text.find("anpr.entry.L1"), text.find("anpr.exit.L1")) << text;
}

TEST(MicrosimTest, TrucksQueueAtABusyBoothFirstComeFirstServed) {
  // one booth 150 m down the lane, a fixed minute of service, three trucks 2 s apart
  const world::World w = testing::BankWorld(1, 150, {Dist::kFixed, 60, 0, 0, 0});
  std::ostringstream feed;
  const SimResult r = Simulate(w, NoDemand(), Explicit({0, 2, 4}), feed);
  ASSERT_EQ(r.trips.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(Seconds(r.trips[i].service_end_us - r.trips[i].service_start_us), 60, 1e-6);
    EXPECT_GT(r.trips[i].exit_us, r.trips[i].service_end_us);
  }
  for (size_t i = 1; i < 3; ++i) {
    // the next starts once the one ahead has pulled away and it has crept up to the line
    const double gap_s = Seconds(r.trips[i].service_start_us - r.trips[i - 1].service_end_us);
    EXPECT_GT(gap_s, 0);
    EXPECT_LT(gap_s, 15);
    EXPECT_GT(r.trips[i].exit_us, r.trips[i - 1].exit_us);
  }
  // the first one drove straight in: no queue delay beyond braking to the line
  EXPECT_LT(Seconds(r.trips[0].service_start_us - r.trips[0].entry_us), 149 / (30 / 3.6) + 8);
  // a barrier opened for each at the end of its service
  size_t opens = 0;
  for (size_t p = feed.str().find("\"state\":\"open\""); p != std::string::npos;
       p = feed.str().find("\"state\":\"open\"", p + 1)) {
    ++opens;
  }
  EXPECT_EQ(opens, 3u);
}

TEST(MicrosimTest, DriversTakeTheShortestQueueAmongTheirBooths) {
  // two documents booths and one X-ray booth; documents trucks never use the X-ray lane
  world::World w = testing::BankWorld(3, 150, {Dist::kFixed, 300, 0, 0, 0});
  w.booths[2].kind = world::BoothKind::kXray;
  std::ostringstream feed;
  std::vector<TimeUs> times;
  for (int i = 0; i < 6; ++i) times.push_back(i * 3);
  const SimResult r = Simulate(w, NoDemand(), Explicit(times), feed);
  int per_lane[3] = {0, 0, 0};
  for (const SimTrip& t : r.trips) ++per_lane[t.lane];
  EXPECT_EQ(per_lane[0], 3);
  EXPECT_EQ(per_lane[1], 3);
  EXPECT_EQ(per_lane[2], 0);
}

TEST(MicrosimTest, ALayoutWithoutTheBoothKindSendsTrucksToDocuments) {
  world::World w = testing::BankWorld(2, 150, {Dist::kFixed, 30, 0, 0, 0});
  w.booths[0].kind = world::BoothKind::kXray;
  Demand d = NoDemand();
  std::ostringstream feed;
  SimOptions o = Explicit({0, 60, 120});
  for (auto& a : o.arrivals) a.inspection = static_cast<int>(world::BoothKind::kQuarantine);
  const SimResult r = Simulate(w, d, o, feed);
  for (const SimTrip& t : r.trips) EXPECT_EQ(t.lane, 1) << "quarantine trucks go to the documents booth";
}

TEST(MicrosimTest, AClassNoLaneAllowsNeverComesThrough) {
  world::World w = testing::BankWorld(1, 150, {Dist::kFixed, 30, 0, 0, 0});
  w.lanes[0].allowed_classes = 1u << static_cast<int>(world::VehicleClass::kTruck);
  SimOptions o = Explicit({0, 10});
  o.arrivals[1].vehicle_class = world::VehicleClass::kBus;
  std::ostringstream feed;
  const SimResult r = Simulate(w, NoDemand(), o, feed);
  ASSERT_EQ(r.trips.size(), 2u);
  EXPECT_FALSE(r.trips[0].unroutable);
  EXPECT_GE(r.trips[0].exit_us, 0);
  EXPECT_TRUE(r.trips[1].unroutable);
  EXPECT_EQ(r.trips[1].lane, -1);
  EXPECT_EQ(r.unroutable, 1);
}

TEST(MicrosimTest, NoTruckOvertakesOrBeatsFreeFlow) {
  // a busy morning on two lanes
  world::World w = testing::BankWorld(2, 200, {Dist::kExponential, 120, 0, 0, 0});
  std::ostringstream feed;
  SimOptions o;
  o.duration_us = 4 * 3600 * kUsPerSecond;
  const SimResult r = Simulate(w, DefaultDemand(2000), o, feed);
  ASSERT_GT(r.trips.size(), 100u);
  // per lane, exits keep the order of entries (no overtaking) and no trip is faster than free flow
  for (int lane = 0; lane < 2; ++lane) {
    std::vector<const SimTrip*> on;
    for (const SimTrip& t : r.trips) {
      if (t.lane == lane && t.exit_us >= 0) on.push_back(&t);
    }
    std::sort(on.begin(), on.end(), [](auto* a, auto* b) { return a->entry_us < b->entry_us; });
    for (size_t i = 1; i < on.size(); ++i) EXPECT_GT(on[i]->exit_us, on[i - 1]->exit_us);
    for (const SimTrip* t : on) EXPECT_GE(Seconds(t->exit_us - t->entry_us) + 1e-3, t->free_flow_s);
  }
}

}  // namespace
}  // namespace gatetwin::replay::sim

namespace gatetwin::replay::sim {
namespace {

// issues each of `commands` once, at its time
class Script final : public Controller {
 public:
  explicit Script(std::vector<std::pair<TimeUs, Command>> commands) : commands_(std::move(commands)) {}
  void Step(const GateView& view, std::vector<Command>* out) override {
    for (auto& [t, c] : commands_) {
      if (t < 0 || t > view.t_us) continue;
      out->push_back(c);
      t = -1;
    }
  }
  TimeUs NextDueUs() const override {
    TimeUs due = std::numeric_limits<TimeUs>::max();
    for (const auto& [t, c] : commands_) {
      if (t >= 0) due = std::min(due, t);
    }
    return due;
  }

 private:
  std::vector<std::pair<TimeUs, Command>> commands_;
};

Command LaneCommand(Command::Kind kind, int lane, int tag) {
  Command c;
  c.kind = kind;
  c.target = lane;
  c.tag = tag;
  return c;
}

// ten imports a minute apart, and one export on the tidal strip when it is reversed
SimOptions TidalDay() {
  SimOptions o = Explicit({0, 1});  // two exports: one on L1, one on T
  for (int i = 0; i < 10; ++i) {
    Arrival a;
    a.t_us = kT0 + (30 + 60 * i) * kUsPerSecond;
    a.dir = world::Direction::kCnToVn;
    o.arrivals.push_back(a);
  }
  return o;
}

// mean time from arrival to exit of the imports
double ImportHours(const SimResult& r) {
  double sum = 0;
  int n = 0;
  for (const SimTrip& t : r.trips) {
    if (t.dir != world::Direction::kCnToVn) continue;
    EXPECT_GT(t.exit_us, 0) << "every import gets through";
    sum += Seconds(t.exit_us - t.arrival_us) / 3600;
    ++n;
  }
  return n ? sum / n : 0;
}

TEST(MicrosimTest, AStandbyTidalLaneStaysClosedUntilReversed) {
  const world::World w = testing::TidalBankWorld();
  std::ostringstream feed;
  const SimResult r = Simulate(w, NoDemand(), TidalDay(), feed);
  for (const SimTrip& t : r.trips) {
    if (t.dir == world::Direction::kCnToVn) {
      EXPECT_EQ(t.lane, 2) << "imports queue on L3: TR is on standby";
    }
  }
}

TEST(MicrosimTest, ReversingATidalLaneOpensTheOtherSideOnceTheStripIsClear) {
  const world::World w = testing::TidalBankWorld();
  std::ostringstream feed;
  const SimResult before = Simulate(w, NoDemand(), TidalDay(), feed);
  SimOptions o = TidalDay();
  Script script({{kT0 + 10 * kUsPerSecond, LaneCommand(Command::Kind::kReverseLane, 1, 1)},
                 {kT0 + 10 * kUsPerSecond, LaneCommand(Command::Kind::kOpenLane, 1, 2)},
                 {kT0 + 10 * kUsPerSecond, LaneCommand(Command::Kind::kReverseLane, 0, 3)}});
  o.controller = &script;
  const SimResult r = Simulate(w, NoDemand(), o, feed);
  TimeUs strip_clear_us = -1;  // when the last export on T left it
  int on_tr = 0;
  TimeUs first_on_tr_us = std::numeric_limits<TimeUs>::max();
  for (const SimTrip& t : r.trips) {
    if (t.lane == 1) strip_clear_us = std::max(strip_clear_us, t.exit_us);
    if (t.lane == 3) ++on_tr, first_on_tr_us = std::min(first_on_tr_us, t.lane_us);
  }
  ASSERT_GT(strip_clear_us, 0) << "an export was on T when it was reversed";
  EXPECT_GT(on_tr, 2) << "imports use the reversed lane";
  EXPECT_GE(first_on_tr_us, strip_clear_us) << "the strip clears before it opens the other way";
  EXPECT_LT(ImportHours(r), ImportHours(before) * 0.8) << "a second import lane cuts their time";
  // T is now the standby side: opening it is refused, and L1 has no partner to reverse to
  ASSERT_EQ(r.refusals.size(), 2u);
  EXPECT_EQ(r.refusals[0].tag, 2);
  EXPECT_EQ(r.refusals[0].reason, "lane T is the standby side of a tidal lane: reverse the lane to use it");
  EXPECT_EQ(r.refusals[1].tag, 3);
  EXPECT_EQ(r.refusals[1].reason, "lane L1 is not a tidal lane");
}

TEST(MicrosimTest, LaneSignalsShowAReversalAsClosedThenAmberThenGreen) {
  const world::World w = testing::TidalBankWorld();  // lanes L1, T, L3, TR (T and TR one strip)
  std::ostringstream feed;
  SimOptions o = TidalDay();
  const TimeUs reverse_us = kT0 + 10 * kUsPerSecond;
  Script script({{reverse_us, LaneCommand(Command::Kind::kReverseLane, 1, 1)},
                 {reverse_us, LaneCommand(Command::Kind::kCloseLane, 0, 2)}});
  o.controller = &script;
  const SimResult r = Simulate(w, NoDemand(), o, feed);
  TimeUs strip_clear_us = -1;
  for (const SimTrip& t : r.trips) {
    if (t.lane == 1) strip_clear_us = std::max(strip_clear_us, t.exit_us);
  }
  ASSERT_GT(strip_clear_us, reverse_us);
  using S = LaneSignal;
  const auto at = [&](TimeUs t) { return LaneSignalsAt(r.lane_signals, w.lanes.size(), t); };
  // before: T open for exports, its other side TR on standby
  EXPECT_EQ(at(kT0), (std::vector<S>{S::kOpen, S::kOpen, S::kOpen, S::kClosed}));
  EXPECT_EQ(at(kT0 - kUsPerSecond), at(kT0)) << "before the run, its start";
  // reversed: T closes at once, TR waits (amber) while exports are still on the strip
  EXPECT_EQ(at(reverse_us), (std::vector<S>{S::kClosed, S::kClosed, S::kOpen, S::kOpening}));
  // TR opens at the first step after the last export has left the strip
  const TimeUs opened_us = r.lane_signals.back().t_us;
  EXPECT_EQ(r.lane_signals.back().lane, 3);
  EXPECT_EQ(r.lane_signals.back().signal, S::kOpen);
  EXPECT_GE(opened_us, strip_clear_us);
  EXPECT_LE(opened_us, strip_clear_us + kUsPerSecond);
  EXPECT_EQ(at(opened_us - 1)[3], S::kOpening);
  // the start's four signals, three at the commands (L1, T, TR), one when TR opened; nothing else
  EXPECT_EQ(r.lane_signals.size(), 8u);
  // an undisturbed run only carries the start's signals
  EXPECT_EQ(Simulate(w, NoDemand(), TidalDay(), feed).lane_signals.size(), 4u);
}

}  // namespace
}  // namespace gatetwin::replay::sim
