// JSONL quarantine output: one escaped object per doubtful feed line.
#include "replay/quarantine.h"

#include "replay/line_parser.h"

namespace gatetwin::replay {
namespace {
// flush the writer's buffer past this size: few syscalls, bounded memory
constexpr size_t kFlushBytes = 1 << 16;
}  // namespace

void FormatQuarantineEntry(const QuarantineEntry& entry, std::string* out) {
  out->append("{\"reason\":\"").append(ToString(entry.reason)).append("\",\"source\":");
  AppendJsonString(out, entry.source);
  out->append(",\"line\":").append(std::to_string(entry.line)).append(",\"detail\":");
  AppendJsonString(out, entry.detail);
  out->append(",\"raw\":");
  AppendJsonString(out, entry.raw);
  if (entry.raw_truncated) out->append(",\"raw_truncated\":true");
  out->push_back('}');
}

QuarantineWriter::QuarantineWriter(std::ostream& out) : out_(&out) {}

std::unique_ptr<QuarantineWriter> QuarantineWriter::Open(const std::string& path, std::string* error) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) {
    if (error) *error = "cannot create quarantine file '" + path + "'";
    return nullptr;
  }
  auto writer = std::make_unique<QuarantineWriter>(*file);
  writer->file_ = std::move(file);
  return writer;
}

QuarantineWriter::~QuarantineWriter() { Flush(); }

void QuarantineWriter::Write(const QuarantineEntry& entry) {
  FormatQuarantineEntry(entry, &buffer_);
  buffer_.push_back('\n');
  ++written_;
  if (buffer_.size() >= kFlushBytes) Flush();
}

bool QuarantineWriter::Flush() {
  if (!buffer_.empty()) {
    out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }
  out_->flush();
  return static_cast<bool>(*out_);
}

void QuarantineCollector::Write(const QuarantineEntry& entry) {
  records_.push_back(Record{entry.reason, std::string(entry.source), entry.line, std::string(entry.detail),
                            std::string(entry.raw), entry.raw_truncated});
}

size_t QuarantineCollector::Count(Reason reason) const {
  size_t n = 0;
  for (const Record& r : records_) n += r.reason == reason;
  return n;
}

}  // namespace gatetwin::replay
