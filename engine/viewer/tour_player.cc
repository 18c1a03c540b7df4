// Tour playback offscreen: clock seeks, the camera (tour_camera.h), the 3D frame and its overlay.
#include "engine/viewer/tour_player.h"

#include <cmath>

#include "engine/viewer/camera_rig.h"
#include "engine/viewer/control_room.h"
#include "engine/viewer/offscreen.h"
#include "engine/viewer/offscreen_ui.h"
#include "engine/viewer/panel_context.h"
#include "engine/viewer/style.h"
#include "engine/viewer/tour_camera.h"
#include "engine/viewer/twin_scene.h"

namespace gatetwin::viewer {

namespace {

// the presentation overlay is laid out for 720 lines at scale 1: a 1080p frame draws it at 1.5
constexpr double kReferenceHeightPx = 720;

std::string At(const world::SourceLoc& loc) {
  return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": ";
}

}  // namespace

bool CheckTourAgainstWorld(const Tour& tour, const world::World& world, std::vector<std::string>* errors,
                           const std::string& world_file) {
  bool good = true;
  for (const TourShot& shot : tour.shots) {
    if (shot.viewpoint.empty() || FindViewpoint(world, shot.viewpoint)) continue;
    errors->push_back(At(shot.viewpoint_loc) + "viewpoint '" + shot.viewpoint + "' is not a viewpoint of " +
                      (world_file.empty() ? tour.world_path : world_file) + "; it has: " + ViewpointIds(world) +
                      " (or give eye: and target:)");
    good = false;
  }
  return good;
}

engine::TimeUs TourDayStartUs(const Tour& tour, const world::World& world, engine::TimeUs feed_start_us) {
  const int offset_min = world.params.utc_offset_min;
  if (!tour.date.empty()) {
    // "UTC+07:00" without its "UTC": the offset as RFC 3339 writes it
    if (auto t = engine::ParseRfc3339(tour.date + "T00:00:00" + FormatUtcOffset(offset_min).substr(3))) {
      return t->utc_us;
    }
  }
  return engine::LocalDayStartUs(feed_start_us, offset_min);
}

namespace {

// `pose` (framed on `from`, a shot's pose in one world) carried over to the same shot's pose `to`
// in another world: the same flight and follow, relative to that world's own viewpoint
CameraPose Reframed(const CameraPose& pose, const CameraPose& from, const CameraPose& to) {
  CameraPose out = pose;
  out.target += to.target - from.target;
  out.distance *= from.distance > 0 ? to.distance / from.distance : 1;
  out.yaw += to.yaw - from.yaw;
  out.pitch += to.pitch - from.pitch;
  return out;
}

}  // namespace

struct TourPlayer::Impl {
  const Tour& tour;
  const world::World& world;
  replay::ReplayPlayer& player;
  TourRenderOptions options;
  engine::TimeUs day_start_us = 0;
  TourCamera camera;
  std::unique_ptr<OffscreenRenderer> renderer;
  std::unique_ptr<TwinScene> scene;
  std::unique_ptr<OffscreenUi> ui;
  std::unique_ptr<ControlRoom> room;
  std::unique_ptr<SplitView> split;       // a tour with a compare world: both halves, instead of the above
  std::vector<CameraPose> compare_poses;  // each shot's camera in the compare world

  Impl(const Tour& t, const world::World& w, replay::ReplayPlayer& p, const TourRenderOptions& o)
      : tour(t), world(w), player(p), options(o), camera(t, w) {}
};

TourPlayer::TourPlayer() = default;
TourPlayer::~TourPlayer() = default;

std::unique_ptr<TourPlayer> TourPlayer::Create(const Tour& tour, const world::World& world,
                                               replay::ReplayPlayer& player, const TourRenderOptions& options,
                                               std::string* error, const SplitHalf* compare) {
  std::unique_ptr<TourPlayer> p(new TourPlayer());
  p->impl_ = std::make_unique<Impl>(tour, world, player, options);
  Impl& im = *p->impl_;
  im.day_start_us = TourDayStartUs(tour, world, player.start_us());
  if (compare != nullptr) {
    SplitRenderOptions so;
    so.width = options.width;
    so.height = options.height;
    so.language = options.language;
    so.overlay = options.presentation;
    so.colour_by_direction = options.colour_by_direction;
    for (const TourShot& s : tour.shots)
      so.extra_texts.insert(so.extra_texts.end(), {s.caption.vi, s.caption.zh, s.caption.en});
    im.split = SplitView::Create({world, player}, *compare, so, error);
    if (!im.split) return nullptr;
    for (const TourShot& s : tour.shots) im.compare_poses.push_back(ShotPose(s, compare->world));
    return p;
  }
  im.renderer = OffscreenRenderer::Create(options.width, options.height, error);
  if (!im.renderer) return nullptr;
  im.scene = std::make_unique<TwinScene>(world, options.language);
  im.scene->vehicles().SetColouring(options.colour_by_direction ? VehicleColouring::kByDirection
                                                                : VehicleColouring::kByStage);
  auto& view = im.renderer->viewer();
  view.setSceneData(im.scene->root());
  view.getCamera()->setClearColor(osg::Vec4(kSkyColour.r / 255.0f, kSkyColour.g / 255.0f, kSkyColour.b / 255.0f, 1));
  if (options.presentation) {
    // the atlas must hold every caption's characters, in every language
    std::vector<std::string_view> extra = WorldTexts(world);
    for (const TourShot& s : tour.shots) extra.insert(extra.end(), {s.caption.vi, s.caption.zh, s.caption.en});
    const float scale = static_cast<float>(options.height / kReferenceHeightPx);
    im.ui = OffscreenUi::Create(options.width, options.height, scale, extra, error);
    if (!im.ui) return nullptr;
    im.room = std::make_unique<ControlRoom>(world, player, ControlRoomActions{}, options.language);
    im.room->SetFonts(im.ui->fonts(), scale);
    im.room->SetPresenting(true);
  }
  return p;
}

int TourPlayer::frame_count() const { return FrameCount(impl_->tour, impl_->options.fps); }

int TourPlayer::ShotOf(int k) const { return MomentAt(impl_->tour, k / impl_->options.fps).shot; }

Image TourPlayer::Render(int k) { return RenderAt(k / impl_->options.fps, 1.0 / impl_->options.fps); }

Image TourPlayer::RenderAt(double t_s, double dt_s) {
  Impl& im = *impl_;
  const TourMoment m = MomentAt(im.tour, t_s);
  const engine::TimeUs t_us =
      im.day_start_us + static_cast<engine::TimeUs>(std::llround(m.clock_s * engine::kUsPerSecond));
  im.player.SeekTo(t_us);
  const CameraPose pose = im.camera.PoseAt(m, dt_s, im.player);
  const TourShot& shot = im.tour.shots[static_cast<size_t>(m.shot)];
  if (im.split) {
    const size_t s = static_cast<size_t>(m.shot);
    const std::string caption = im.options.presentation ? PickName(shot.caption, im.options.language) : "";
    if (!shot.split) return im.split->RenderOne(0, t_us, pose, caption);  // the tour's world alone
    return im.split->Render(t_us, pose, Reframed(pose, im.camera.shot_poses()[s], im.compare_poses[s]), caption);
  }
  im.scene->ShowNow(im.player.engine());
  osg::Camera* camera = im.renderer->viewer().getCamera();
  CameraRig rig;  // for the field of view and the up vector of a pose, as the interactive view has them
  rig.SetViewport(im.options.width, im.options.height);
  rig.SetPose(pose);
  camera->setProjectionMatrixAsPerspective(rig.settings().fov_y_deg, rig.aspect(), 1.0, 20000.0);
  camera->setViewMatrixAsLookAt(rig.Eye(), rig.pose().target, rig.Up());
  im.renderer->RenderFrame();
  if (im.ui) {
    im.room->SetCaption(PickName(shot.caption, im.options.language));
    im.ui->Draw([&] { im.room->Draw(); }, 1.0 / im.options.fps);
  }
  return im.renderer->ReadPixels();
}

std::vector<std::string> TourPlayer::warnings() const {
  const Impl& im = *impl_;
  std::vector<std::string> out;
  for (size_t i = 0; i < im.tour.shots.size(); ++i) {
    const TourShot& shot = im.tour.shots[i];
    const int k = static_cast<int>(i);
    if (shot.follow_plate.empty() || !im.camera.shown(k) || im.camera.followed(k)) continue;
    const double end_s = shot.start_clock_s + shot.duration_s * shot.speed;
    auto clock = [&](double s) {
      return FormatClock(im.day_start_us + static_cast<engine::TimeUs>(s * engine::kUsPerSecond),
                         im.world.params.utc_offset_min);
    };
    out.push_back(At(shot.follow_loc) + "follow: plate '" + shot.follow_plate + "' is not at the gate between " +
                  clock(shot.start_clock_s) + " and " + clock(end_s) + " (shot '" + shot.name +
                  "'): the shot kept its own view; pick a plate of the feed at that time");
  }
  return out;
}

std::string TourPlayer::renderer_name() const {
  return impl_->split ? impl_->split->renderer_name() : impl_->renderer->renderer_name();
}

}  // namespace gatetwin::viewer
