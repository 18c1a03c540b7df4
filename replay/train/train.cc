// A training shift end to end: loading, the two runs, the score and the JSON report (train.h).
#include "replay/train/train.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>
#include <streambuf>

#include "replay/sim/feed_arrivals.h"
#include "world/load.h"

namespace gatetwin::replay::train {
namespace {

using engine::TimeUs;
using Json = nlohmann::ordered_json;

// a stream that forgets what it is given: the baseline's feed is not needed
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

void TakeErrors(world::Diagnostics* diags, const std::vector<std::string>& order, std::vector<std::string>* errors) {
  for (const auto& d : diags->TakeSorted(order)) errors->push_back(d.ToString());
}

sim::SimOptions Options(const ShiftSetup& s, sim::Controller* controller, double step_s) {
  sim::SimOptions o;
  o.seed = s.scenario.seed;
  o.start_us = s.scenario.start_us;
  o.duration_us = s.scenario.duration_us;
  o.drain_us = s.scenario.drain_us;
  o.step_s = step_s;
  o.controller = controller;
  for (const sim::Arrival& a : s.arrivals) {
    if (a.t_us >= o.start_us && a.t_us < o.start_us + o.duration_us) o.arrivals.push_back(a);
  }
  return o;
}

Json Time(TimeUs t) { return t < 0 ? Json(nullptr) : Json(engine::FormatRfc3339(t)); }

Json KpisJson(const ShiftKpis& k) {
  return Json{{"trucks", k.trucks},
              {"completed", k.completed},
              {"still_inside", k.still_inside},
              {"unroutable", k.unroutable},
              {"perishable_trucks", k.perishable_trucks},
              {"total_delay_h", k.total_delay_h},
              {"perishable_delay_h", k.perishable_delay_h},
              {"mean_delay_min", k.mean_delay_min},
              {"peak_queue", k.peak_queue},
              {"peak_queue_at", Time(k.peak_queue_us)},
              {"peak_queue_by_direction",
               {{"vn_to_cn", k.peak_queue_by_direction[0]}, {"cn_to_vn", k.peak_queue_by_direction[1]}}}};
}

// trucks not yet through a booth, every 5 minutes of the shift
Json SeriesJson(const ShiftLog& log) {
  Json series = Json::array();
  for (const QueueSample& q : log.queue_series) {
    series.push_back({{"t", Time(q.t_us)}, {"vn_to_cn", q.queue[0]}, {"cn_to_vn", q.queue[1]}});
  }
  return series;
}

Json NamesJson(const world::Names& n) { return Json{{"vi", n.vi}, {"zh", n.zh}, {"en", n.en}}; }

std::string ReportJson(const ShiftSetup& s, const TrainingRun& run, const std::string& replay_json) {
  const Scenario& sc = s.scenario;
  Json j;
  j["scenario"] = {{"name", sc.name},
                   {"names", NamesJson(sc.names)},
                   {"file", sc.file},
                   {"actions_file", s.actions_file},
                   {"world", s.world.name},
                   {"phase", s.world.phase},
                   {"start", Time(sc.start_us)},
                   {"end", Time(sc.start_us + sc.duration_us)},
                   {"seed", sc.seed}};
  Json comps = Json::object();
  for (const auto& c : run.score.components) {
    comps[c.name] = {{"weight", c.weight}, {"fraction", c.fraction}, {"applies", c.applies}};
  }
  j["score"] = {{"total", run.score.total}, {"components", comps}};
  j["trainee"] = KpisJson(run.trainee.kpis);
  j["baseline"] = KpisJson(run.baseline.kpis);
  Json incidents = Json::array();
  for (const auto& r : run.score.responses) {
    const Incident& inc = sc.incidents[static_cast<size_t>(r.incident)];
    incidents.push_back({{"id", inc.id},
                         {"kind", ToString(inc.kind)},
                         {"names", NamesJson(inc.names)},
                         {"alarm", inc.alarm},
                         {"by_instructor", inc.by_instructor},
                         {"fired_at", Time(r.fired_us)},
                         {"baseline_fired_at", Time(run.baseline.log.fired_us[static_cast<size_t>(r.incident)])},
                         {"acknowledged_at", Time(r.acknowledged_us)},
                         {"response_s", r.response_s < 0 ? Json(nullptr) : Json(r.response_s)},
                         {"response_fraction", r.fraction}});
  }
  j["incidents"] = incidents;
  Json timeline = Json::array();
  for (const TimelineEntry& e : run.trainee.log.timeline) {
    timeline.push_back({{"t", Time(e.t_us)}, {"type", ToString(e.type)}, {"what", e.what}, {"detail", e.detail}});
  }
  j["timeline"] = timeline;
  j["queue_series"] = SeriesJson(run.trainee.log);
  j["baseline_queue_series"] = SeriesJson(run.baseline.log);
  if (!replay_json.empty()) j["replay"] = Json::parse(replay_json);
  return j.dump(2) + "\n";
}

}  // namespace

std::optional<ShiftSetup> LoadShift(const std::string& scenario_path, const std::string& actions_path,
                                    std::vector<std::string>* errors) {
  world::Diagnostics diags;
  auto scenario = LoadScenario(scenario_path, &diags);
  if (!scenario) {
    TakeErrors(&diags, {scenario_path}, errors);
    return std::nullopt;
  }
  world::LoadResult loaded = world::LoadWorld(scenario->world_path);
  if (!loaded.world) {
    for (const auto& d : loaded.errors) errors->push_back(d.ToString());
    errors->push_back(scenario_path + ": the scenario's world " + scenario->world_path + " has errors");
    return std::nullopt;
  }
  ShiftSetup s{std::move(*loaded.world), std::move(*scenario), {}, {}, {}, actions_path};
  bool good = true;
  if (!actions_path.empty()) {
    if (auto file = LoadActions(actions_path, s.scenario.start_us, &diags)) {
      s.actions = std::move(file->actions);
      good &= AddInstructorIncidents(std::move(file->incidents), &s.scenario, &diags);
    } else {
      good = false;
    }
  }
  good &= ResolveScenario(s.world, &s.scenario, &diags);
  const Traffic& traffic = s.scenario.traffic;
  s.demand = sim::DefaultDemand(std::max(0.0, traffic.trucks_per_day));
  if (!traffic.demand_path.empty()) {
    if (auto demand = sim::LoadDemand(traffic.demand_path, &diags)) {
      s.demand = std::move(*demand);
      good &= sim::CheckDemandAgainstWorld(s.demand, s.world, errors);
    } else {
      good = false;
    }
  }
  if (!traffic.feed_paths.empty()) {
    // only the feed's trucks arrive; the demand (or the default day) gives their shares
    auto from = sim::ArrivalsFromFeed(s.world, traffic.feed_paths);
    errors->insert(errors->end(), from.errors.begin(), from.errors.end());
    good &= from.ok;
    s.demand = s.demand.Scaled(0);
    s.arrivals = std::move(from.arrivals);
  }
  good &= ResolveActions(s.world, s.scenario, &s.actions, &diags);
  TakeErrors(&diags, {scenario_path, traffic.demand_path, actions_path}, errors);
  if (!good || !errors->empty()) return std::nullopt;
  return s;
}

PolicyRun RunPolicy(const ShiftSetup& setup, const std::vector<Action>& actions, double step_s, std::ostream* feed) {
  PolicyRun run;
  Shift shift(setup.world, setup.scenario, actions);
  NullBuffer nothing;
  std::ostream discard(&nothing);
  run.sim = sim::Simulate(setup.world, setup.demand, Options(setup, &shift, step_s), feed ? *feed : discard);
  shift.Finish(run.sim.refusals);
  run.log = shift.log();
  run.kpis = Measure(run.sim, run.log);
  return run;
}

TrainingRun RunTraining(const ShiftSetup& setup, const TrainingOptions& options) {
  TrainingRun run;
  // the baseline faces the same shift: the incidents the instructor injected strike it too
  std::vector<Action> baseline = setup.scenario.baseline;
  for (const Action& a : setup.actions) {
    if (a.kind == ActionKind::kInject) baseline.push_back(a);
  }
  run.baseline = RunPolicy(setup, baseline, options.step_s);
  // the trainee's run goes through the whole replay pipeline: the report shows what the
  // control room's sensors reported, and --record keeps the session for the review
  Shift shift(setup.world, setup.scenario, setup.actions);
  sim::SimulationOptions sim_options;
  sim_options.sim = Options(setup, &shift, options.step_s);
  sim_options.record_path = options.record_path;
  sim::SimulationRun sim_run = sim::RunSimulation(setup.world, setup.demand, sim_options);
  run.errors = sim_run.errors;
  // a shift whose sensors reported nothing still has a score: the ground truth is complete
  if (!sim_run.ok && sim_run.sim.feed.events > 0) return run;
  shift.Finish(sim_run.sim.refusals);
  run.trainee.sim = std::move(sim_run.sim);
  run.trainee.log = shift.log();
  run.trainee.kpis = Measure(run.trainee.sim, run.trainee.log);
  run.score = ScoreShift(setup.scenario, run.baseline.kpis, run.trainee.kpis, run.trainee.log);
  run.replay_report_json = sim_run.report_json;
  run.report_json = ReportJson(setup, run, sim_run.report_json);
  run.ok = true;
  return run;
}

}  // namespace gatetwin::replay::train
