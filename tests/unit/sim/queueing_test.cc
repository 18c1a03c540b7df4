// Queueing theory checks of the microsimulation: Erlang C for a bank of booths, a lane's capacity.
//
// The booths' bank is M/M/c once the lanes hold no queue (the booth stands 10 m into its lane,
// so a lane has room only when its booth is free): trucks wait, first come first served, in
// the common area upstream, exactly Erlang's model. Each service holds its lane a few seconds
// longer than the service itself (the truck drives in and pulls away), so the test measures
// that holding time and compares with the Erlang C wait for it, corrected for its lower
// variability by Allen–Cunneen's (1 + cv²)/2 (exact for one server, Pollaczek–Khinchine).
// The confidence: the mean wait of 20 batches of trucks, at 99 % (Student's t, 19 dof).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

#include "replay/sim/microsim.h"
#include "tests/unit/sim/sim_test_world.h"

namespace gatetwin::replay::sim {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;
using world::ServiceTime;

// Erlang C's mean wait in queue, seconds, for arrival rate λ and service rate μ (per s), c servers.
double ErlangCWaitS(double lambda, double mu, int c) {
  const double a = lambda / mu, rho = a / c;
  double term = 1, sum = 0;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term / (1 - rho);
  const double p_wait = tail / (sum + tail);
  return p_wait / (c * mu - lambda);
}

struct BankRun {
  double wait_mean_s = 0, wait_ci_s = 0;  // measured mean wait and its 99 % half-width
  double holding_mean_s = 0, holding_cv2 = 0;
  double lambda_per_s = 0;
  size_t trucks = 0;
};

BankRun RunBank(int booths, double service_mean_s, double rho, int days) {
  const world::World w = testing::BankWorld(booths, 10, {ServiceTime::Dist::kExponential, service_mean_s, 0, 0, 0});
  // a first guess of the holding time sets the arrival rate for the wanted load
  const double lambda = rho * booths / (service_mean_s + 8);
  Demand d = DefaultDemand(0);
  d.inspection_share = {};  // documents only
  d.yard_share = 0;
  d.gps_share = 0;
  for (auto& rate : d.arrivals_per_hour[0][0]) rate = lambda * 3600;
  SimOptions o;
  o.duration_us = days * 86'400 * kUsPerSecond;
  o.step_s = 0.5;
  std::ostringstream feed;
  const SimResult r = Simulate(w, d, o, feed);

  BankRun out;
  out.lambda_per_s = lambda;
  // holding time of a lane: the truck drives in, is served, and pulls away far enough for the
  // next to enter. Driving out takes the same few seconds every time; it shows (and only
  // shows) where the next truck was waiting, which biases nothing since it does not depend
  // on the service — unlike the whole interval between entries, which would be length-biased.
  std::vector<std::vector<const SimTrip*>> by_lane(static_cast<size_t>(booths));
  for (const SimTrip& t : r.trips) {
    if (t.lane >= 0 && t.service_end_us >= 0) by_lane[static_cast<size_t>(t.lane)].push_back(&t);
  }
  double out_sum = 0;
  int out_n = 0;
  for (auto& lane : by_lane) {
    std::sort(lane.begin(), lane.end(), [](auto* a, auto* b) { return a->lane_us < b->lane_us; });
    for (size_t i = 1; i < lane.size(); ++i) {
      if (lane[i]->lane_us - lane[i]->arrival_us > kUsPerSecond) {
        out_sum += static_cast<double>(lane[i]->lane_us - lane[i - 1]->service_end_us) / 1e6;
        ++out_n;
      }
    }
  }
  const double drive_out_s = out_sum / out_n;
  std::vector<double> holding;
  for (auto& lane : by_lane) {
    for (const SimTrip* t : lane)
      holding.push_back(static_cast<double>(t->service_end_us - t->lane_us) / 1e6 + drive_out_s);
  }
  double sum = 0, sum2 = 0;
  for (double h : holding) sum += h, sum2 += h * h;
  out.holding_mean_s = sum / static_cast<double>(holding.size());
  out.holding_cv2 = (sum2 / static_cast<double>(holding.size()) - out.holding_mean_s * out.holding_mean_s) /
                    (out.holding_mean_s * out.holding_mean_s);
  // waits in arrival order, a warm-up left out, in 20 batches
  const size_t warmup = 500;
  std::vector<double> waits;
  for (size_t i = warmup; i < r.trips.size(); ++i) {
    if (r.trips[i].lane_us >= 0) waits.push_back(static_cast<double>(r.trips[i].lane_us - r.trips[i].arrival_us) / 1e6);
  }
  out.trucks = waits.size();
  constexpr int kBatches = 20;
  const size_t per = waits.size() / kBatches;
  double bsum = 0, bsum2 = 0;
  for (int b = 0; b < kBatches; ++b) {
    double m = 0;
    for (size_t i = 0; i < per; ++i) m += waits[static_cast<size_t>(b) * per + i];
    m /= static_cast<double>(per);
    bsum += m;
    bsum2 += m * m;
  }
  out.wait_mean_s = bsum / kBatches;
  const double sd = std::sqrt((bsum2 - bsum * bsum / kBatches) / (kBatches - 1));
  out.wait_ci_s = 2.861 * sd / std::sqrt(static_cast<double>(kBatches));
  return out;
}

TEST(QueueingTest, BankOfBoothsMatchesErlangC) {
  for (const int booths : {1, 3}) {
    const BankRun run = RunBank(booths, 240, 0.75, 60);
    ASSERT_GT(run.trucks, 10'000u);
    const double expected = ErlangCWaitS(run.lambda_per_s, 1 / run.holding_mean_s, booths) * (1 + run.holding_cv2) / 2;
    std::cout << booths << " booths: mean wait " << run.wait_mean_s << " ± " << run.wait_ci_s << " s, Erlang C "
              << expected << " s (holding " << run.holding_mean_s << " s, cv² " << run.holding_cv2 << ")\n";
    EXPECT_NEAR(run.wait_mean_s, expected, run.wait_ci_s)
        << booths << " booths: holding " << run.holding_mean_s << " s (cv² " << run.holding_cv2 << "), " << run.trucks
        << " trucks";
    // the holding time is the service plus a few seconds of driving in and pulling away
    EXPECT_GT(run.holding_mean_s, 240);
    EXPECT_LT(run.holding_mean_s, 240 + 20);
  }
}

// The Intelligent Driver Model's equilibrium flow q(v) = v / (s*(v) + l), s*(v) = (s0 + vT) / √(1 − (v/v0)⁴),
// at its maximum over v: the most a lane can carry.
double IdmCapacityPerS(const IdmParams& p, double v0, double length_m) {
  double best = 0;
  for (int i = 1; i < 1000; ++i) {
    const double v = v0 * i / 1000.0, r = v / v0;
    const double gap = (p.min_gap_m + v * p.time_headway_s) / std::sqrt(1 - r * r * r * r);
    best = std::max(best, v / (gap + length_m));
  }
  return best;
}

TEST(QueueingTest, ASaturatedLaneCarriesTheModelsCapacity) {
  // a lane with no booth and far more demand than it can carry: its exit camera counts the flow
  const world::World w = testing::BankWorld(1, -1, {}, 2000);
  Demand d = DefaultDemand(0);
  d.inspection_share = {};  // documents only
  d.yard_share = 0;
  d.gps_share = 0;
  for (auto& rate : d.arrivals_per_hour[0][0]) rate = 3000;
  SimOptions o;
  o.duration_us = 4 * 3600 * kUsPerSecond;
  o.drain_us = 0;
  std::ostringstream feed;
  const SimResult r = Simulate(w, d, o, feed);
  std::vector<TimeUs> exits;
  for (const SimTrip& t : r.trips) {
    if (t.exit_us >= 0) exits.push_back(t.exit_us);
  }
  std::sort(exits.begin(), exits.end());
  ASSERT_GT(exits.size(), 1000u);
  // the steady part: from the first quarter of the exits to the last
  const size_t from = exits.size() / 4;
  const double flow_per_s =
      static_cast<double>(exits.size() - 1 - from) / (static_cast<double>(exits.back() - exits[from]) / 1e6);
  const double capacity = IdmCapacityPerS(o.idm, 30 / 3.6, 12);
  std::cout << "lane flow " << flow_per_s * 3600 << " veh/h, IDM capacity " << capacity * 3600 << " veh/h\n";
  EXPECT_LE(flow_per_s, capacity * 1.01);
  EXPECT_GE(flow_per_s, capacity * 0.9);
}

}  // namespace
}  // namespace gatetwin::replay::sim
