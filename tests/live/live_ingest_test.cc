// Live ingest without a broker: the contract's rules over a sliding window, pushed replay, latency and clock skew.
#include "replay/live/live_ingest.h"

#include <gtest/gtest.h>

#include <string>

#include "replay/quarantine.h"
#include "replay/session.h"
#include "tests/live/live_test_support.h"

namespace gatetwin::replay::live {
namespace {

using testing::GateWorld;

// µs of 2026-01-15T08:00:00+07:00 plus `s` seconds
int64_t At(double s) { return 1768438800LL * 1'000'000 + static_cast<int64_t>(s * 1e6); }

std::string Read(const std::string& sensor, const std::string& plate, double s) {
  return R"({"ts":")" + engine::FormatRfc3339(At(s)) + R"(","sensor":")" + sensor +
         R"(","kind":"plate_read","plate":")" + plate + R"(","conf":0.95,"vehicle_class":"truck"})";
}

class LiveIngestTest : public ::testing::Test {
 protected:
  LiveIngestTest() : ingest_(GateWorld(), &queue_, IngestOptions{}, &quarantine_, nullptr) {}
  // receives `line` as if it arrived 50 ms after its ts (or at `recv_s`)
  void Receive(const std::string& line, double recv_s) { ingest_.Receive(At(recv_s), "gate/test", line); }

  EventQueue queue_;
  QuarantineCollector quarantine_;
  LiveIngest ingest_;
};

TEST_F(LiveIngestTest, JudgesEachMessageByTheContractsRules) {
  Receive(Read("anpr.cn_to_vn.entry.L02", "A1", 0), 0.05);
  Receive(Read("anpr.cn_to_vn.entry.L02", "A1", 0), 0.06);    // duplicate
  Receive(Read("anpr.cn_to_vn.entry.L04", "B2", 10), 10.05);  // newest is now t=10
  Receive(Read("anpr.cn_to_vn.entry.L02", "C3", 9), 10.06);   // 1 s behind: within the window, applied
  Receive(Read("anpr.cn_to_vn.entry.L02", "D4", 7), 10.07);   // 3 s behind: late
  Receive(Read("anpr.cn_to_vn.entry.L02", "A1", 0), 10.08);   // the early duplicate, now beyond the window: late
  Receive(Read("anpr.nowhere", "E5", 10), 10.09);             // unknown sensor
  Receive(R"({"ts":"2026-01-15T08:00:10+07:00","sensor":"anpr.cn_to_vn.entry.L02","kind":"teleport"})", 10.1);
  Receive("{not json", 10.11);
  Receive(Read("anpr.cn_to_vn.entry.L02", "F6", 10) + "\n", 10.12);  // a trailing newline is not part of it

  const FeedCounts& c = queue_.counts;
  EXPECT_EQ(c.read, 10u);
  EXPECT_EQ(c.accepted, 4u);
  EXPECT_EQ(c.Of(Reason::kDuplicate), 1u);
  EXPECT_EQ(c.Of(Reason::kLate), 2u);
  EXPECT_EQ(c.Of(Reason::kUnknownSensor), 1u);
  EXPECT_EQ(c.Of(Reason::kUnknownKind), 1u);
  EXPECT_EQ(c.Of(Reason::kMalformed), 1u);
  EXPECT_EQ(c.read, c.accepted + c.RejectedTotal());
  ASSERT_EQ(quarantine_.records().size(), 6u);
  EXPECT_EQ(quarantine_.records()[0].line, 2u);  // the message number names it
  EXPECT_EQ(quarantine_.records()[0].source, "live");
  // the event 1 s behind was applied at the newest time (the engine cannot go back)
  ASSERT_EQ(queue_.size(), 4u);
  EXPECT_EQ(queue_.raised(), 1u);
  EXPECT_EQ(queue_.max_raise_us(), 1'000'000);
}

TEST_F(LiveIngestTest, MeasuresLatencyFromReceiveAndFromTheSensor) {
  Receive(Read("anpr.cn_to_vn.entry.L02", "A1", 0), 0.010);
  Receive(Read("anpr.cn_to_vn.entry.L04", "B2", 0), 0.020);
  ingest_.Applied(At(0.030));
  const IngestStats s = ingest_.stats();
  EXPECT_EQ(s.receive_to_applied.count(), 2u);
  EXPECT_NEAR(s.receive_to_applied.max_us(), 20'000, 1);
  EXPECT_NEAR(s.sensor_to_applied.max_us(), 30'000, 1);
  // nothing pending is counted twice
  ingest_.Applied(At(5));
  EXPECT_EQ(ingest_.stats().receive_to_applied.count(), 2u);
}

TEST_F(LiveIngestTest, FindsASensorWhoseClockIsBehind) {
  // eight sensors in step (50 ms transport); one stamps its events 30 s late
  for (int i = 0; i < 200; ++i) {
    const double t = i * 0.5;
    const std::string sensor = std::string("anpr.cn_to_vn.entry.L0") + (i % 2 == 0 ? "2" : "4");
    Receive(Read(sensor, "P" + std::to_string(i), t), t + 0.05);
    if (i % 10 == 0) Receive(Read("anpr.cn_to_vn.booth.L02", "S" + std::to_string(i), t - 30), t + 0.05);
  }
  const IngestStats s = ingest_.stats();
  EXPECT_NEAR(s.common_offset_s, 0.05, 0.01);
  ASSERT_EQ(s.skewed.size(), 1u);
  EXPECT_EQ(s.skewed[0].sensor, "anpr.cn_to_vn.booth.L02");
  EXPECT_NEAR(s.skewed[0].mean_offset_s, 30, 0.1);
  EXPECT_GE(s.skewed[0].events, 15u);  // from when the feed's rate is known (2 s in)
  EXPECT_NEAR(s.feed_rate, 1.0, 0.01);
}

TEST_F(LiveIngestTest, ComparesNoClocksInAFeedPlayedFasterThanRealTime) {
  // the same feed played at 60x: 30 s of clock error is half a wall second, as is jitter there
  for (int i = 0; i < 2000; ++i) {
    const double t = i * 0.5;
    const std::string sensor = std::string("anpr.cn_to_vn.entry.L0") + (i % 2 == 0 ? "2" : "4");
    Receive(Read(sensor, "P" + std::to_string(i), t), t / 60 + 0.05);
    if (i % 10 == 0) Receive(Read("anpr.cn_to_vn.booth.L02", "S" + std::to_string(i), t - 30), t / 60 + 0.05);
  }
  const IngestStats s = ingest_.stats();
  EXPECT_NEAR(s.feed_rate, 60, 1);
  EXPECT_EQ(s.clock_events, 0u);
  EXPECT_TRUE(s.skewed.empty());
}

TEST(PushedReplay, AppliesEventsAsTheyArriveAndIsDoneOnlyWhenClosed) {
  auto queue = std::make_shared<EventQueue>();
  ReplayOptions options;
  options.pushed = queue;
  options.pushed_name = "test";
  Replay replay(GateWorld(), options);
  std::vector<std::string> errors;
  ASSERT_TRUE(replay.Open(&errors));
  LiveIngest ingest(GateWorld(), queue.get(), IngestOptions{}, nullptr, nullptr);
  EXPECT_FALSE(replay.done());
  ingest.Receive(At(0.1), "t", Read("anpr.cn_to_vn.entry.L02", "29C12345", 0));
  replay.AdvanceTo(queue->last_pushed_us());
  EXPECT_EQ(replay.engine().active_count(), 1);
  ingest.Receive(At(0.2), "t", Read("anpr.cn_to_vn.entry.L04", "29C67890", 60));
  replay.AdvanceTo(queue->last_pushed_us());
  EXPECT_EQ(replay.engine().active_count(), 2);
  EXPECT_EQ(replay.engine().now_us(), At(60));
  EXPECT_FALSE(replay.done());
  queue->Close();
  EXPECT_TRUE(replay.done());
  const Report report = replay.Finish();
  EXPECT_EQ(report.events.read, 2u);
  EXPECT_EQ(report.events.applied, 2u);
  EXPECT_EQ(report.vehicles_seen, 2u);
  ASSERT_EQ(report.feeds.size(), 1u);
  EXPECT_EQ(report.feeds[0], "test");
}

TEST(LatencyHistogram, PercentilesAreWithinThreePercent) {
  LatencyHistogram h;
  for (int64_t us = 1; us <= 100'000; ++us) h.Add(us);
  EXPECT_EQ(h.count(), 100'000u);
  EXPECT_EQ(h.max_us(), 100'000);
  for (double p : {50.0, 95.0, 99.0}) {
    const double want = p * 1000;
    EXPECT_GE(static_cast<double>(h.PercentileUs(p)), want * 0.999) << p;
    EXPECT_LE(static_cast<double>(h.PercentileUs(p)), want * 1.03) << p;
  }
  h.Add(-5);
  EXPECT_EQ(h.negative(), 1u);
}

}  // namespace
}  // namespace gatetwin::replay::live
