// Internal interfaces between the static scene's parts (ground, roads, structures, sensors).
#pragma once

#include <vector>

#include <osg/BoundingBox>
#include <osg/Geode>
#include <osg/Node>
#include <osg/StateSet>
#include <osg/ref_ptr>

#include "engine/viewer/scene_mesh.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// The draw order of flat layers lying on the ground: each later one is drawn after (and
/// depth-offset above) the one before, so coplanar surfaces never flicker. The sky comes after
/// all opaque geometry, so it fills only the pixels nothing else covered.
enum class Deck : int { kGround = -6, kZones = -5, kAsphalt = -4, kMarkings = -3, kShadows = -2, kSky = 9 };

/// Height each deck is lifted above the ground, in metres (with polygon offset on top).
float DeckLift(Deck deck);

/// A state set for an unlit (light baked into colours) drawable on `deck`.
osg::ref_ptr<osg::StateSet> DeckState(Deck deck);

/// A Geode holding `mesh`'s geometry with `state` (an empty Geode when the mesh is empty).
osg::ref_ptr<osg::Geode> MeshNode(const Mesh& mesh, osg::StateSet* state);

/// Distance along a polyline → point and unit direction (plan), for placing things on lanes.
class PolylineWalker {
 public:
  explicit PolylineWalker(const std::vector<world::Vec3>& points);
  double length() const { return cumulative_.empty() ? 0 : cumulative_.back(); }
  /// The point at `s` metres (clamped) and the direction of travel there.
  osg::Vec3 PointAt(double s) const;
  osg::Vec3 DirectionAt(double s) const;
  /// The part of the line between `s0` and `s1` (clamped), as points.
  std::vector<osg::Vec3> Slice(double s0, double s1) const;
  const std::vector<osg::Vec3>& points() const { return points_; }

 private:
  size_t Segment(double s) const;
  std::vector<osg::Vec3> points_;
  std::vector<double> cumulative_;
};

/// Right-hand unit normal (plan) of a direction.
inline osg::Vec3 RightOf(const osg::Vec3& direction) { return osg::Vec3(direction.y(), -direction.x(), 0); }

/// The ground: flat under the gate area, with hills rising away from it.
class Terrain {
 public:
  /// `area` is the modelled area; the terrain reaches kilometres beyond it.
  Terrain(const world::World& world, const osg::BoundingBox& area);
  /// Height at (x, y) in metres (0 in the flat area).
  float HeightAt(float x, float y) const;
  /// The terrain mesh and its forest, for the ground layer.
  osg::ref_ptr<osg::Node> BuildNode() const;

 private:
  float FlatDistance(float x, float y) const;
  struct Segment {
    osg::Vec2 a, b;
    float half_width;
  };
  std::vector<Segment> segments_;
  std::vector<std::vector<osg::Vec2>> polygons_;
  osg::BoundingBox area_;
};

/// The sky dome (follows the eye, drawn behind everything).
osg::ref_ptr<osg::Node> BuildSky();
/// Horizon haze colour: the fog colour and the bottom of the sky.
osg::Vec4 HazeColour();

/// Zones (plaza, yards with bays, queues): part of the ground layer.
osg::ref_ptr<osg::Node> BuildZones(const world::World& world);
/// Asphalt, lane markings, arrows, stop lines, junction aprons and the border line.
osg::ref_ptr<osg::Node> BuildRoads(const world::World& world, const Terrain& terrain);
/// Buildings, booths with canopies, barriers, scanner portals, weighbridges, border markers,
/// and their shadows.
osg::ref_ptr<osg::Node> BuildStructures(const world::World& world, const Terrain& terrain);

}  // namespace gatetwin::viewer
