// Instanced vehicle drawing: per-shape instance arrays rebuilt by a sorted merge on Sync, moved by a uniform.
#include "engine/viewer/vehicle_layer.h"

#include <osg/BlendFunc>
#include <osg/CullFace>
#include <osg/Depth>
#include <osg/Geode>
#include <osg/Geometry>
#include <osg/PolygonOffset>
#include <osg/Program>
#include <osg/VertexAttribDivisor>
#include <osgUtil/CullVisitor>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

#include "engine/viewer/truck_mesh.h"

namespace gatetwin::viewer {
namespace {

// Generic attribute slots. 0 aliases gl_Vertex and some drivers alias 2, 3 and 8+ to the
// fixed-function arrays; 6 and 10..14 are free everywhere.
constexpr unsigned kAttrOffset = 6;
constexpr unsigned kAttrFrom = 10;    // x, y, z, heading drawn at the last Sync
constexpr unsigned kAttrDelta = 11;   // change to the snapshot's pose
constexpr unsigned kAttrSize = 12;    // length, width, height, highlighted (0/1)
constexpr unsigned kAttrColour = 13;  // stage or direction colour, as chosen by SetColouring

// Lighting is per vertex: the meshes have flat faces (one normal per face), so this equals
// per-pixel Lambert at a fraction of llvmpipe's fragment cost.
constexpr const char* kBodyVertexShader = R"(#version 120
attribute vec3 a_offset;
attribute vec4 a_from;
attribute vec4 a_delta;
attribute vec4 a_size;
attribute vec4 a_colour;
uniform float u_alpha;
uniform float u_selection_frame;
uniform float u_mirror;  // 1 on the distant meshes: turn the side and end toward the eye
uniform vec3 u_eye;
uniform vec3 u_sun;
varying vec3 v_colour;

void main() {
  vec4 pose = a_from + u_alpha * a_delta;
  vec3 local = gl_Vertex.xyz * a_size.xyz + a_offset;
  vec3 n_local = gl_Normal;
  vec4 colour = gl_Color;
  float c = cos(pose.w);
  float s = sin(pose.w);
  if (u_mirror > 0.5) {
    vec2 e = u_eye.xy - pose.xy;
    vec2 eye_local = vec2(c * e.x + s * e.y, c * e.y - s * e.x);
    if (abs(n_local.y) > 0.5 && eye_local.y < 0.0) {
      local.y = -local.y;
      n_local.y = -n_local.y;
    }
    if (abs(n_local.x) > 0.5 && eye_local.x < 0.0) {
      local.x = -local.x;
      n_local.x = -n_local.x;
      colour = vec4(1.0);  // the rear end is body, never cab
    }
  }
  vec3 world = vec3(c * local.x - s * local.y, s * local.x + c * local.y, local.z) + pose.xyz;
  gl_Position = gl_ModelViewProjectionMatrix * vec4(world, 1.0);
  vec3 n = vec3(c * n_local.x - s * n_local.y, s * n_local.x + c * n_local.y, n_local.z);
  vec3 base = colour.rgb * mix(vec3(1.0), a_colour.rgb, colour.a);
  if (a_size.w > 0.5) base = mix(base, vec3(1.0), 0.35);
  float sun = max(dot(n, u_sun), 0.0);
  // neutral grey light: a tinted sky would shift the palette's hues, which the legend relies on
  vec3 ambient = vec3(mix(0.30, 0.44, 0.5 + 0.5 * n.z));
  // darker toward the road: cheap contact shading that seats the vehicle on the ground
  float contact = 0.72 + 0.28 * clamp(local.z / 1.3, 0.0, 1.0);
  v_colour = base * (ambient + 0.68 * sun) * contact;
  if (u_selection_frame > 0.5) v_colour = vec3(1.0, 1.0, 0.85);
}
)";

constexpr const char* kBodyFragmentShader = R"(#version 120
varying vec3 v_colour;
void main() { gl_FragColor = vec4(v_colour, 1.0); }
)";

// The soft shadow: the footprint stretched away from the sun by the vehicle's height.
constexpr const char* kShadowVertexShader = R"(#version 120
attribute vec3 a_offset;
attribute vec4 a_from;
attribute vec4 a_delta;
attribute vec4 a_size;
uniform float u_alpha;
uniform vec3 u_sun;
varying float v_opacity;

void main() {
  vec4 pose = a_from + u_alpha * a_delta;
  vec2 local = gl_Vertex.xy * a_size.xy + a_offset.xy;
  float c = cos(pose.w);
  float s = sin(pose.w);
  vec2 r = vec2(c * local.x - s * local.y, s * local.x + c * local.y);
  vec2 shift = -u_sun.xy / max(u_sun.z, 0.4) * a_size.z;
  if (dot(r, shift) > 0.0) r += shift;
  gl_Position = gl_ModelViewProjectionMatrix * vec4(r + pose.xy, pose.z + 0.05, 1.0);
  v_opacity = gl_Color.a * 0.42;
}
)";

constexpr const char* kShadowFragmentShader = R"(#version 120
varying float v_opacity;
void main() { gl_FragColor = vec4(0.02, 0.03, 0.06, v_opacity); }
)";

// A bounding box the layer computes from the instances: OSG would otherwise bound the unit mesh
// at the origin and cull the vehicles, or clip them with a wrong near/far range.
struct InstanceBounds : osg::Drawable::ComputeBoundingBoxCallback {
  osg::BoundingBox box;
  osg::BoundingBox computeBound(const osg::Drawable&) const override { return box; }
};

// The static arrays of one mesh, shared by every geometry that draws it.
struct MeshArrays {
  osg::ref_ptr<osg::Vec3Array> unit, offset, normal;
  osg::ref_ptr<osg::Vec4Array> colour;
  std::vector<uint16_t> indices;
};

MeshArrays ToArrays(const VehicleMesh& mesh) {
  MeshArrays a{new osg::Vec3Array, new osg::Vec3Array, new osg::Vec3Array, new osg::Vec4Array, mesh.indices};
  for (const MeshVertex& v : mesh.vertices) {
    a.unit->push_back({v.unit[0], v.unit[1], v.unit[2]});
    a.offset->push_back({v.offset_m[0], v.offset_m[1], v.offset_m[2]});
    a.normal->push_back({v.normal[0], v.normal[1], v.normal[2]});
    a.colour->push_back({v.colour[0], v.colour[1], v.colour[2], v.colour[3]});
  }
  return a;
}

// Per-instance data of one draw, one element per vehicle.
struct InstanceArrays {
  osg::ref_ptr<osg::Vec4Array> from = new osg::Vec4Array, delta = new osg::Vec4Array, size = new osg::Vec4Array;
  osg::ref_ptr<osg::Vec4ubArray> colour = new osg::Vec4ubArray;

  InstanceArrays() { colour->setNormalize(true); }
  size_t count() const { return from->size(); }
  void Clear() {
    from->clear();
    delta->clear();
    size->clear();
    colour->clear();
  }
  void Dirty() {
    from->dirty();
    delta->dirty();
    size->dirty();
    colour->dirty();
  }
};

// One instanced draw of `mesh` over `instances`.
struct InstancedDraw {
  osg::ref_ptr<osg::Geometry> geometry;
  osg::ref_ptr<osg::DrawElementsUShort> elements;

  InstancedDraw(const MeshArrays& mesh, const InstanceArrays& instances, InstanceBounds* bounds) {
    geometry = new osg::Geometry;
    geometry->setDataVariance(osg::Object::DYNAMIC);
    geometry->setUseDisplayList(false);
    geometry->setUseVertexBufferObjects(true);
    geometry->setVertexArray(mesh.unit);
    geometry->setNormalArray(mesh.normal, osg::Array::BIND_PER_VERTEX);
    geometry->setColorArray(mesh.colour, osg::Array::BIND_PER_VERTEX);
    geometry->setVertexAttribArray(kAttrOffset, mesh.offset, osg::Array::BIND_PER_VERTEX);
    geometry->setVertexAttribArray(kAttrFrom, instances.from, osg::Array::BIND_PER_VERTEX);
    geometry->setVertexAttribArray(kAttrDelta, instances.delta, osg::Array::BIND_PER_VERTEX);
    geometry->setVertexAttribArray(kAttrSize, instances.size, osg::Array::BIND_PER_VERTEX);
    geometry->setVertexAttribArray(kAttrColour, instances.colour, osg::Array::BIND_PER_VERTEX);
    elements = new osg::DrawElementsUShort(GL_TRIANGLES, mesh.indices.begin(), mesh.indices.end());
    geometry->addPrimitiveSet(elements);
    geometry->setComputeBoundingBoxCallback(bounds);
    geometry->setNodeMask(0);
  }

  // numInstances 0 would mean "not instanced" to OSG (one draw reading past the arrays): hide instead
  void Show(size_t instances) {
    elements->setNumInstances(static_cast<int>(instances));
    geometry->setNodeMask(instances > 0 ? ~0u : 0u);
    geometry->dirtyBound();
  }
};

osg::Vec4ub ToVec4ub(engine::Rgba8 c) { return {c.r, c.g, c.b, c.a}; }

float WrapAngle(float a) { return std::remainder(a, 2 * std::numbers::pi_v<float>); }

osg::ref_ptr<osg::Program> MakeProgram(const char* vertex, const char* fragment) {
  osg::ref_ptr<osg::Program> program = new osg::Program;
  program->addShader(new osg::Shader(osg::Shader::VERTEX, vertex));
  program->addShader(new osg::Shader(osg::Shader::FRAGMENT, fragment));
  program->addBindAttribLocation("a_offset", kAttrOffset);
  program->addBindAttribLocation("a_from", kAttrFrom);
  program->addBindAttribLocation("a_delta", kAttrDelta);
  program->addBindAttribLocation("a_size", kAttrSize);
  program->addBindAttribLocation("a_colour", kAttrColour);
  return program;
}

// One tracked vehicle, sorted by id: its motion and looks, and where its draw data sits.
struct Track {
  uint32_t id = 0;
  uint8_t shape = 0;
  uint8_t draw = 0;  // index into the layer's draws: shape * kVehicleDetailCount + detail
  uint32_t index = 0;
  osg::Vec4 from, delta, size;
  osg::Vec4ub stage_colour, direction_colour;
};

// A vehicle gets the near mesh when a metre of it covers at least this many pixels (a 12 m truck
// 90 px long); smaller, its lamps and wheels would be a pixel or two and cost vertices for nothing.
// Under kFarPixelsPerMetre (the truck under 24 px long) the cab's shape and windscreen go too.
constexpr double kNearPixelsPerMetre = 7.5;
constexpr double kFarPixelsPerMetre = 2;

// What the last culling camera saw, for choosing each vehicle's level of detail.
struct LodCamera {
  bool known = false;
  bool perspective = true;
  osg::Vec3 eye;
  double pixels_per_metre = 0;  // perspective: at 1 m from the eye; orthographic: everywhere

  // The detail for a vehicle `distance2` (squared) from the eye; far until a camera was seen.
  VehicleDetail DetailAt(double distance2) const {
    if (!known) return VehicleDetail::kFar;
    const double scale2 = pixels_per_metre * pixels_per_metre / (perspective ? std::max(distance2, 1e-6) : 1.0);
    if (scale2 >= kNearPixelsPerMetre * kNearPixelsPerMetre) return VehicleDetail::kNear;
    return scale2 >= kFarPixelsPerMetre * kFarPixelsPerMetre ? VehicleDetail::kFar : VehicleDetail::kDistant;
  }

  // True when the vehicles' details chosen for `other` may differ from this camera's: the scale
  // changed by 5 %, or the eye moved 5 % of the distance where the near detail ends.
  bool Differs(const LodCamera& other) const {
    if (known != other.known || perspective != other.perspective) return true;
    if (!known) return false;
    if (std::fabs(pixels_per_metre - other.pixels_per_metre) > 0.05 * other.pixels_per_metre) return true;
    const double near_m = pixels_per_metre / kNearPixelsPerMetre;
    return perspective && (eye - other.eye).length2() > 0.0025 * near_m * near_m;
  }
};

constexpr int kDrawCount = kVehicleShapeCount * kVehicleDetailCount;

}  // namespace

struct VehicleLayer::Impl {
  osg::ref_ptr<osg::Group> root = new osg::Group;
  std::array<MeshArrays, kDrawCount> meshes;
  MeshArrays shadow_mesh, frame_mesh;
  std::array<InstanceArrays, kDrawCount> instances;
  InstanceArrays frame_instance;  // the highlighted vehicle only
  std::array<osg::ref_ptr<InstanceBounds>, kDrawCount> bounds;
  osg::ref_ptr<InstanceBounds> frame_bounds = new InstanceBounds;
  std::vector<InstancedDraw> bodies, shadows;
  std::optional<InstancedDraw> frame;
  osg::ref_ptr<osg::Uniform> alpha_uniform = new osg::Uniform("u_alpha", 0.0f);
  osg::ref_ptr<osg::Uniform> sun_uniform = new osg::Uniform("u_sun", osg::Vec3(0, 0, 1));
  osg::ref_ptr<osg::Uniform> eye_uniform = new osg::Uniform("u_eye", osg::Vec3(0, 0, 1000));

  std::vector<Track> tracks, next_tracks;
  std::vector<engine::SnapshotVehicle> sorted;  // only used when a snapshot arrives out of order
  float alpha = 0;
  VehicleColouring colouring = VehicleColouring::kByStage;
  uint32_t highlighted_id = kNoHighlight;
  LodCamera camera;       // the latest culling camera
  LodCamera partitioned;  // the camera the instance arrays were split for

  Impl();
  void Partition();
  void ApplyHighlight();
  void OnCull(const osgUtil::CullVisitor& cv);
  class LodCullCallback;
};

// Watches the culling camera: when it has moved enough to change which vehicles are near, the
// instances are split again before this frame is drawn.
class VehicleLayer::Impl::LodCullCallback : public osg::NodeCallback {
 public:
  explicit LodCullCallback(Impl* impl) : impl_(impl) {}
  void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
    if (const osgUtil::CullVisitor* cv = nv->asCullVisitor()) impl_->OnCull(*cv);
    traverse(node, nv);
  }

 private:
  Impl* impl_;
};

VehicleLayer::Impl::Impl() {
  shadow_mesh = ToArrays(BuildShadowMesh());
  frame_mesh = ToArrays(BuildSelectionFrameMesh());
  auto body_geode = osg::ref_ptr<osg::Geode>(new osg::Geode);
  auto shadow_geode = osg::ref_ptr<osg::Geode>(new osg::Geode);
  auto frame_geode = osg::ref_ptr<osg::Geode>(new osg::Geode);
  for (int d = 0; d < kDrawCount; ++d) {
    meshes[d] = ToArrays(BuildVehicleMesh(static_cast<VehicleShape>(d / kVehicleDetailCount),
                                          static_cast<VehicleDetail>(d % kVehicleDetailCount)));
    bounds[d] = new InstanceBounds;
    bodies.emplace_back(meshes[d], instances[d], bounds[d].get());
    shadows.emplace_back(shadow_mesh, instances[d], bounds[d].get());
    body_geode->addDrawable(bodies.back().geometry);
    shadow_geode->addDrawable(shadows.back().geometry);
    if (d % kVehicleDetailCount == static_cast<int>(VehicleDetail::kDistant)) {
      osg::StateSet* distant = bodies.back().geometry->getOrCreateStateSet();
      distant->addUniform(new osg::Uniform("u_mirror", 1.0f));
      distant->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    }
  }
  frame.emplace(frame_mesh, frame_instance, frame_bounds.get());
  frame_geode->addDrawable(frame->geometry);
  root->setDataVariance(osg::Object::DYNAMIC);
  root->addChild(body_geode);
  root->addChild(shadow_geode);
  root->addChild(frame_geode);
  root->setCullCallback(new LodCullCallback(this));

  osg::StateSet* state = root->getOrCreateStateSet();
  state->setDataVariance(osg::Object::DYNAMIC);  // its uniforms change every frame
  state->setAttributeAndModes(MakeProgram(kBodyVertexShader, kBodyFragmentShader));
  for (unsigned attr : {kAttrFrom, kAttrDelta, kAttrSize, kAttrColour}) {
    state->setAttribute(new osg::VertexAttribDivisor(attr, 1));
  }
  state->setAttributeAndModes(new osg::CullFace(osg::CullFace::BACK));
  state->setMode(GL_BLEND, osg::StateAttribute::OFF);
  state->addUniform(alpha_uniform);
  state->addUniform(sun_uniform);
  state->addUniform(eye_uniform);
  state->addUniform(new osg::Uniform("u_mirror", 0.0f));
  state->addUniform(new osg::Uniform("u_selection_frame", 0.0f));

  // shadows blend over the ground after the opaque scene, without writing depth, lifted off the
  // road by a polygon offset rather than a height that would show at grazing angles
  osg::StateSet* shadow_state = shadow_geode->getOrCreateStateSet();
  shadow_state->setAttributeAndModes(MakeProgram(kShadowVertexShader, kShadowFragmentShader));
  shadow_state->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
  shadow_state->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0.0, 1.0, false));
  shadow_state->setAttributeAndModes(new osg::PolygonOffset(-1.0f, -4.0f));
  shadow_state->setRenderBinDetails(9, "RenderBin");

  osg::StateSet* frame_state = frame_geode->getOrCreateStateSet();
  frame_state->setAttributeAndModes(new osg::PolygonOffset(-1.0f, -8.0f));
  frame_state->addUniform(new osg::Uniform("u_selection_frame", 1.0f));
}

void VehicleLayer::Impl::OnCull(const osgUtil::CullVisitor& cv) {
  const osg::RefMatrix* projection = cv.getProjectionMatrix();
  const osg::Viewport* viewport = cv.getViewport();
  if (!projection || !viewport) return;
  camera.known = true;
  // OSG's matrices are row-vector: a perspective projection puts -1 at (2,3)
  camera.perspective = (*projection)(2, 3) != 0;
  camera.eye = cv.getEyeLocal();
  camera.pixels_per_metre = (*projection)(1, 1) * viewport->height() / 2;
  eye_uniform->set(camera.eye);
  if (camera.Differs(partitioned)) Partition();
}

// Fills the instance arrays from the tracks, each vehicle into its shape's near or far draw.
void VehicleLayer::Impl::Partition() {
  partitioned = camera;
  for (InstanceArrays& a : instances) a.Clear();
  std::array<osg::BoundingBox, kDrawCount> boxes;
  for (Track& t : tracks) {
    const osg::Vec4 now = t.from + t.delta * alpha;
    const osg::Vec3 at(now.x(), now.y(), now.z());
    const VehicleDetail detail = camera.DetailAt((at - camera.eye).length2());
    t.draw = static_cast<uint8_t>(t.shape * kVehicleDetailCount + static_cast<int>(detail));
    InstanceArrays& a = instances[t.draw];
    t.index = static_cast<uint32_t>(a.count());
    a.from->push_back(t.from);
    a.delta->push_back(t.delta);
    a.size->push_back(osg::Vec4(t.size.x(), t.size.y(), t.size.z(), t.id == highlighted_id ? 1 : 0));
    a.colour->push_back(colouring == VehicleColouring::kByStage ? t.stage_colour : t.direction_colour);
    // both ends of the move, padded by the half diagonal and the shadow's reach
    const float reach = 0.5f * std::hypot(t.size.x(), t.size.y()) + 1.5f * t.size.z() + 1.5f;
    osg::BoundingBox& box = boxes[t.draw];
    for (const osg::Vec4& p : {t.from, t.from + t.delta}) {
      box.expandBy(p.x() - reach, p.y() - reach, p.z() - 0.5f);
      box.expandBy(p.x() + reach, p.y() + reach, p.z() + t.size.z() + 0.5f);
    }
  }
  for (int d = 0; d < kDrawCount; ++d) {
    instances[d].Dirty();
    bounds[d]->box = boxes[d];
    bodies[d].Show(instances[d].count());
    // far away a shadow is a few pixels of blending that cost as much as the vehicle: near ones only
    const bool near = d % kVehicleDetailCount == static_cast<int>(VehicleDetail::kNear);
    shadows[d].Show(near ? instances[d].count() : 0);
  }
  ApplyHighlight();
}

// Points the selection frame at the highlighted vehicle (the brightening is in its size.w,
// written by Partition).
void VehicleLayer::Impl::ApplyHighlight() {
  frame->Show(0);
  const auto it = std::lower_bound(tracks.begin(), tracks.end(), highlighted_id,
                                   [](const Track& t, uint32_t id) { return t.id < id; });
  if (highlighted_id == kNoHighlight || it == tracks.end() || it->id != highlighted_id) return;
  const InstanceArrays& src = instances[it->draw];
  InstanceArrays& dst = frame_instance;
  dst.Clear();
  dst.from->push_back((*src.from)[it->index]);
  dst.delta->push_back((*src.delta)[it->index]);
  dst.size->push_back((*src.size)[it->index]);
  dst.colour->push_back((*src.colour)[it->index]);
  dst.Dirty();
  frame_bounds->box = bounds[it->draw]->box;
  frame->Show(1);
}

VehicleLayer::VehicleLayer() : impl_(std::make_unique<Impl>()) { SetSunDirection(0.45f, -0.55f, 0.75f); }

// The scene graph may keep the node after the layer is gone: its cull callback must not call into
// a deleted Impl then.
VehicleLayer::~VehicleLayer() { impl_->root->setCullCallback(nullptr); }

osg::Node* VehicleLayer::node() { return impl_->root.get(); }

void VehicleLayer::Sync(const engine::SceneSnapshot& snapshot) {
  Impl& m = *impl_;
  const std::vector<engine::SnapshotVehicle>* vehicles = &snapshot.vehicles;
  const auto by_id = [](const engine::SnapshotVehicle& a, const engine::SnapshotVehicle& b) { return a.id < b.id; };
  if (!std::is_sorted(vehicles->begin(), vehicles->end(), by_id)) {
    m.sorted = *vehicles;
    std::sort(m.sorted.begin(), m.sorted.end(), by_id);
    vehicles = &m.sorted;
  }
  m.next_tracks.clear();
  size_t old = 0;
  for (const engine::SnapshotVehicle& v : *vehicles) {
    if (v.stage == static_cast<uint8_t>(engine::SnapshotStage::kExited)) continue;
    // sorted merge with the previous tracks: both lists ascend by id
    while (old < m.tracks.size() && m.tracks[old].id < v.id) ++old;
    const osg::Vec4 to(static_cast<float>(v.position.x), static_cast<float>(v.position.y),
                       static_cast<float>(v.position.z), v.heading_rad);
    osg::Vec4 from = to;
    if (old < m.tracks.size() && m.tracks[old].id == v.id) {
      const Track& t = m.tracks[old];
      from = t.from + t.delta * m.alpha;
      from.w() = WrapAngle(from.w());
    }
    Track t;
    t.id = v.id;
    t.shape = static_cast<uint8_t>(ShapeFor(v.vehicle_class));
    t.from = from;
    t.delta = to - from;
    t.delta.w() = WrapAngle(t.delta.w());
    t.size.set(std::max(v.length_m, 0.5f), std::max(v.width_m, 0.5f), std::max(v.height_m, 0.5f), 0);
    t.stage_colour = ToVec4ub(engine::StageColour(v.stage));
    t.direction_colour = ToVec4ub(engine::DirectionColour(v.direction));
    m.next_tracks.push_back(t);
  }
  m.tracks.swap(m.next_tracks);
  m.alpha = 0;
  m.alpha_uniform->set(0.0f);
  m.Partition();
}

void VehicleLayer::Interpolate(double alpha) {
  impl_->alpha = static_cast<float>(std::clamp(alpha, 0.0, 1.0));
  impl_->alpha_uniform->set(impl_->alpha);
}

void VehicleLayer::SetColouring(VehicleColouring colouring) {
  if (colouring == impl_->colouring) return;
  impl_->colouring = colouring;
  impl_->Partition();  // one colour attribute per instance: a fetch less per vertex than two and a switch
}

void VehicleLayer::SetHighlighted(uint32_t vehicle_id) {
  if (vehicle_id == impl_->highlighted_id) return;
  impl_->highlighted_id = vehicle_id;
  impl_->Partition();  // rewrites every size.w: simpler than tracking the old flag, and cheap
}

void VehicleLayer::SetSunDirection(float x, float y, float z) {
  osg::Vec3 sun(x, y, z);
  if (sun.normalize() == 0) sun.set(0, 0, 1);
  impl_->sun_uniform->set(sun);
}

size_t VehicleLayer::drawn() const { return impl_->tracks.size(); }

}  // namespace gatetwin::viewer
