// The recording thread: every row handed over is committed in order, also when no more arrive.
#include "replay/live/recording_thread.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "replay/recording_reader.h"
#include "tests/live/live_test_support.h"

namespace gatetwin::replay::live {
namespace {

using testing::GateWorld;
using testing_util::TempPath;

std::vector<RecordRow> Rows(int first, int n) {
  std::vector<RecordRow> rows;
  for (int i = first; i < first + n; ++i) {
    RecordRow& r = rows.emplace_back();
    r.recv_unix_us = 1'768'442'400'000'000 + i;
    r.topic = "gate/test";
    r.raw = "line " + std::to_string(i);  // not a feed line: recorded as received, undecoded
    r.reason = Reason::kMalformed;
    r.detail = "not JSON";
  }
  return rows;
}

std::vector<std::string> RecordedRaw(const std::string& path) {
  std::string error;
  auto reader = RecordingReader::Open(path, &error);
  EXPECT_TRUE(reader) << error;
  std::vector<std::string> raw;
  if (!reader || !reader->BeginRows(RowRange{}, false)) return raw;
  int64_t id = 0;
  std::string_view line;
  while (reader->NextRaw(&id, &line)) raw.emplace_back(line);
  return raw;
}

std::unique_ptr<Recorder> NewRecorder(const std::string& path) {
  std::string error;
  RecorderOptions options;
  options.batch_rows = 1000;  // so only the batch age commits the rows below
  options.batch_ms = 50;
  auto recorder = Recorder::Create(GateWorld(), path, options, /*overwrite=*/true, &error);
  EXPECT_TRUE(recorder) << error;
  return recorder;
}

TEST(RecordingThread, CommitsEveryRowInTheOrderHandedOver) {
  const std::string path = TempPath("thread_order.sqlite");
  RecordingThread thread(NewRecorder(path));
  for (int k = 0; k < 50; ++k) {
    std::vector<RecordRow> rows = Rows(k * 40, 40);
    thread.Submit(&rows);
    EXPECT_TRUE(rows.empty());
  }
  const RecordingThreadStats stats = thread.Finish();
  EXPECT_EQ(stats.rows_added, 2000u);
  EXPECT_EQ(stats.rows_committed, 2000u);
  EXPECT_TRUE(stats.error.empty()) << stats.error;
  EXPECT_GE(stats.max_waiting_rows, 40u);
  const std::vector<std::string> raw = RecordedRaw(path);
  ASSERT_EQ(raw.size(), 2000u);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(raw[i], "line " + std::to_string(i));
  EXPECT_EQ(thread.Finish().rows_committed, 2000u);  // a second Finish says the same
}

TEST(RecordingThread, CommitsAnOldBatchWhenNoMoreRowsArrive) {
  const std::string path = TempPath("thread_idle.sqlite");
  RecordingThread thread(NewRecorder(path));
  std::vector<RecordRow> rows = Rows(0, 10);
  thread.Submit(&rows);
  // the batch (10 of 1000 rows) is due by age only: the idle thread must commit it by itself
  std::vector<std::string> raw;
  for (int i = 0; i < 100 && raw.size() < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    raw = RecordedRaw(path);
  }
  EXPECT_EQ(raw.size(), 10u);
}

}  // namespace
}  // namespace gatetwin::replay::live
