// Tour files: loading with file:line:col errors (unknown keys too), and the tour's timeline.
#include "engine/viewer/tour.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "world/yaml_reader.h"

namespace gatetwin::viewer {
namespace {

using world::Diagnostics;
using world::ElementReader;
using world::FormatNumber;
using world::Need;
using world::Src;

// limits that catch typos (a duration in milliseconds, a speed of 60000) rather than taste
constexpr double kMaxShotS = 3600;
constexpr double kMaxSpeed = 1000;
constexpr double kDefaultTransitionS = 2;
constexpr double kDefaultSpeed = 60;  // the viewer's default: an hour of the gate a minute

const std::vector<std::string_view> kTourKeys = {"name",   "world", "compare_world", "feed",
                                                 "demand", "seed",  "date",          "shots"};
const std::vector<std::string_view> kShotKeys = {"name",       "viewpoint",    "eye",    "target",
                                                 "duration_s", "transition_s", "easing", "at",
                                                 "speed",      "caption",      "follow", "split"};

// `path` as written in the tour, taken relative to the tour file's folder
std::string Resolve(const std::string& tour_file, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(tour_file).parent_path() / p).lexically_normal().string();
}

// "HH:MM" or "HH:MM:SS", local time, as seconds after midnight
std::optional<double> ParseClock(const std::string& text) {
  int h = -1, m = -1, s = 0;
  char rest = 0;
  const int n = std::sscanf(text.c_str(), "%2d:%2d:%2d%c", &h, &m, &s, &rest);
  if (n == 2) {
    if (std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &rest) != 2) return std::nullopt;
  } else if (n != 3) {
    return std::nullopt;
  }
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return std::nullopt;
  return h * 3600.0 + m * 60.0 + s;
}

bool IsDate(const std::string& text) {
  int y = 0, mo = 0, d = 0;
  char rest = 0;
  return text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &rest) == 3 && y >= 1970 &&
         mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

class Reader {
 public:
  Reader(std::string file, Diagnostics* diags) : file_(std::move(file)), diags_(diags) {}

  std::optional<Tour> Read(const YAML::Node& root) {
    ElementReader top(Src{root, file_}, "tour file", diags_);
    if (!top.IsMapping()) return std::nullopt;
    top.CheckKeys({"tour"});
    const world::Field* f = top.Find("tour");
    if (f == nullptr) {
      top.Error(top.Loc(), "expected a top-level `tour:` mapping (see docs/briefing.md)");
      return std::nullopt;
    }
    ElementReader r(f->value, "tour", diags_);
    if (!r.IsMapping()) return std::nullopt;
    r.CheckKeys(kTourKeys);
    Tour t;
    t.file = file_;
    t.name = r.String("name", Need::kOptional).value_or("");
    if (auto w = r.String("world", Need::kRequired)) t.world_path = Resolve(file_, *w);
    if (auto c = r.String("compare_world", Need::kOptional)) {
      if (c->empty()) r.Error(r.KeyLoc("compare_world"), "compare_world must name a world file (or be left out)");
      t.compare_world_path = Resolve(file_, *c);
      t.compare_world_loc = r.KeyLoc("compare_world");
    }
    ReadFeeds(&r, &t);
    if (auto d = r.String("demand", Need::kOptional)) t.demand_path = Resolve(file_, *d);
    if (r.Has("demand") && r.Has("feed")) {
      r.Error(r.KeyLoc("demand"), "give `feed:` (a recorded day) or `demand:` (a simulated one), not both");
    }
    if (auto seed = r.Int("seed", Need::kOptional)) {
      if (*seed < 0) r.Error(r.KeyLoc("seed"), "seed must be a whole number >= 0, got " + std::to_string(*seed));
      if (!r.Has("demand")) r.Error(r.KeyLoc("seed"), "seed is for `demand:`; remove it or add a demand file");
      t.seed = static_cast<uint64_t>(std::max(*seed, 0));
    }
    if (auto date = r.String("date", Need::kOptional)) {
      if (!IsDate(*date)) {
        r.Error(r.KeyLoc("date"), "date must be a local day written YYYY-MM-DD, e.g. 2026-01-15, got '" + *date + "'");
      }
      t.date = *date;
    }
    if (!r.Has("date") && !r.Has("feed") && !r.Has("demand")) {
      r.Error(r.Loc(), "give `date: YYYY-MM-DD` (the day of the shots' clock) when there is no feed or demand");
    }
    ReadShots(r, &t);
    if (diags_->HasErrors()) return std::nullopt;
    return t;
  }

 private:
  void ReadFeeds(ElementReader* r, Tour* t) {
    const world::Field* f = r->Find("feed");
    if (f == nullptr) return;
    if (f->value.node.IsScalar()) {
      if (auto one = r->String("feed", Need::kOptional)) t->feeds.push_back(Resolve(file_, *one));
      return;
    }
    if (auto list = r->StringList("feed", Need::kOptional)) {
      if (list->empty()) r->Error(r->KeyLoc("feed"), "feed: the list is empty; give at least one feed file");
      for (const auto& name : *list) t->feeds.push_back(Resolve(file_, name.name));
    }
  }

  void ReadShots(ElementReader& r, Tour* t) {
    const world::Field* f = r.Find("shots");
    if (f == nullptr) {
      r.Error(r.Loc(), "a `shots:` list is required (one entry per camera shot)");
      return;
    }
    if (!f->value.node.IsSequence() || f->value.node.size() == 0) {
      diags_->Error(f->value.Loc(),
                    "shots: expected a list of at least one shot, got " + world::Describe(f->value.node));
      return;
    }
    for (size_t i = 0; i < f->value.node.size(); ++i) {
      const Src src{f->value.node[i], file_};
      char what[32];
      std::snprintf(what, sizeof what, "shot %zu", i + 1);
      ElementReader s(src, what, diags_);
      if (!s.IsMapping()) continue;
      t->shots.push_back(ReadShot(s, i, t->shots.empty() ? nullptr : &t->shots.back()));
      if (auto split = s.String("split", Need::kOptional)) {
        if (*split != "true" && *split != "false") {
          s.Error(s.KeyLoc("split"), "split: expected true or false, got '" + *split + "'");
        } else if (t->compare_world_path.empty()) {
          s.Error(s.KeyLoc("split"), "split: only a tour with `compare_world:` shows two layouts; remove it");
        }
        t->shots.back().split = *split != "false";
      }
    }
  }

  TourShot ReadShot(ElementReader& s, size_t index, const TourShot* previous) {
    s.CheckKeys(kShotKeys);
    TourShot shot;
    shot.loc = s.Loc();
    char fallback[32];
    std::snprintf(fallback, sizeof fallback, "shot_%02zu", index + 1);
    shot.name = s.String("name", Need::kOptional).value_or(fallback);
    if (shot.name.empty() || shot.name.find_first_of("/\\") != std::string::npos) {
      s.Error(s.KeyLoc("name"), "name '" + shot.name + "' must be non-empty and contain no / or \\ (it names a still)");
    }
    s.SetWhat(std::string(s.What()) + " '" + shot.name + "'");
    ReadCamera(s, &shot);
    if (auto d = s.Number("duration_s", Need::kRequired)) {
      if (*d <= 0 || *d > kMaxShotS) {
        s.Error(s.KeyLoc("duration_s"), "duration_s must be in (0, 3600] seconds, got " + FormatNumber(*d));
      }
      shot.duration_s = std::clamp(*d, 0.0, kMaxShotS);
    }
    shot.transition_s = previous ? std::min(kDefaultTransitionS, shot.duration_s) : 0;
    if (auto tr = s.Number("transition_s", Need::kOptional)) {
      if (*tr < 0 || *tr > shot.duration_s) {
        s.Error(s.KeyLoc("transition_s"), "transition_s must be in [0, duration_s] = [0, " +
                                              FormatNumber(shot.duration_s) + "], got " + FormatNumber(*tr));
      } else if (previous == nullptr && *tr > 0) {
        s.Error(s.KeyLoc("transition_s"), "the first shot has no previous camera to fly from: remove transition_s");
      } else {
        shot.transition_s = *tr;
      }
    }
    if (auto e = s.Choice("easing", Need::kOptional, EasingNames())) shot.easing = static_cast<Easing>(*e);
    ReadClock(s, previous, &shot);
    shot.caption = s.ReadNames("caption");
    if (auto plate = s.String("follow", Need::kOptional)) {
      if (plate->empty()) s.Error(s.KeyLoc("follow"), "follow: give a plate, e.g. follow: 29C-123.45, or remove it");
      shot.follow_plate = *plate;
      shot.follow_loc = s.KeyLoc("follow");
    }
    return shot;
  }

  void ReadCamera(ElementReader& s, TourShot* shot) {
    const bool has_vp = s.Has("viewpoint"), has_eye = s.Has("eye"), has_target = s.Has("target");
    if (has_vp && (has_eye || has_target)) {
      s.Error(s.KeyLoc("viewpoint"), "give `viewpoint:` or `eye:` and `target:`, not both");
    } else if (!has_vp && !(has_eye && has_target)) {
      s.Error(has_eye      ? s.KeyLoc("eye")
              : has_target ? s.KeyLoc("target")
                           : s.Loc(),
              "say where the camera is: `viewpoint: overview` (a viewpoint of the world) or both "
              "`eye: [x, y, z]` and `target: [x, y, z]` in local metres");
    }
    if (has_vp) {
      shot->viewpoint = s.String("viewpoint", Need::kOptional).value_or("");
      shot->viewpoint_loc = s.KeyLoc("viewpoint");
    }
    if (has_eye) shot->eye = ReadPoint(s, "eye");
    if (has_target) shot->target = ReadPoint(s, "target");
    if (shot->eye && shot->target && shot->eye->x == shot->target->x && shot->eye->y == shot->target->y &&
        shot->eye->z == shot->target->z) {
      s.Error(s.KeyLoc("eye"), "eye and target are the same point: the camera would look nowhere");
    }
  }

  std::optional<TourPoint> ReadPoint(ElementReader& s, std::string_view key) {
    const Src& v = s.Find(key)->value;
    if (!v.node.IsSequence() || v.node.size() != 3) {
      s.Error(v.Loc(), std::string(key) + ": expected [x, y, z] in local metres, got " + world::Describe(v.node));
      return std::nullopt;
    }
    double xyz[3];
    for (size_t i = 0; i < 3; ++i) {
      const YAML::Node n = v.node[i];
      std::optional<double> x;
      if (n.IsScalar()) x = world::ParseNumber(n.Scalar());
      if (!x) {
        s.Error(Src{n, file_}.Loc(), std::string(key) + ": expected a number, got " + world::Describe(n));
        return std::nullopt;
      }
      xyz[i] = *x;
    }
    return TourPoint{xyz[0], xyz[1], xyz[2]};
  }

  void ReadClock(ElementReader& s, const TourShot* previous, TourShot* shot) {
    shot->speed = previous ? previous->speed : kDefaultSpeed;
    if (auto v = s.Number("speed", Need::kOptional)) {
      if (*v < 0 || *v > kMaxSpeed) {
        s.Error(s.KeyLoc("speed"),
                "speed must be in [0, 1000] twin seconds per second (0 holds the clock), got " + FormatNumber(*v));
      } else {
        shot->speed = *v;
      }
    }
    if (previous) shot->start_clock_s = previous->start_clock_s + previous->duration_s * previous->speed;
    if (auto at = s.String("at", Need::kOptional)) {
      const auto clock = ParseClock(*at);
      if (!clock) {
        s.Error(s.KeyLoc("at"),
                "at must be a local time HH:MM or HH:MM:SS, e.g. \"10:30\" (quote it), got '" + *at + "'");
      } else {
        // an earlier time than the running clock is allowed: the replay goes back to it
        shot->start_clock_s = *clock;
      }
    } else if (previous == nullptr) {
      s.Error(s.Loc(), "the first shot needs `at: \"HH:MM\"`: the twin's local clock when the tour starts");
    }
  }

  std::string file_;
  Diagnostics* diags_;
};

}  // namespace

double Tour::duration_s() const {
  double total = 0;
  for (const TourShot& s : shots) total += s.duration_s;
  return total;
}

std::optional<Tour> ParseTour(const std::string& text, const std::string& file, Diagnostics* diags) {
  return world::ReadYamlText<Tour>(text, file, diags,
                                   [&](const YAML::Node& root) { return Reader(file, diags).Read(root); });
}

std::optional<Tour> LoadTour(const std::string& path, Diagnostics* diags) {
  return world::ReadYamlFile<Tour>(path, "tour file", diags,
                                   [&](const YAML::Node& root) { return Reader(path, diags).Read(root); });
}

TourMoment MomentAt(const Tour& tour, double t_s) {
  TourMoment m;
  if (tour.shots.empty()) return m;
  t_s = std::max(t_s, 0.0);
  double begin_s = 0;
  size_t i = 0;
  // the shot whose [begin, end) holds t; past the end: the last shot's last instant
  while (i + 1 < tour.shots.size() && t_s >= begin_s + tour.shots[i].duration_s) begin_s += tour.shots[i++].duration_s;
  const TourShot& shot = tour.shots[i];
  m.shot = static_cast<int>(i);
  m.shot_time_s = std::min(t_s - begin_s, shot.duration_s);
  m.flight = shot.transition_s > 0 ? Ease(shot.easing, m.shot_time_s / shot.transition_s) : 1.0;
  m.clock_s = shot.start_clock_s + m.shot_time_s * shot.speed;
  return m;
}

int FrameCount(const Tour& tour, double fps) {
  return std::max(1, static_cast<int>(std::llround(tour.duration_s() * fps)));
}

std::vector<int> LastFrameOfEachShot(const Tour& tour, double fps) {
  std::vector<int> last(tour.shots.size(), -1);
  const int n = FrameCount(tour, fps);
  for (int k = 0; k < n; ++k) last[static_cast<size_t>(MomentAt(tour, k / fps).shot)] = k;
  // a shot shorter than one frame gets none of its own: show the next frame drawn instead
  for (size_t i = last.size(); i-- > 0;) {
    if (last[i] < 0) last[i] = i + 1 < last.size() ? last[i + 1] : n - 1;
  }
  return last;
}

}  // namespace gatetwin::viewer
