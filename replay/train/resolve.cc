// Scenario and actions files, second pass: the world's lanes, booths and sensors they name.
#include "replay/train/scenario.h"

namespace gatetwin::replay::train {
namespace {

using world::Diagnostics;

class Resolver {
 public:
  Resolver(const world::World& world, Diagnostics* diags) : world_(world), diags_(diags) {}

  void Lane(Ref* ref) { Resolve(ref, "lane", world_.FindLane(ref->id)); }
  void Booth(Ref* ref) { Resolve(ref, "booth", world_.FindBooth(ref->id)); }
  void Sensor(Ref* ref) { Resolve(ref, "sensor", world_.FindSensor(ref->id)); }
  void Error(const world::SourceLoc& loc, std::string message) { diags_->Error(loc, std::move(message)); }

  void Incident(const std::string& id, const world::SourceLoc& loc, const std::vector<train::Incident>& incidents) {
    for (const auto& inc : incidents) {
      if (inc.id == id) return;
    }
    Error(loc, "no incident '" + id + "' in the scenario");
  }

  void Trigger(train::Trigger* t, const std::vector<train::Incident>& incidents) {
    if (t->kind == Trigger::Kind::kAfterIncident) Incident(t->incident, t->incident_loc, incidents);
    if (t->kind == Trigger::Kind::kQueue && !t->lane.id.empty()) {
      Lane(&t->lane);
      if (t->lane.index >= 0 && world_.booths.empty()) Error(t->lane.loc, "the world has no booths to queue at");
    }
  }

  void Action(train::Action* a, const std::vector<train::Incident>& incidents) {
    Trigger(&a->trigger, incidents);
    if (!a->lane.id.empty()) Lane(&a->lane);
    if (a->kind == ActionKind::kReverseLane && a->lane.index >= 0 &&
        world_.lanes[static_cast<size_t>(a->lane.index)].tidal_partner < 0) {
      Error(a->lane.loc, "lane '" + a->lane.id +
                             "' is not a tidal lane: only a lane with `tidal_with` in the world can be reversed");
    }
    if (!a->booth.id.empty()) Booth(&a->booth);
    if (a->kind == ActionKind::kAcknowledge || a->kind == ActionKind::kInject)
      Incident(a->incident, a->incident_loc, incidents);
  }

 private:
  void Resolve(Ref* ref, std::string_view what, int index) {
    ref->index = index;
    if (index >= 0) return;
    Error(ref->loc, std::string(what) + " '" + ref->id + "' is not in world '" + world_.name + "' (" + world_.phase +
                        "); `gatetwin world info` lists its elements");
  }

  const world::World& world_;
  Diagnostics* diags_;
};

}  // namespace

int BoothSensor(const world::World& w, int booth, world::SensorKind kind) {
  for (size_t s = 0; s < w.sensors.size(); ++s) {
    if (w.sensors[s].booth == booth && w.sensors[s].kind == kind) return static_cast<int>(s);
  }
  return -1;
}

bool ResolveScenario(const world::World& world, Scenario* sc, Diagnostics* diags) {
  Diagnostics local;
  Resolver r(world, &local);
  for (Ref& lane : sc->closed_lanes) r.Lane(&lane);
  for (Ref& booth : sc->closed_booths) r.Booth(&booth);
  for (Action& a : sc->baseline) r.Action(&a, sc->incidents);
  for (Incident& inc : sc->incidents) {
    r.Trigger(&inc.trigger, sc->incidents);
    if (inc.trigger.kind == Trigger::Kind::kAfterIncident && inc.trigger.incident == inc.id) {
      r.Error(inc.trigger.incident_loc, "an incident cannot follow itself");
    }
    switch (inc.kind) {
      case IncidentKind::kScannerFault:
        r.Booth(&inc.booth);
        if (inc.booth.index >= 0 && BoothSensor(world, inc.booth.index, world::SensorKind::kScanner) < 0) {
          r.Error(inc.booth.loc, "booth '" + inc.booth.id + "' has no scanner; a scanner fault needs an X-ray booth");
        }
        break;
      case IncidentKind::kBarrierStuck:
        r.Booth(&inc.booth);
        if (inc.booth.index >= 0 && BoothSensor(world, inc.booth.index, world::SensorKind::kBarrier) < 0) {
          r.Error(inc.booth.loc, "booth '" + inc.booth.id + "' has no barrier arm");
        }
        if (inc.duration_us <= 0) r.Error(inc.loc, "barrier_stuck: give how long the arm is stuck (`duration: 10m`)");
        break;
      case IncidentKind::kBoothBlocked:
        r.Booth(&inc.booth);
        if (inc.duration_us <= 0)
          r.Error(inc.loc, "booth_blocked: give how long the truck blocks it (`duration: 20m`)");
        break;
      case IncidentKind::kLaneClosure: r.Lane(&inc.lane); break;
      case IncidentKind::kSensorOffline: r.Sensor(&inc.sensor); break;
      case IncidentKind::kRain:
      case IncidentKind::kSurge:
      case IncidentKind::kPerishableConvoy: break;
    }
  }
  const bool good = !local.HasErrors();
  for (auto& d : local.TakeSorted({sc->file})) diags->Error(d.loc, d.message);
  return good;
}

bool ResolveActions(const world::World& world, const Scenario& sc, std::vector<Action>* actions, Diagnostics* diags) {
  Diagnostics local;
  Resolver r(world, &local);
  for (Action& a : *actions) r.Action(&a, sc.incidents);
  const bool good = !local.HasErrors();
  for (auto& d : local.TakeSorted({})) diags->Error(d.loc, d.message);
  return good;
}

bool AddInstructorIncidents(std::vector<Incident> incidents, Scenario* scenario, world::Diagnostics* diags) {
  bool good = true;
  for (Incident& inc : incidents) {
    for (const Incident& other : scenario->incidents) {
      if (inc.id.empty() || other.id != inc.id) continue;
      diags->Error(inc.loc, "incident id '" + inc.id + "' is also an incident of the scenario " + scenario->file +
                                ": give the instructor's incident an id of its own");
      good = false;
    }
    inc.by_instructor = true;
    scenario->incidents.push_back(std::move(inc));
  }
  return good;
}

}  // namespace gatetwin::replay::train
