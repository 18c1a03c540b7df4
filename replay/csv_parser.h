// Decodes CSV feed records (RFC 4180, a header row of contract field names) into Events.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "replay/event.h"
#include "replay/line_parser.h"
#include "world/world.h"

namespace gatetwin::replay {

/// Turns CSV records into the same Events, with the same checks, as LineParser does for JSON.
/// The header row names the columns with the contract's field names; an empty cell is an absent
/// field; numeric fields are parsed from the cell text; columns with other names go to
/// Event::extra (numbers as JSON numbers, other text as JSON strings).
class CsvParser {
 public:
  /// The world must outlive the parser.
  explicit CsvParser(const world::World& world);

  /// Reads the header row. False, with `error` set, when it is not valid UTF-8 or its quoting
  /// is broken; the parser then has no header and every row is malformed.
  bool SetHeader(std::string_view record, std::string* error);
  /// Whether a valid header has been read.
  bool has_header() const { return has_header_; }

  /// Decodes one record (its text without the final newline; quoted cells may hold newlines).
  bool Parse(std::string_view record, Event* out, Doubt* doubt);

  /// Splits a record into cells (RFC 4180). Quoted cells with doubled quotes are unescaped into
  /// `scratch`, which the views may point into; unquoted cells are trimmed of spaces and tabs.
  /// False, with `error` set, on an unterminated quote or text after a closing quote.
  static bool SplitRecord(std::string_view record, std::vector<std::string_view>* cells, std::string* scratch,
                          std::string* error);

 private:
  struct Column {
    Field field = Field::kUnknown;
    std::string json_key;  // `,"name":` for unknown columns, ready to append to extra
  };

  const world::World& world_;
  bool has_header_ = false;
  std::vector<Column> columns_;
  std::vector<std::string_view> cells_;  // reused between rows
  std::string scratch_;
  FieldSet fields_;
};

}  // namespace gatetwin::replay
