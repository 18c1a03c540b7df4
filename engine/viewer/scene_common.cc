// Shared helpers of the scene parts: draw-order decks, mesh nodes, walking along polylines.
#include <algorithm>
#include <cmath>

#include <osg/BlendFunc>
#include <osg/PolygonOffset>

#include "engine/viewer/scene_parts.h"

namespace gatetwin::viewer {

float DeckLift(Deck deck) {
  switch (deck) {
    case Deck::kZones: return 0.03f;
    case Deck::kAsphalt: return 0.06f;
    case Deck::kMarkings: return 0.09f;
    case Deck::kShadows: return 0.12f;
    default: return 0.0f;
  }
}

osg::ref_ptr<osg::StateSet> DeckState(Deck deck) {
  osg::ref_ptr<osg::StateSet> state = new osg::StateSet;
  state->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  const int order = static_cast<int>(deck);
  state->setRenderBinDetails(order, "RenderBin");
  const int level = order - static_cast<int>(Deck::kGround);
  if (deck != Deck::kSky && level > 0) {
    // the lift alone is not enough at a kilometre with a 24-bit depth buffer
    state->setAttributeAndModes(new osg::PolygonOffset(-1.0f * static_cast<float>(level), -2.0f * level));
  }
  return state;
}

osg::ref_ptr<osg::Geode> MeshNode(const Mesh& mesh, osg::StateSet* state) {
  osg::ref_ptr<osg::Geode> geode = new osg::Geode;
  if (auto geometry = mesh.Build()) geode->addDrawable(geometry);
  if (state) geode->setStateSet(state);
  return geode;
}

PolylineWalker::PolylineWalker(const std::vector<world::Vec3>& points) {
  for (const auto& p : points) {
    const osg::Vec3 v(static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.z));
    if (!points_.empty() && (v - points_.back()).length2() < 1e-6f) continue;
    cumulative_.push_back(points_.empty() ? 0.0 : cumulative_.back() + (v - points_.back()).length());
    points_.push_back(v);
  }
}

size_t PolylineWalker::Segment(double s) const {
  if (points_.size() < 2) return 0;
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), s);
  const size_t i = static_cast<size_t>(std::max<std::ptrdiff_t>(0, it - cumulative_.begin() - 1));
  return std::min(i, points_.size() - 2);
}

osg::Vec3 PolylineWalker::PointAt(double s) const {
  if (points_.empty()) return osg::Vec3();
  if (points_.size() == 1) return points_[0];
  s = std::clamp(s, 0.0, length());
  const size_t i = Segment(s);
  const double span = cumulative_[i + 1] - cumulative_[i];
  const float t = span > 0 ? static_cast<float>((s - cumulative_[i]) / span) : 0.0f;
  return points_[i] * (1 - t) + points_[i + 1] * t;
}

osg::Vec3 PolylineWalker::DirectionAt(double s) const {
  if (points_.size() < 2) return osg::Vec3(0, 1, 0);
  const size_t i = Segment(std::clamp(s, 0.0, length()));
  osg::Vec3 d = points_[i + 1] - points_[i];
  d.z() = 0;
  d.normalize();
  return d;
}

std::vector<osg::Vec3> PolylineWalker::Slice(double s0, double s1) const {
  std::vector<osg::Vec3> out;
  s0 = std::clamp(s0, 0.0, length());
  s1 = std::clamp(s1, 0.0, length());
  if (s1 <= s0 || points_.size() < 2) return out;
  out.push_back(PointAt(s0));
  for (size_t i = 1; i + 1 < points_.size(); ++i) {
    if (cumulative_[i] > s0 && cumulative_[i] < s1) out.push_back(points_[i]);
  }
  out.push_back(PointAt(s1));
  return out;
}

}  // namespace gatetwin::viewer
