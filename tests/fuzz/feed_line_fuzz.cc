// libFuzzer target: arbitrary bytes through the JSON-lines and CSV feed paths, with cross-checks.
//
// Checks, beyond "no crash, no sanitizer report": the fast JSON scanner and simdjson agree on
// every line; a reader gives the same counts with either; read == accepted + Σ rejected; every
// quarantine record is valid JSON.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "replay/csv_parser.h"
#include "replay/feed_merger.h"
#include "replay/feed_reader.h"
#include "replay/line_parser.h"
#include "replay/quarantine.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace gatetwin::replay;

using gatetwin::fuzz::TestWorld;

void Check(bool ok, const char* what) { gatetwin::fuzz::Check(ok, "feed_line_fuzz", what); }

// a sink that insists every record it is given formats to valid JSON
class ValidatingSink final : public QuarantineSink {
 public:
  void Write(const QuarantineEntry& entry) override {
    line_.clear();
    FormatQuarantineEntry(entry, &line_);
    simdjson::dom::element doc;
    Check(!parser_.parse(line_).get(doc), "quarantine record is valid JSON");
    ++written_;
  }
  uint64_t written() const { return written_; }

 private:
  simdjson::dom::parser parser_;
  std::string line_;
  uint64_t written_ = 0;
};

FeedCounts Drain(FeedReader& reader) {
  Event e;
  while (reader.Next(&e)) {
  }
  return reader.counts();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& world = TestWorld();
  const std::string text(reinterpret_cast<const char*>(data), size);

  // the whole input as one line: fast scanner vs simdjson
  static LineParser fast(world), slow(world);
  slow.set_fast_path(false);
  Event a, b;
  Doubt da, db;
  const bool ra = fast.Parse(text, &a, &da);
  const bool rb = slow.Parse(text, &b, &db);
  Check(ra == rb, "fast and simdjson verdicts agree");
  if (ra) {
    Check(a.ts_us == b.ts_us && a.sensor == b.sensor && a.kind == b.kind && a.extra == b.extra &&
              HashEventPayload(a) == HashEventPayload(b),
          "fast and simdjson events agree");
  } else {
    Check(da.reason == db.reason && da.detail == db.detail, "fast and simdjson doubts agree");
  }

  // the input as a feed, in small chunks so lines straddle refills
  ReaderOptions options;
  options.chunk_bytes = 257;
  options.max_line_bytes = 128;
  options.reorder_window_us = 2'000'000;
  ValidatingSink sink;
  options.json_fast_path = true;
  auto json_fast = FeedReader::FromString(world, "f.jsonl", text, FeedFormat::kJsonLines, options, &sink);
  options.json_fast_path = false;
  auto json_slow = FeedReader::FromString(world, "f.jsonl", text, FeedFormat::kJsonLines, options, nullptr);
  const FeedCounts cf = Drain(*json_fast);
  const FeedCounts cs = Drain(*json_slow);
  Check(cf.read == cs.read && cf.accepted == cs.accepted && cf.rejected == cs.rejected, "reader counts agree");
  Check(cf.read == cf.accepted + cf.RejectedTotal() && cf.pending == 0, "read == accepted + rejected");
  Check(sink.written() == cf.RejectedTotal() - cf.Of(Reason::kOutsideRange), "every rejection quarantined");

  // the same bytes as CSV and through the merger (two sources: duplicates across them)
  MergeOptions merge;
  merge.chunk_bytes = 300;
  merge.max_line_bytes = 100;
  FeedMerger merger(world, merge, &sink);
  merger.AddStream("a.csv", text);
  merger.AddStream("b.jsonl", text);
  Event e;
  gatetwin::engine::TimeUs last = INT64_MIN;
  while (merger.Next(&e)) {
    Check(e.ts_us >= last, "merged stream is time-ordered");
    last = e.ts_us;
  }
  const FeedCounts cm = merger.counts();
  Check(cm.read == cm.accepted + cm.RejectedTotal() && cm.pending == 0, "merger read == accepted + rejected");

  // CSV cell splitting on its own
  std::vector<std::string_view> cells;
  std::string scratch, error;
  if (CsvParser::SplitRecord(text, &cells, &scratch, &error)) {
    for (std::string_view cell : cells) Check(cell.size() <= text.size(), "cells fit in the record");
  }
  return 0;
}
