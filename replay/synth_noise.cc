// Writing the synthesized day: events in time order, with the requested doubtful lines mixed in.
//
// Every injected line is placed so that it is doubtful for exactly one contract reason:
// duplicates follow their original at once, malformed and unknown lines carry the time of the
// event just written (never late), and late lines are real events moved to after an event
// more than the reorder window newer (they are the only copy, so never duplicates).
#include <algorithm>
#include <ostream>

#include "replay/synth_internal.h"

namespace gatetwin::replay::synth {
namespace {

using engine::kUsPerSecond;
using engine::TimeUs;

enum class Doubt : uint8_t { kMalformed, kUnknownSensor, kUnknownKind, kLate };

// A line written after the genuine event at `after`.
struct Insert {
  size_t after = 0;
  size_t order = 0;  // insertion order, for a deterministic sort
  Doubt doubt = Doubt::kMalformed;
  size_t late_event = 0;  // kLate: the moved event
  std::string text;       // others: the whole line without its newline
};

}  // namespace

void Feed::Write(std::ostream& out, SynthStats* stats) {
  std::sort(events_.begin(), events_.end(),
            [](const Ev& a, const Ev& b) { return a.ts_us != b.ts_us ? a.ts_us < b.ts_us : a.seq < b.seq; });
  const size_t n = events_.size();
  stats->events = static_cast<int64_t>(n);
  for (const Ev& e : events_) ++stats->events_by_kind[static_cast<size_t>(e.kind)];
  if (n > 0) stats->first_ts_us = events_.front().ts_us, stats->last_ts_us = events_.back().ts_us;

  TimeWriter time(world_.params.utc_offset_min);
  auto line = [&](const Ev& e, std::string* text) {
    *text += "{\"ts\":\"";
    time.Append(e.ts_us, text);
    *text += '"';
    *text += e.body;
  };

  std::vector<uint8_t> late(n, 0), target(n, 0), duplicate(n, 0);
  std::vector<Insert> inserts;
  if (options_.noise && n > 0) {
    Rng rng(options_.seed, 3);
    // late: moved behind an event newer by the reorder window and a margin; preferably counts
    // and GPS fixes, whose loss does not break a truck's track
    const TimeUs lag_us = static_cast<TimeUs>((std::max(0.0, world_.params.reorder_window_s) + 3) * 1e6);
    std::vector<size_t> candidates;
    for (size_t i = 0; i < n; ++i) {
      const EventKind k = events_[i].kind;
      if (k == EventKind::kLoop || k == EventKind::kGps || k == EventKind::kPresence) candidates.push_back(i);
    }
    if (candidates.size() < static_cast<size_t>(std::max(0, options_.late_lines))) {
      candidates.clear();
      for (size_t i = 0; i < n; ++i) {
        if (events_[i].kind != EventKind::kStatus) candidates.push_back(i);
      }
    }
    for (int tries = 0;
         !candidates.empty() && stats->late_lines < options_.late_lines && tries < 20 * options_.late_lines; ++tries) {
      const size_t i = candidates[rng.Below(candidates.size())];
      if (late[i] || target[i]) continue;
      auto it = std::lower_bound(events_.begin() + static_cast<std::ptrdiff_t>(i), events_.end(),
                                 events_[i].ts_us + lag_us, [](const Ev& e, TimeUs t) { return e.ts_us < t; });
      size_t j = static_cast<size_t>(it - events_.begin());
      while (j < n && late[j]) ++j;
      if (j >= n) continue;
      late[i] = 1;
      target[j] = 1;
      inserts.push_back({j, inserts.size(), Doubt::kLate, i, {}});
      ++stats->late_lines;
    }
    for (size_t i = 0; i < n; ++i) {
      if (rng.Chance(options_.duplicate_share) && !late[i]) duplicate[i] = 1, ++stats->duplicate_lines;
    }
    // a place for an injected line: after an event that is written in order
    auto place = [&]() {
      size_t k = rng.Below(n);
      while (late[k]) k = (k + 1) % n;
      return k;
    };
    int anpr = -1;
    for (size_t s = 0; s < world_.sensors.size() && anpr < 0; ++s) {
      if (world_.sensors[s].kind == world::SensorKind::kAnpr) anpr = static_cast<int>(s);
    }
    for (int m = 0; m < options_.malformed_lines; ++m) {
      const size_t k = place();
      Insert ins{k, inserts.size(), Doubt::kMalformed, 0, {}};
      switch (m % 3) {
        case 0: {
          // cut off mid-line (at an ASCII byte, so the file stays valid UTF-8)
          line(events_[k], &ins.text);
          size_t cut = ins.text.size() / 2;
          while (cut > 1 && (static_cast<unsigned char>(ins.text[cut]) & 0x80) != 0) --cut;
          ins.text.resize(cut);
          break;
        }
        case 1: {
          Ev e{events_[k].ts_us, 0, EventKind::kPlateRead, -1,
               sensor_json_[static_cast<size_t>(anpr >= 0 ? anpr : events_[k].sensor)]};
          e.body += ",\"kind\":\"plate_read\",\"conf\":0.91,\"vehicle_class\":\"truck\"}";
          line(e, &ins.text);
          break;
        }
        default: {
          // the contract requires an offset: `…T08:00:01.250` alone is a bad timestamp
          line(events_[k], &ins.text);
          const size_t offset_at = ins.text.find('"', 7) - 6;
          ins.text.erase(offset_at, 6);
          break;
        }
      }
      inserts.push_back(std::move(ins));
      ++stats->malformed_lines;
    }
    {
      std::string ghost = "anpr.unlisted.99";
      while (world_.FindSensor(ghost) >= 0) ghost += "x";
      const size_t k = place();
      Ev e{events_[k].ts_us, 0, EventKind::kPlateRead, -1, ",\"sensor\":"};
      AppendJsonString(&e.body, ghost);
      e.body += ",\"kind\":\"plate_read\",\"plate\":\"12C-999.99\",\"conf\":0.9}";
      Insert ins{k, inserts.size(), Doubt::kUnknownSensor, 0, {}};
      line(e, &ins.text);
      inserts.push_back(std::move(ins));
      ++stats->unknown_sensor_lines;
    }
    {
      const size_t k = place();
      Ev e{events_[k].ts_us, 0, EventKind::kStatus, -1, sensor_json_[static_cast<size_t>(events_[k].sensor)]};
      e.body += ",\"kind\":\"teleport\",\"plate\":\"12C-999.98\"}";
      Insert ins{k, inserts.size(), Doubt::kUnknownKind, 0, {}};
      line(e, &ins.text);
      inserts.push_back(std::move(ins));
      ++stats->unknown_kind_lines;
    }
  }
  std::sort(inserts.begin(), inserts.end(), [](const Insert& a, const Insert& b) {
    return a.after != b.after ? a.after < b.after : a.order < b.order;
  });

  std::string buffer;
  buffer.reserve(1 << 20);
  int64_t lines = 0;
  auto flush = [&](bool force) {
    if (force || buffer.size() > (1u << 20) - 4096) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  };
  auto insert = inserts.begin();
  for (size_t i = 0; i < n; ++i) {
    if (!late[i]) {
      const size_t start = buffer.size();
      line(events_[i], &buffer);
      buffer += '\n';
      ++lines;
      if (duplicate[i]) {
        const std::string copy = buffer.substr(start);
        buffer += copy;
        ++lines;
      }
    }
    for (; insert != inserts.end() && insert->after == i; ++insert) {
      if (insert->doubt == Doubt::kLate) {
        line(events_[insert->late_event], &buffer);
      } else {
        buffer += insert->text;
      }
      buffer += '\n';
      ++lines;
    }
    flush(false);
  }
  flush(true);
  stats->lines = lines;
}

}  // namespace gatetwin::replay::synth
