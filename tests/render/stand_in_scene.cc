// Stand-in scene: plain OSG geometry from the world and the snapshots, enough to see the viewer work.
#include "tests/render/stand_in_scene.h"

#include <osg/Geode>
#include <osg/Geometry>
#include <osg/LineWidth>
#include <osg/ShapeDrawable>

#include <algorithm>
#include <cmath>
#include <memory>

namespace gatetwin::testing_util {

namespace {

struct State {
  osg::ref_ptr<osg::Group> root, ground, lanes, buildings, vehicles;
  osg::ref_ptr<osg::Geode> vehicle_geode;
  int colouring = 0;
  uint32_t highlighted = viewer::kNoVehicle;
  engine::SceneSnapshot last;
};

osg::Vec4 Colour(engine::Rgba8 c) { return osg::Vec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f); }

// One geometry with a box (5 visible faces) per vehicle: rebuilt per snapshot, cheap for hundreds.
void RebuildVehicles(State& s) {
  auto geom = osg::ref_ptr<osg::Geometry>(new osg::Geometry);
  auto verts = new osg::Vec3Array, normals = new osg::Vec3Array;
  auto colours = new osg::Vec4Array;
  for (const auto& v : s.last.vehicles) {
    const osg::Vec4 colour = v.id == s.highlighted ? osg::Vec4(1, 1, 1, 1)
                             : s.colouring == 0    ? Colour(engine::StageColour(v.stage))
                                                   : Colour(engine::DirectionColour(v.direction));
    const float c = std::cos(v.heading_rad), sn = std::sin(v.heading_rad);
    const osg::Vec3 f(c * v.length_m / 2, sn * v.length_m / 2, 0), r(-sn * v.width_m / 2, c * v.width_m / 2, 0);
    const osg::Vec3 base(static_cast<float>(v.position.x), static_cast<float>(v.position.y),
                         static_cast<float>(v.position.z));
    const osg::Vec3 up(0, 0, v.height_m);
    const osg::Vec3 corners[4] = {base - f - r, base + f - r, base + f + r, base - f + r};
    auto quad = [&](osg::Vec3 a, osg::Vec3 b, osg::Vec3 cc, osg::Vec3 d, osg::Vec3 n) {
      for (const auto& p : {a, b, cc, d}) {
        verts->push_back(p);
        normals->push_back(n);
        colours->push_back(colour);
      }
    };
    quad(corners[0] + up, corners[1] + up, corners[2] + up, corners[3] + up, osg::Vec3(0, 0, 1));
    for (int i = 0; i < 4; ++i) {
      const osg::Vec3 a = corners[i], b = corners[(i + 1) % 4];
      osg::Vec3 n = (b - a) ^ osg::Vec3(0, 0, 1);
      n.normalize();
      quad(a, b, b + up, a + up, n);
    }
  }
  geom->setVertexArray(verts);
  geom->setNormalArray(normals, osg::Array::BIND_PER_VERTEX);
  geom->setColorArray(colours, osg::Array::BIND_PER_VERTEX);
  geom->addPrimitiveSet(new osg::DrawArrays(GL_QUADS, 0, static_cast<int>(verts->size())));
  s.vehicle_geode->removeDrawables(0, s.vehicle_geode->getNumDrawables());
  s.vehicle_geode->addDrawable(geom);
}

}  // namespace

viewer::SceneHooks MakeStandInScene(const world::World& world) {
  auto s = std::make_shared<State>();
  s->root = new osg::Group;
  s->ground = new osg::Group;
  s->lanes = new osg::Group;
  s->buildings = new osg::Group;
  s->vehicles = new osg::Group;
  s->vehicle_geode = new osg::Geode;
  s->vehicles->addChild(s->vehicle_geode);
  for (auto* g : {s->ground.get(), s->lanes.get(), s->buildings.get(), s->vehicles.get()}) s->root->addChild(g);

  osg::BoundingBox bounds;
  for (const auto& lane : world.lanes) {
    for (const auto& p : lane.polyline) bounds.expandBy(osg::Vec3(static_cast<float>(p.x), static_cast<float>(p.y), 0));
  }
  if (!bounds.valid()) bounds.expandBy(osg::BoundingSphere(osg::Vec3(), 100));
  const float margin = 120;
  {  // the ground: a flat quad under everything, slightly below the lanes
    auto geom = new osg::Geometry;
    auto verts = new osg::Vec3Array;
    verts->push_back(osg::Vec3(bounds.xMin() - margin, bounds.yMin() - margin, -0.2f));
    verts->push_back(osg::Vec3(bounds.xMax() + margin, bounds.yMin() - margin, -0.2f));
    verts->push_back(osg::Vec3(bounds.xMax() + margin, bounds.yMax() + margin, -0.2f));
    verts->push_back(osg::Vec3(bounds.xMin() - margin, bounds.yMax() + margin, -0.2f));
    geom->setVertexArray(verts);
    auto normals = new osg::Vec3Array;
    normals->push_back(osg::Vec3(0, 0, 1));
    geom->setNormalArray(normals, osg::Array::BIND_OVERALL);
    auto colours = new osg::Vec4Array;
    colours->push_back(osg::Vec4(0.23f, 0.29f, 0.25f, 1));
    geom->setColorArray(colours, osg::Array::BIND_OVERALL);
    geom->addPrimitiveSet(new osg::DrawArrays(GL_QUADS, 0, 4));
    auto geode = new osg::Geode;
    geode->addDrawable(geom);
    s->ground->addChild(geode);
  }
  {  // lanes as light lines
    auto geode = new osg::Geode;
    for (const auto& lane : world.lanes) {
      auto geom = new osg::Geometry;
      auto verts = new osg::Vec3Array;
      for (const auto& p : lane.polyline)
        verts->push_back(osg::Vec3(static_cast<float>(p.x), static_cast<float>(p.y), 0.05f));
      geom->setVertexArray(verts);
      auto colours = new osg::Vec4Array;
      colours->push_back(osg::Vec4(0.75f, 0.78f, 0.82f, 1));
      geom->setColorArray(colours, osg::Array::BIND_OVERALL);
      geom->addPrimitiveSet(new osg::DrawArrays(GL_LINE_STRIP, 0, static_cast<int>(verts->size())));
      geode->addDrawable(geom);
    }
    geode->getOrCreateStateSet()->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
    geode->getOrCreateStateSet()->setAttribute(new osg::LineWidth(2));
    s->lanes->addChild(geode);
  }
  {  // buildings: boxes over their footprints' extents
    auto geode = new osg::Geode;
    for (const auto& b : world.buildings) {
      osg::BoundingBox fb;
      for (const auto& p : b.footprint) fb.expandBy(osg::Vec3(static_cast<float>(p.x), static_cast<float>(p.y), 0));
      if (!fb.valid()) continue;
      const float h = static_cast<float>(b.height_m);
      auto box = new osg::ShapeDrawable(new osg::Box(osg::Vec3(fb.center().x(), fb.center().y(), h / 2),
                                                     fb.xMax() - fb.xMin(), fb.yMax() - fb.yMin(), h));
      box->setColor(osg::Vec4(0.62f, 0.64f, 0.68f, 1));
      geode->addDrawable(box);
    }
    s->buildings->addChild(geode);
  }
  bounds.expandBy(osg::Vec3(bounds.xMin(), bounds.yMin(), 30));

  viewer::SceneHooks hooks;
  hooks.root = s->root;
  hooks.bounds = bounds;
  hooks.set_layers = [s](uint32_t mask) {
    s->ground->setNodeMask(mask & (1u << 0) ? ~0u : 0u);
    s->lanes->setNodeMask(mask & (1u << 1) ? ~0u : 0u);
    s->buildings->setNodeMask(mask & (1u << 2) ? ~0u : 0u);
    s->vehicles->setNodeMask(mask & (1u << 5) ? ~0u : 0u);
  };
  hooks.set_colouring = [s](int colouring) {
    s->colouring = colouring;
    RebuildVehicles(*s);
  };
  hooks.on_snapshot = [s](const engine::SceneSnapshot& snapshot) {
    s->last = snapshot;
    RebuildVehicles(*s);
  };
  hooks.set_highlighted = [s](uint32_t id) {
    s->highlighted = id;
    RebuildVehicles(*s);
  };
  return hooks;
}

}  // namespace gatetwin::testing_util
