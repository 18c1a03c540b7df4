// Lane control signals: a light over each lane's approach showing whether trucks may take it.
#pragma once

#include <optional>
#include <vector>

#include <osg/Group>
#include <osg/Switch>
#include <osg/ref_ptr>

#include "engine/snapshot.h"
#include "replay/sim/microsim.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// A signal's light, bright (lit from inside, it ignores the sun); the control room's queue
/// bars mark closed and opening lanes in the same colours.
engine::Rgba8 SignalColour(replay::sim::LaneSignal signal);

/// One signal head per lane, hung from a gantry 60 m before the lane's first booth (or near its
/// start when it has none), facing the oncoming trucks: a green arrow (open), a red cross
/// (closed) or an amber arrow (a tidal lane about to open). Its top shows the same colour, for
/// cameras looking down. A recorded feed says nothing of lane closures, so the signals stay
/// hidden until Show() is given their states (a training session does, every frame).
class LaneSignals {
 public:
  explicit LaneSignals(const world::World& world);

  /// The gantries and heads; lives in the lanes layer.
  osg::Group* root() { return root_.get(); }
  /// Shows each lane's signal (world.lanes order; missing lanes show nothing).
  void Show(const std::vector<replay::sim::LaneSignal>& signals);
  /// Hides every signal (and the gantries) again.
  void Hide();
  bool shown() const { return root_->getNodeMask() != 0; }
  /// What lane `lane`'s head shows: nothing while hidden, for a lane without a head or one
  /// Show() was not given.
  std::optional<replay::sim::LaneSignal> signal(size_t lane) const;

  /// The middle of lane `lane`'s signal face, as drivers see it (local metres).
  osg::Vec3 face_centre(size_t lane) const { return lane < heads_.size() ? heads_[lane].face : osg::Vec3(); }
  /// The middle of the head's top (what a camera from above sees).
  osg::Vec3 top_centre(size_t lane) const { return lane < heads_.size() ? heads_[lane].top : osg::Vec3(); }

 private:
  struct Head {
    osg::ref_ptr<osg::Switch> states;  // child per LaneSignal value
    int shown = -1;                    // the child on, or -1
    osg::Vec3 face, top;
  };
  osg::ref_ptr<osg::Group> root_;
  std::vector<Head> heads_;
};

}  // namespace gatetwin::viewer
