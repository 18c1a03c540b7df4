// The recorder on a thread of its own: live ingest hands it rows, so SQLite never delays the twin.
#include "replay/live/recording_thread.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <utility>

namespace gatetwin::replay::live {
namespace {

// how often an idle thread lets the recorder commit a batch that has grown old (batch_ms)
constexpr auto kIdleFlushEvery = std::chrono::milliseconds(20);

}  // namespace

RecordingThread::RecordingThread(std::unique_ptr<Recorder> recorder)
    : recorder_(std::move(recorder)), thread_([this] { Run(); }) {}

RecordingThread::~RecordingThread() { Finish(); }

const std::string& RecordingThread::path() const { return recorder_->path(); }

void RecordingThread::Submit(std::vector<RecordRow>* rows) {
  if (rows->empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiting_.empty()) {
      waiting_.swap(*rows);
    } else {
      waiting_.insert(waiting_.end(), std::make_move_iterator(rows->begin()), std::make_move_iterator(rows->end()));
    }
    max_waiting_rows_ = std::max<uint64_t>(max_waiting_rows_, waiting_.size());
  }
  rows->clear();
  wake_.notify_one();
}

void RecordingThread::Run() {
  std::vector<RecordRow> rows;
  while (true) {
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, kIdleFlushEvery, [this] { return stop_ || !waiting_.empty(); });
      rows.swap(waiting_);
      stopping = stop_;
    }
    for (const RecordRow& r : rows) {
      recorder_->Add(r.recv_unix_us, r.topic, r.raw, r.decoded ? &r.event : nullptr, r.reason, r.detail);
    }
    rows.clear();
    if (stopping) break;
    recorder_->Flush();
  }
  recorder_->Commit();
}

RecordingThreadStats RecordingThread::Finish() {
  if (finished_) return final_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  finished_ = true;
  final_.rows_added = recorder_->rows_added();
  final_.rows_committed = recorder_->rows_committed();
  final_.error = recorder_->error();
  final_.max_waiting_rows = max_waiting_rows_;
  return final_;
}

}  // namespace gatetwin::replay::live
