// Writes the congestion plugin's figures as a long-format CSV and a JSON document (no JSON library: plugins link none).
#include "plugins/congestion/congestion_files.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gatetwin::congestion {

namespace {

// days since 1970-01-01 → civil date (H. Hinnant's days_from_civil inverse), so the plugin
// needs no time-zone library and gives the same text on every host
void CivilFromDays(int64_t days, int* year, int* month, int* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = static_cast<int>(yoe + era * 400 + (*month <= 2 ? 1 : 0));
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// a number as JSON/CSV text: round-trippable enough for figures, and never nan/inf
std::string Number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// CSV fields are ids and units: quote only when one holds a comma or a quote
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';  // a quote inside a quoted field is doubled
    out += c;
  }
  return out + "\"";
}

void WriteAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  }
}

}  // namespace

std::string FormatLocal(int64_t t_us, int utc_offset_min) {
  const int64_t local_us = t_us + int64_t{utc_offset_min} * 60'000'000;
  const int64_t day_us = int64_t{86400} * 1'000'000;
  const int64_t days = FloorDiv(local_us, day_us);
  const int64_t in_day_us = local_us - days * day_us;
  int year = 0, month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  const int64_t s = in_day_us / 1'000'000;
  const int ms = static_cast<int>((in_day_us / 1000) % 1000);
  const int offset = utc_offset_min < 0 ? -utc_offset_min : utc_offset_min;
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", year, month, day,
                static_cast<int>(s / 3600), static_cast<int>((s / 60) % 60), static_cast<int>(s % 60), ms,
                utc_offset_min < 0 ? '-' : '+', offset / 60, offset % 60);
  return buf;
}

void WriteFiles(const std::string& dir, const Figures& f) {
  std::ostringstream csv;
  csv << "t_local,series,key,value,unit\n";
  for (const Series& s : f.series) {
    // built by appending: GCC 12 warns falsely (-Wrestrict) about "," + std::string
    std::string tail(1, ',');
    tail.append(CsvField(s.series)).append(1, ',').append(CsvField(s.key)).append(1, ',');
    for (const auto& [t_us, v] : s.points) {
      csv << FormatLocal(t_us, f.utc_offset_min) << tail << Number(v) << "," << CsvField(s.unit) << "\n";
    }
  }
  WriteAtomically(dir + "/congestion_series.csv", csv.str());

  std::ostringstream j;
  const auto time_or_null = [&](int64_t t_us) {
    return t_us < 0 ? std::string("null") : JsonString(FormatLocal(t_us, f.utc_offset_min));
  };
  j << "{\n  \"plugin\": \"congestion\",\n  \"world\": {\"name\": " << JsonString(f.world_name)
    << ", \"phase\": " << JsonString(f.world_phase) << "},\n  \"from\": " << time_or_null(f.from_us)
    << ",\n  \"to\": " << time_or_null(f.to_us) << ",\n  \"interval_s\": " << Number(f.interval_s)
    << ",\n  \"los_thresholds_min\": [";
  for (size_t i = 0; i < f.los_thresholds_min.size(); ++i) j << (i ? ", " : "") << Number(f.los_thresholds_min[i]);
  j << "],\n  \"facts\": {";
  for (size_t i = 0; i < f.facts.size(); ++i) {
    j << (i ? ",\n    " : "\n    ") << JsonString(f.facts[i].first) << ": " << JsonString(f.facts[i].second);
  }
  j << "\n  },\n  \"kpis\": {";
  for (size_t i = 0; i < f.kpis.size(); ++i) {
    j << (i ? ",\n    " : "\n    ") << JsonString(f.kpis[i].name) << ": {\"value\": " << Number(f.kpis[i].value)
      << ", \"unit\": " << JsonString(f.kpis[i].unit) << "}";
  }
  j << "\n  },\n  \"series\": [";
  for (size_t i = 0; i < f.series.size(); ++i) {
    const Series& s = f.series[i];
    j << (i ? ",\n    " : "\n    ") << "{\"series\": " << JsonString(s.series) << ", \"key\": " << JsonString(s.key)
      << ", \"unit\": " << JsonString(s.unit) << ",\n     \"t\": [";
    for (size_t p = 0; p < s.points.size(); ++p) j << (p ? ", " : "") << time_or_null(s.points[p].first);
    j << "],\n     \"v\": [";
    for (size_t p = 0; p < s.points.size(); ++p) j << (p ? ", " : "") << Number(s.points[p].second);
    j << "]}";
  }
  j << "\n  ]\n}\n";
  WriteAtomically(dir + "/congestion.json", j.str());
}

}  // namespace gatetwin::congestion
