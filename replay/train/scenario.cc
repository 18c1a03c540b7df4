// Scenario and actions files: the text pass (types, times, triggers) with file:line:col errors.
#include "replay/train/scenario.h"

#include <array>
#include <filesystem>

#include "world/yaml_reader.h"

namespace gatetwin::replay::train {
namespace {

using engine::TimeUs;
using world::Diagnostics;
using world::ElementReader;
using world::Field;
using world::Need;
using world::Src;

constexpr TimeUs kDayUs = 86'400 * engine::kUsPerSecond;
constexpr std::array<std::string_view, kIncidentKindCount> kIncidentNames = {
    "scanner_fault", "lane_closure",   "barrier_stuck", "surge",
    "booth_blocked", "sensor_offline", "rain",          "perishable_convoy"};
constexpr std::array<std::string_view, kActionKindCount> kActionNames = {
    "open_lane",   "close_lane", "open_booth", "close_booth", "divert_to_yard", "prioritise_perishable",
    "acknowledge", "annotate",   "inject",     "reverse_lane"};
const std::vector<std::string_view> kDirections = {"vn_to_cn", "cn_to_vn"};
// a shift longer than this is a typo (a scenario is one shift, a few hours)
constexpr TimeUs kMaxShiftUs = 2 * kDayUs;
// surges and convoys: at most this many trucks (a day's demand at the 2027 target is 2,500)
constexpr int kMaxIncidentTrucks = 5000;

std::vector<std::string_view> Names(const auto& array) { return {array.begin(), array.end()}; }

// A path written in a file, relative to that file's folder.
std::string Beside(const std::string& file, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || file.empty()) return path;
  return (std::filesystem::path(file).parent_path() / p).lexically_normal().string();
}

// `08:10`, `08:10:30` (local clock on the day of `start_us`, not before it) or RFC 3339.
std::optional<TimeUs> ParseWhen(const std::string& text, TimeUs start_us, std::string* why) {
  if (auto parsed = engine::ParseRfc3339(text)) return parsed->utc_us;
  int h = -1, m = -1, s = 0;
  char tail = 0;
  const int n = std::sscanf(text.c_str(), "%2d:%2d:%2d%c", &h, &m, &s, &tail);
  if ((n != 2 && n != 3) || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || text.size() > 8) {
    *why = "expected a local time HH:MM[:SS] or an RFC 3339 timestamp with its offset, got '" + text + "'";
    return std::nullopt;
  }
  const TimeUs offset_us = static_cast<TimeUs>(engine::kGateUtcOffsetMin) * 60 * engine::kUsPerSecond;
  const TimeUs local_day_us = (start_us + offset_us) / kDayUs * kDayUs - offset_us;
  TimeUs t = local_day_us + ((static_cast<TimeUs>(h) * 60 + m) * 60 + s) * engine::kUsPerSecond;
  // a shift across midnight: 01:30 after a 22:00 start is the next morning
  if (t < start_us) t += kDayUs;
  return t;
}

class Reader {
 public:
  Reader(std::string file, Diagnostics* diags) : file_(std::move(file)), diags_(diags) {}

  std::optional<Scenario> ReadScenario(const YAML::Node& root) {
    ElementReader top(Src{root, file_}, "scenario file", diags_);
    if (!top.IsMapping()) return std::nullopt;
    top.CheckKeys({"scenario"});
    const Field* f = top.Find("scenario");
    if (f == nullptr) {
      top.Error(top.Loc(), "expected a top-level `scenario:` mapping");
      return std::nullopt;
    }
    ElementReader r(f->value, "scenario", diags_);
    if (!r.IsMapping()) return std::nullopt;
    r.CheckKeys({"name", "names", "world", "demand", "trucks_per_day", "arrivals_from", "start", "duration", "drain",
                 "seed", "closed_lanes", "closed_booths", "response_target", "baseline", "incidents"});
    Scenario sc;
    sc.file = file_;
    sc.name = r.String("name", Need::kOptional).value_or("");
    sc.names = r.ReadNames("names");
    if (auto w = r.String("world", Need::kRequired)) sc.world_path = Beside(file_, *w);
    ReadTraffic(&r, &sc.traffic);
    bool timed = false;
    if (auto start = r.String("start", Need::kRequired)) {
      if (auto t = engine::ParseRfc3339(*start)) {
        sc.start_us = t->utc_us;
        timed = true;
      } else {
        r.Error(r.KeyLoc("start"),
                "start: expected an RFC 3339 timestamp with its offset, e.g. "
                "2026-01-15T06:00:00+07:00, got '" +
                    *start + "'");
      }
    }
    sc.duration_us = Duration(&r, "duration", Need::kRequired, 0).value_or(0);
    if (sc.duration_us > kMaxShiftUs) r.Error(r.KeyLoc("duration"), "duration: a shift of at most 48h, please");
    sc.drain_us = Duration(&r, "drain", Need::kOptional, sc.drain_us).value_or(sc.drain_us);
    sc.response_target_us =
        Duration(&r, "response_target", Need::kOptional, sc.response_target_us).value_or(sc.response_target_us);
    if (sc.response_target_us <= 0) r.Error(r.KeyLoc("response_target"), "response_target: must be longer than 0");
    if (auto seed = r.Int("seed", Need::kOptional)) {
      if (*seed < 0) r.Error(r.KeyLoc("seed"), "seed: must be >= 0");
      sc.seed = static_cast<uint64_t>(std::max(0, *seed));
    }
    sc.closed_lanes = Refs(&r, "closed_lanes");
    sc.closed_booths = Refs(&r, "closed_booths");
    if (!timed) return std::nullopt;  // every time below is read against the start
    start_us_ = sc.start_us;
    if (const Field* b = r.Find("baseline")) sc.baseline = ReadActionList(*b, "baseline");
    if (const Field* inc = r.Find("incidents")) ReadIncidents(*inc, &sc.incidents);
    if (diags_->HasErrors()) return std::nullopt;
    return sc;
  }

  std::optional<ActionsFile> ReadActionsFile(const YAML::Node& root, TimeUs start_us) {
    start_us_ = start_us;
    ElementReader top(Src{root, file_}, "actions file", diags_);
    if (!top.IsMapping()) return std::nullopt;
    top.CheckKeys({"actions", "incidents"});
    const Field* f = top.Find("actions");
    if (f == nullptr) {
      top.Error(top.Loc(), "expected a top-level `actions:` list");
      return std::nullopt;
    }
    ActionsFile file;
    file.actions = ReadActionList(*f, "actions");
    if (const Field* inc = top.Find("incidents")) ReadIncidents(*inc, &file.incidents);
    if (diags_->HasErrors()) return std::nullopt;
    return file;
  }

 private:
  void ReadTraffic(ElementReader* r, Traffic* traffic) {
    // a demand may go with a feed's trucks: its inspection, perishable and yard shares apply to them
    const int given = r->Has("demand") + r->Has("trucks_per_day") + r->Has("arrivals_from");
    if (given != 1 && !(given == 2 && r->Has("demand") && r->Has("arrivals_from"))) {
      r->Error(r->Loc(),
               "give the shift's traffic with exactly one of `demand: FILE`, `trucks_per_day: N` or "
               "`arrivals_from: [FEED, ...]` (with `demand:` for their shares)");
    }
    if (auto d = r->String("demand", Need::kOptional)) traffic->demand_path = Beside(file_, *d);
    if (auto n = r->Number("trucks_per_day", Need::kOptional)) {
      if (*n < 0 || *n > 100'000) r->Error(r->KeyLoc("trucks_per_day"), "trucks_per_day: expected 0 to 100000");
      traffic->trucks_per_day = *n;
    }
    if (auto feeds = r->StringList("arrivals_from", Need::kOptional)) {
      for (const auto& f : *feeds) traffic->feed_paths.push_back(Beside(file_, f.name));
    }
  }

  std::optional<TimeUs> Duration(ElementReader* r, std::string_view key, Need need, TimeUs fallback) {
    auto text = r->String(key, need);
    if (!text) return r->Has(key) ? std::nullopt : std::optional<TimeUs>(fallback);
    auto d = engine::ParseDuration(*text);
    if (!d || *d < 0) {
      r->Error(r->KeyLoc(key),
               std::string(key) + ": expected a duration such as 90s, 15m, 2h or 1h30m, got '" + *text + "'");
      return std::nullopt;
    }
    return d;
  }

  std::vector<Ref> Refs(ElementReader* r, std::string_view key) {
    std::vector<Ref> out;
    if (auto list = r->StringList(key, Need::kOptional)) {
      for (auto& n : *list) out.push_back({n.name, n.loc, -1});
    }
    return out;
  }

  Ref OneRef(ElementReader* r, std::string_view key, Need need) {
    Ref ref;
    if (auto id = r->String(key, need)) ref = {*id, r->KeyLoc(key), -1};
    return ref;
  }

  // at / after / after_incident (+ delay) / when (incidents only): exactly one
  Trigger ReadTrigger(ElementReader* r, bool conditions) {
    Trigger trig;
    const int given = r->Has("at") + r->Has("after") + r->Has("after_incident") + r->Has("when");
    if (given != 1) {
      r->Error(r->Loc(), std::string("say when with exactly one of `at: HH:MM`, `after: 30m` (from the start)") +
                             (conditions ? ", `when: {queue_at_least: N, ...}`" : "") +
                             " or `after_incident: ID` (with `delay: 2m`)");
    }
    if (auto at = r->String("at", Need::kOptional)) {
      std::string why;
      if (auto t = ParseWhen(*at, start_us_, &why)) {
        trig.at_us = *t;
      } else {
        r->Error(r->KeyLoc("at"), "at: " + why);
      }
    }
    if (r->Has("after")) {
      trig.at_us = start_us_ + Duration(r, "after", Need::kOptional, 0).value_or(0);
    }
    if (auto inc = r->String("after_incident", Need::kOptional)) {
      trig.kind = Trigger::Kind::kAfterIncident;
      trig.incident = *inc;
      trig.incident_loc = r->KeyLoc("after_incident");
      trig.delay_us = Duration(r, "delay", Need::kOptional, 0).value_or(0);
    } else if (r->Has("delay")) {
      r->Error(r->KeyLoc("delay"), "delay: only with `after_incident`");
    }
    if (const Field* when = r->Find("when")) {
      if (!conditions) {
        r->Error(when->key_loc, "when: conditions trigger incidents; an action is at a time or after an incident");
        return trig;
      }
      ElementReader w(when->value, "when", diags_);
      if (!w.IsMapping()) return trig;
      w.CheckKeys({"queue_at_least", "direction", "lane", "not_before"});
      trig.kind = Trigger::Kind::kQueue;
      trig.queue_trucks = w.Int("queue_at_least", Need::kRequired).value_or(1);
      if (trig.queue_trucks < 1) w.Error(w.KeyLoc("queue_at_least"), "queue_at_least: expected at least 1 truck");
      trig.direction = w.Choice("direction", Need::kOptional, kDirections).value_or(-1);
      trig.lane = OneRef(&w, "lane", Need::kOptional);
      if (!trig.lane.id.empty() && w.Has("direction")) {
        w.Error(w.KeyLoc("direction"), "give `lane` or `direction`, not both (a lane has one direction)");
      }
      if (auto nb = w.String("not_before", Need::kOptional)) {
        std::string why;
        if (auto t = ParseWhen(*nb, start_us_, &why)) {
          trig.not_before_us = *t;
        } else {
          w.Error(w.KeyLoc("not_before"), "not_before: " + why);
        }
      }
    }
    return trig;
  }

  void ReadIncidents(const Field& f, std::vector<Incident>* out) {
    if (!f.value.node.IsSequence()) {
      diags_->Error(f.key_loc, "incidents: expected a list, got " + world::Describe(f.value.node));
      return;
    }
    for (size_t i = 0; i < f.value.node.size(); ++i) {
      ElementReader r(Src{f.value.node[i], file_}, "incident", diags_);
      if (!r.IsMapping()) continue;
      Incident inc;
      inc.loc = r.Loc();
      inc.id = r.Id().value_or("");
      const auto kind = r.Choice("kind", Need::kRequired, Names(kIncidentNames));
      std::vector<std::string_view> keys = {"id",    "kind", "names",    "at",   "after", "after_incident",
                                            "delay", "when", "duration", "alarm"};
      if (!kind) {
        r.CheckKeys({});  // nothing more to say until the kind is right
        continue;
      }
      inc.kind = IncidentKind(*kind);
      switch (inc.kind) {
        case IncidentKind::kScannerFault:
        case IncidentKind::kBarrierStuck:
        case IncidentKind::kBoothBlocked:
          keys.push_back("booth");
          inc.booth = OneRef(&r, "booth", Need::kRequired);
          break;
        case IncidentKind::kLaneClosure:
          keys.push_back("lane");
          inc.lane = OneRef(&r, "lane", Need::kRequired);
          break;
        case IncidentKind::kSensorOffline:
          keys.push_back("sensor");
          inc.sensor = OneRef(&r, "sensor", Need::kRequired);
          break;
        case IncidentKind::kRain:
          keys.push_back("speed_factor");
          inc.speed_factor = r.Number("speed_factor", Need::kOptional).value_or(inc.speed_factor);
          if (!(inc.speed_factor >= 0.1 && inc.speed_factor <= 1)) {
            r.Error(r.KeyLoc("speed_factor"), "speed_factor: expected 0.1 to 1 (rain slows trucks down)");
          }
          break;
        case IncidentKind::kSurge:
        case IncidentKind::kPerishableConvoy:
          keys.insert(keys.end(), {"direction", "trucks", "class"});
          inc.direction = r.Choice("direction", Need::kRequired, kDirections).value_or(0);
          inc.trucks = r.Int("trucks", Need::kRequired).value_or(1);
          if (inc.trucks < 1 || inc.trucks > kMaxIncidentTrucks) {
            r.Error(r.KeyLoc("trucks"), "trucks: expected 1 to " + std::to_string(kMaxIncidentTrucks));
          }
          if (auto c = r.Choice("class", Need::kOptional, ClassNames())) inc.vehicle_class = world::VehicleClass(*c);
          break;
      }
      r.CheckKeys(keys);
      inc.names = r.ReadNames("names");
      inc.trigger = ReadTrigger(&r, true);
      inc.duration_us = Duration(&r, "duration", Need::kOptional, 0).value_or(0);
      if (auto alarm = r.String("alarm", Need::kOptional)) {
        if (*alarm != "true" && *alarm != "false") r.Error(r.KeyLoc("alarm"), "alarm: expected true or false");
        inc.alarm = *alarm == "true";
      }
      for (const Incident& other : *out) {
        if (!inc.id.empty() && other.id == inc.id) r.Error(r.KeyLoc("id"), "id '" + inc.id + "' is used twice");
      }
      out->push_back(std::move(inc));
    }
  }

  std::vector<Action> ReadActionList(const Field& f, std::string_view what) {
    std::vector<Action> out;
    if (!f.value.node.IsSequence()) {
      diags_->Error(f.key_loc, std::string(what) + ": expected a list, got " + world::Describe(f.value.node));
      return out;
    }
    for (size_t i = 0; i < f.value.node.size(); ++i) {
      ElementReader r(Src{f.value.node[i], file_}, "action", diags_);
      if (!r.IsMapping()) continue;
      Action a;
      a.loc = r.Loc();
      const auto kind = r.Choice("do", Need::kRequired, Names(kActionNames));
      std::vector<std::string_view> keys = {"do", "at", "after", "after_incident", "delay"};
      if (!kind) {
        r.CheckKeys({});
        continue;
      }
      a.kind = ActionKind(*kind);
      switch (a.kind) {
        case ActionKind::kOpenLane:
        case ActionKind::kCloseLane:
        case ActionKind::kReverseLane:
          keys.push_back("lane");
          a.lane = OneRef(&r, "lane", Need::kRequired);
          break;
        case ActionKind::kOpenBooth:
        case ActionKind::kCloseBooth:
        case ActionKind::kDivertToYard:
          keys.push_back("booth");
          a.booth = OneRef(&r, "booth", Need::kRequired);
          break;
        case ActionKind::kPrioritisePerishable:
          keys.insert(keys.end(), {"direction", "on"});
          a.direction = r.Choice("direction", Need::kRequired, kDirections).value_or(0);
          if (auto on = r.String("on", Need::kOptional)) {
            if (*on != "true" && *on != "false") r.Error(r.KeyLoc("on"), "on: expected true or false");
            a.on = *on != "false";
          }
          break;
        case ActionKind::kAcknowledge:
        case ActionKind::kInject:
          keys.push_back("incident");
          if (auto inc = r.String("incident", Need::kRequired))
            a.incident = *inc, a.incident_loc = r.KeyLoc("incident");
          break;
        case ActionKind::kAnnotate:
          keys.push_back("text");
          a.text = r.String("text", Need::kRequired).value_or("");
          break;
      }
      r.CheckKeys(keys);
      a.trigger = ReadTrigger(&r, false);
      out.push_back(std::move(a));
    }
    return out;
  }

  static std::vector<std::string_view> ClassNames() {
    std::vector<std::string_view> names;
    for (int c = 0; c < world::kVehicleClassCount; ++c) names.push_back(world::ToString(world::VehicleClass(c)));
    return names;
  }

  std::string file_;
  Diagnostics* diags_;
  TimeUs start_us_ = 0;
};

}  // namespace

std::string_view ToString(IncidentKind kind) { return kIncidentNames[static_cast<size_t>(kind)]; }
std::string_view ToString(ActionKind kind) { return kActionNames[static_cast<size_t>(kind)]; }

std::optional<Scenario> ParseScenario(const std::string& text, const std::string& file, Diagnostics* diags) {
  return world::ReadYamlText<Scenario>(text, file, diags,
                                       [&](const YAML::Node& root) { return Reader(file, diags).ReadScenario(root); });
}

std::optional<Scenario> LoadScenario(const std::string& path, Diagnostics* diags) {
  return world::ReadYamlFile<Scenario>(path, "scenario file", diags,
                                       [&](const YAML::Node& root) { return Reader(path, diags).ReadScenario(root); });
}

std::optional<ActionsFile> ParseActions(const std::string& text, const std::string& file, TimeUs start_us,
                                        Diagnostics* diags) {
  return world::ReadYamlText<ActionsFile>(
      text, file, diags, [&](const YAML::Node& root) { return Reader(file, diags).ReadActionsFile(root, start_us); });
}

std::optional<ActionsFile> LoadActions(const std::string& path, TimeUs start_us, Diagnostics* diags) {
  return world::ReadYamlFile<ActionsFile>(path, "actions file", diags, [&](const YAML::Node& root) {
    return Reader(path, diags).ReadActionsFile(root, start_us);
  });
}

}  // namespace gatetwin::replay::train
