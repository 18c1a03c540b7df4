// CSV feed records → Events: RFC 4180 cell splitting, then the JSON path's field decoding.
#include "replay/csv_parser.h"

#include <simdjson.h>

#include <cstring>

namespace gatetwin::replay {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

CsvParser::CsvParser(const world::World& world) : world_(world) {}

bool CsvParser::SplitRecord(std::string_view record, std::vector<std::string_view>* cells, std::string* scratch,
                            std::string* error) {
  cells->clear();
  scratch->clear();
  // unescaped cells are never longer than the record: reserving once keeps the views valid
  scratch->reserve(record.size());
  const size_t n = record.size();
  size_t pos = 0;
  while (true) {
    // leading blanks before a quote are tolerated, as spreadsheets write `a, "b"`
    size_t q = pos;
    while (q < n && (record[q] == ' ' || record[q] == '\t')) ++q;
    if (q < n && record[q] == '"') {
      size_t i = q + 1;
      const size_t start = scratch->size();
      bool copied = false;
      size_t run = i;
      while (true) {
        const void* hit = i < n ? std::memchr(record.data() + i, '"', n - i) : nullptr;
        if (!hit) {
          *error = "unterminated quoted cell";
          return false;
        }
        const size_t at = static_cast<size_t>(static_cast<const char*>(hit) - record.data());
        if (at + 1 < n && record[at + 1] == '"') {
          // a doubled quote: the cell needs unescaping
          scratch->append(record.data() + run, at + 1 - run);
          copied = true;
          i = at + 2;
          run = i;
          continue;
        }
        if (copied) {
          scratch->append(record.data() + run, at - run);
          cells->emplace_back(scratch->data() + start, scratch->size() - start);
        } else {
          cells->emplace_back(record.data() + q + 1, at - q - 1);
        }
        i = at + 1;
        break;
      }
      while (i < n && (record[i] == ' ' || record[i] == '\t')) ++i;
      if (i == n) return true;
      if (record[i] != ',') {
        *error = "text after a closing quote";
        return false;
      }
      pos = i + 1;
      continue;
    }
    const void* comma = pos < n ? std::memchr(record.data() + pos, ',', n - pos) : nullptr;
    const size_t end = comma ? static_cast<size_t>(static_cast<const char*>(comma) - record.data()) : n;
    cells->push_back(Trim(record.substr(pos, end - pos)));
    if (!comma) return true;
    pos = end + 1;
  }
}

bool CsvParser::SetHeader(std::string_view record, std::string* error) {
  has_header_ = false;
  columns_.clear();
  if (!simdjson::validate_utf8(record.data(), record.size())) {
    *error = "CSV header is not valid UTF-8";
    return false;
  }
  if (!SplitRecord(record, &cells_, &scratch_, error)) {
    *error = "bad CSV header: " + *error;
    return false;
  }
  for (std::string_view name : cells_) {
    Column c;
    c.field = LookupField(name);
    if (c.field == Field::kUnknown) {
      c.json_key = ",";
      AppendJsonString(&c.json_key, name);
      c.json_key.push_back(':');
    }
    columns_.push_back(std::move(c));
  }
  has_header_ = true;
  return true;
}

bool CsvParser::Parse(std::string_view record, Event* out, Doubt* doubt) {
  ClearEvent(out);
  doubt->reason = Reason::kMalformed;
  if (!has_header_) {
    doubt->detail = "no valid CSV header before this row";
    return false;
  }
  if (!simdjson::validate_utf8(record.data(), record.size())) {
    doubt->detail = "not valid UTF-8";
    return false;
  }
  if (!SplitRecord(record, &cells_, &scratch_, &doubt->detail)) {
    doubt->detail = "bad CSV row: " + doubt->detail;
    return false;
  }
  if (cells_.size() > columns_.size()) {
    doubt->detail = "row has " + std::to_string(cells_.size()) + " cells but the header has " +
                    std::to_string(columns_.size()) + " columns";
    return false;
  }
  fields_.present = 0;
  for (size_t i = 0; i < cells_.size(); ++i) {
    const std::string_view cell = cells_[i];
    if (cell.empty()) continue;  // an empty cell is an absent field
    const Column& col = columns_[i];
    FieldValue v;
    v.type = FieldValue::Type::kText;
    v.text = cell;
    if (col.field == Field::kUnknown) {
      out->extra.append(col.json_key);
      AppendJsonValue(&out->extra, v);
    } else {
      fields_.Set(col.field) = v;
    }
  }
  return DecodeFields(world_, fields_, out, doubt);
}

}  // namespace gatetwin::replay
