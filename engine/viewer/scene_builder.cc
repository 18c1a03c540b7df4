// Builds the static scene of a world from its parts, and switches its language, layers and sensors.
#include "engine/viewer/scene_builder.h"

#include <cmath>

#include <osg/Fog>
#include <osg/Light>
#include <osg/LightModel>
#include <osg/LightSource>

#include "engine/viewer/labels.h"
#include "engine/viewer/scene_parts.h"
#include "engine/viewer/scene_sensors.h"

namespace gatetwin::viewer {

struct StaticScene::Impl {
  std::unique_ptr<Terrain> terrain;
  std::unique_ptr<SensorMarkers> sensors;
  std::unique_ptr<Labels> labels;
};

namespace {

osg::BoundingBox ModelledArea(const world::World& world) {
  osg::BoundingBox box;
  auto add = [&](const world::Vec3& v) {
    box.expandBy(osg::Vec3(static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)));
  };
  for (const auto& road : world.roads) {
    for (const auto& v : road.centreline) add(v);
  }
  for (const auto& lane : world.lanes) {
    for (const auto& v : lane.polyline) add(v);
  }
  for (const auto& zone : world.zones) {
    for (const auto& v : zone.polygon) add(v);
  }
  for (const auto& building : world.buildings) {
    for (const auto& v : building.footprint) {
      add(v);
      add({v.x, v.y, v.z + building.height_m});
    }
  }
  for (const auto& v : world.border.line) add(v);
  for (const auto& m : world.border.markers) add(m.position);
  if (!box.valid()) box.expandBy(osg::Vec3(0, 0, 0));
  // the roads' width is not in their centrelines
  box.expandBy(osg::Vec3(box.xMin() - 10, box.yMin() - 10, 0));
  box.expandBy(osg::Vec3(box.xMax() + 10, box.yMax() + 10, box.zMax() + 8));
  return box;
}

osg::Vec3 Centroid(const std::vector<world::Vec3>& ring) {
  osg::Vec3 c;
  for (const auto& v : ring) c += osg::Vec3(static_cast<float>(v.x), static_cast<float>(v.y), 0);
  return ring.empty() ? c : c / static_cast<float>(ring.size());
}

// the sun as GL light 0 (replacing the viewer's headlight), for lit geometry added under the
// root such as vehicles; the static scene has the same light baked in
osg::ref_ptr<osg::LightSource> Sun() {
  osg::ref_ptr<osg::Light> light = new osg::Light(0);
  const osg::Vec3 sun = SunDirection();
  light->setPosition(osg::Vec4(sun, 0));
  light->setAmbient(osg::Vec4(0.42f, 0.44f, 0.48f, 1));
  light->setDiffuse(osg::Vec4(0.62f, 0.6f, 0.56f, 1));
  light->setSpecular(osg::Vec4(0.2f, 0.2f, 0.2f, 1));
  osg::ref_ptr<osg::LightSource> source = new osg::LightSource;
  source->setLight(light);
  source->setReferenceFrame(osg::LightSource::RELATIVE_RF);
  return source;
}

}  // namespace

StaticScene::StaticScene() : impl_(std::make_unique<Impl>()), root_(new osg::Group) {}
StaticScene::~StaticScene() = default;

std::unique_ptr<StaticScene> StaticScene::Build(const world::World& world, Language language) {
  std::unique_ptr<StaticScene> scene(new StaticScene);
  scene->language_ = language;
  scene->bounds_ = ModelledArea(world);
  osg::Group* root = scene->root_.get();
  root->setName("static_scene:" + world.name + ":" + world.phase);

  osg::StateSet* state = root->getOrCreateStateSet();
  osg::ref_ptr<osg::LightSource> sun = Sun();
  root->addChild(sun);
  sun->setStateSetModes(*state, osg::StateAttribute::ON);
  osg::ref_ptr<osg::LightModel> light_model = new osg::LightModel;
  light_model->setAmbientIntensity(osg::Vec4(0.18f, 0.19f, 0.21f, 1));
  state->setAttributeAndModes(light_model);
  // the valley's haze: distant hills fade into the horizon colour of the sky
  osg::ref_ptr<osg::Fog> fog = new osg::Fog;
  fog->setMode(osg::Fog::LINEAR);
  fog->setStart(1200);
  fog->setEnd(9000);
  fog->setColor(HazeColour());
  state->setAttributeAndModes(fog);
  root->addChild(BuildSky());

  for (int i = 0; i < kLayerCount; ++i) {
    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->setNodeMask(1u << i);
    scene->layers_groups_[i] = group;
    root->addChild(group);
  }
  scene->layers_groups_[0]->setName("layer:ground");
  scene->layers_groups_[1]->setName("layer:lanes");
  scene->layers_groups_[2]->setName("layer:buildings");
  scene->layers_groups_[3]->setName("layer:sensors");
  scene->layers_groups_[4]->setName("layer:labels");
  scene->layers_groups_[5]->setName("layer:vehicles");
  scene->layers_groups_[6]->setName("layer:overlays");

  Impl& impl = *scene->impl_;
  impl.terrain = std::make_unique<Terrain>(world, scene->bounds_);
  scene->layer(kLayerGround)->addChild(impl.terrain->BuildNode());
  scene->layer(kLayerGround)->addChild(BuildZones(world));
  scene->layer(kLayerLanes)->addChild(BuildRoads(world, *impl.terrain));
  scene->layer(kLayerBuildings)->addChild(BuildStructures(world, *impl.terrain));
  impl.sensors = std::make_unique<SensorMarkers>(world);
  scene->layer(kLayerSensors)->addChild(impl.sensors->root());

  impl.labels = std::make_unique<Labels>(language);
  for (const auto& building : world.buildings) {
    impl.labels->Add(building.names,
                     Centroid(building.footprint) + osg::Vec3(0, 0, static_cast<float>(building.height_m) + 4),
                     Labels::Style::kBuilding);
  }
  for (const auto& zone : world.zones) {
    if (zone.kind != world::ZoneKind::kYard && zone.kind != world::ZoneKind::kPlaza) continue;
    impl.labels->Add(zone.names, Centroid(zone.polygon) + osg::Vec3(0, 0, 3), Labels::Style::kZone);
  }
  for (const auto& marker : world.border.markers) {
    const float x = static_cast<float>(marker.position.x), y = static_cast<float>(marker.position.y);
    const world::Names names{"Mốc " + marker.id, marker.id + "号界碑", "Marker " + marker.id};
    impl.labels->Add(names, osg::Vec3(x, y, impl.terrain->HeightAt(x, y) + 5), Labels::Style::kMarker);
  }
  // the two countries, either side of the border where the first road crosses it (roads are
  // drawn from Việt Nam toward China)
  if (!world.roads.empty() && world.border.line.size() >= 2) {
    const PolylineWalker road(world.roads[0].centreline);
    const PolylineWalker border(world.border.line);
    const osg::Vec3 mid = border.PointAt(border.length() / 2);
    const osg::Vec3 along = road.DirectionAt(0), side = RightOf(along);
    const float offset = static_cast<float>(border.length()) * 0.4f;
    impl.labels->Add({"VIỆT NAM", "越南", "VIET NAM"}, mid - along * 150 - side * offset + osg::Vec3(0, 0, 10),
                     Labels::Style::kRegion);
    impl.labels->Add({"TRUNG QUỐC", "中国", "CHINA"}, mid + along * 150 - side * offset + osg::Vec3(0, 0, 10),
                     Labels::Style::kRegion);
  }
  scene->layer(kLayerLabels)->addChild(impl.labels->root());
  return scene;
}

osg::Group* StaticScene::layer(Layer which) {
  for (int i = 0; i < kLayerCount; ++i) {
    if (static_cast<uint32_t>(which) == (1u << i)) return layers_groups_[i].get();
  }
  return nullptr;
}

void StaticScene::SetLanguage(Language language) {
  language_ = language;
  impl_->labels->SetLanguage(language);
}

void StaticScene::SetLayers(uint32_t mask) {
  layers_ = mask & kAllLayers;
  for (int i = 0; i < kLayerCount; ++i) layers_groups_[i]->setNodeMask((layers_ >> i) & 1u ? 1u << i : 0u);
}

void StaticScene::UpdateSensors(const engine::SceneSnapshot& snapshot, double wall_time_s) {
  const size_t n = impl_->sensors->size();
  std::vector<engine::Rgba8> colours(n, engine::SensorColour(engine::SnapshotSensor{}));
  // a fired sensor pulses between white and its idle colour, twice a second
  const float pulse = 0.5f + 0.5f * static_cast<float>(std::cos(wall_time_s * 2 * M_PI * 2));
  for (const auto& s : snapshot.sensors) {
    if (s.sensor >= n) continue;
    engine::Rgba8 c = engine::SensorColour(s);
    if (s.fired_recently && s.health == static_cast<uint8_t>(engine::SnapshotHealth::kOk)) {
      const engine::Rgba8 idle = engine::SensorColour(engine::SnapshotSensor{});
      auto mix = [pulse](uint8_t a, uint8_t b) { return static_cast<uint8_t>(a * pulse + b * (1 - pulse) + 0.5f); };
      c = {mix(c.r, idle.r), mix(c.g, idle.g), mix(c.b, idle.b), mix(c.a, idle.a)};
    }
    colours[s.sensor] = c;
  }
  for (size_t i = 0; i < n; ++i) impl_->sensors->SetColour(i, colours[i]);
}

engine::Rgba8 StaticScene::sensor_colour(size_t index) const { return impl_->sensors->colour(index); }

float StaticScene::GroundHeight(float x, float y) const { return impl_->terrain->HeightAt(x, y); }

}  // namespace gatetwin::viewer
