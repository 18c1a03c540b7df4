// The split frame: a post-render osg::Camera per half on one EGL context, then one ImGui pass for both halves'
// overlays.
#include "engine/viewer/split_view.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <osg/Camera>
#include <osg/Group>

#include "engine/viewer/offscreen.h"
#include "engine/viewer/offscreen_ui.h"
#include "engine/viewer/panel_context.h"
#include "engine/viewer/presentation.h"
#include "engine/viewer/style.h"
#include "engine/viewer/twin_scene.h"

namespace gatetwin::viewer {

namespace {

// the overlay is laid out for 720 lines at scale 1, as a tour's: a 1080p frame draws it at 1.5
constexpr double kReferenceHeightPx = 720;
constexpr double kPi = 3.14159265358979323846;
constexpr ImU32 kBandBackground = IM_COL32(10, 14, 20, 225);

osg::Vec4 Sky() { return osg::Vec4(kSkyColour.r / 255.0f, kSkyColour.g / 255.0f, kSkyColour.b / 255.0f, 1); }

// A camera drawing `scene` into the half starting at `x_px`; post-render, so each half is its own
// render stage with its own clear (OSG scissors it to the viewport) and its own near/far.
osg::ref_ptr<osg::Camera> HalfCamera(osg::Node* scene, int x_px, int width_px, int height_px, int order) {
  osg::ref_ptr<osg::Camera> camera = new osg::Camera;
  camera->setReferenceFrame(osg::Transform::ABSOLUTE_RF);
  camera->setRenderOrder(osg::Camera::POST_RENDER, order);
  camera->setViewport(x_px, 0, width_px, height_px);
  camera->setClearColor(Sky());
  camera->setClearMask(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  camera->addChild(scene);
  return camera;
}

// The phase name of the half's world, large, in a band across its top: which layout is which.
float PhaseBand(const PanelContext& ctx, ImVec2 origin, float width) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  ImFont* font = ctx.fonts.large;
  const float h = font->FontSize * 1.8f;
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + h), kBandBackground);
  dl->AddRectFilled(ImVec2(origin.x, origin.y + h - ctx.Px(3)), ImVec2(origin.x + width, origin.y + h),
                    palette::kAccent);
  const std::string name = PickName(ctx.world.phase_names, ctx.language);
  const float text_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, name.c_str()).x;
  dl->PushClipRect(origin, ImVec2(origin.x + width, origin.y + h), true);
  dl->AddText(font, font->FontSize, ImVec2(origin.x + std::max(ctx.Px(16), (width - text_w) / 2), origin.y + h * 0.2f),
              palette::kText, name.c_str());
  dl->PopClipRect();
  return h;
}

}  // namespace

struct SplitView::Impl {
  SplitHalf halves[2];
  SplitRenderOptions options;
  std::unique_ptr<OffscreenRenderer> renderer;
  std::unique_ptr<TwinScene> scenes[2];
  osg::ref_ptr<osg::Camera> cameras[2];
  std::unique_ptr<OffscreenUi> ui;

  Impl(SplitHalf l, SplitHalf r, const SplitRenderOptions& o) : halves{l, r}, options(o) {}

  int half_width() const { return options.width / 2; }
  // both halves (`only` -1), or half `only` over the whole frame
  Image Draw(engine::TimeUs t_us, const CameraPose* const poses[2], int only, const std::string& caption);

  // `only` (0 or 1): that half's world over the whole frame; -1: both halves
  void DrawOverlay(const std::string& caption, int only) {
    const float scale = ui->scale();
    for (int i = 0; i < 2; ++i) {
      if (only >= 0 && i != only) continue;
      const PanelContext ctx{halves[i].world, halves[i].player, options.language, ui->fonts(), scale};
      const ImVec2 origin(static_cast<float>(only >= 0 ? 0 : i * half_width()), 0);
      const float w = static_cast<float>(only >= 0 ? options.width : half_width());
      const float band_h = PhaseBand(ctx, origin, w);
      DrawPresentationIn(ctx, caption, ImVec2(origin.x, band_h),
                         ImVec2(w, static_cast<float>(options.height) - band_h));
    }
    if (only >= 0) return;
    // a seam between the halves, so two similar views never read as one wide picture
    const float x = static_cast<float>(half_width());
    ImGui::GetBackgroundDrawList()->AddRectFilled(
        ImVec2(x - 2 * scale, 0), ImVec2(x + 2 * scale, static_cast<float>(options.height)), palette::kAccent);
  }
};

SplitView::SplitView() = default;
SplitView::~SplitView() = default;

std::unique_ptr<SplitView> SplitView::Create(SplitHalf left, SplitHalf right, const SplitRenderOptions& options,
                                             std::string* error) {
  std::unique_ptr<SplitView> v(new SplitView());
  v->impl_ = std::make_unique<Impl>(left, right, options);
  Impl& im = *v->impl_;
  im.renderer = OffscreenRenderer::Create(options.width, options.height, error);
  if (!im.renderer) return nullptr;
  osg::ref_ptr<osg::Group> root = new osg::Group;
  std::vector<std::string_view> extra = options.extra_texts;
  for (int i = 0; i < 2; ++i) {
    im.scenes[i] = std::make_unique<TwinScene>(im.halves[i].world, options.language);
    im.scenes[i]->vehicles().SetColouring(options.colour_by_direction ? VehicleColouring::kByDirection
                                                                      : VehicleColouring::kByStage);
    im.cameras[i] = HalfCamera(im.scenes[i]->root(), i * im.half_width(), im.half_width(), options.height, i);
    root->addChild(im.cameras[i]);
    const auto texts = WorldTexts(im.halves[i].world);
    extra.insert(extra.end(), texts.begin(), texts.end());
  }
  osgViewer::Viewer& view = im.renderer->viewer();
  view.setSceneData(root);
  view.getCamera()->setClearColor(Sky());
  if (options.overlay) {
    const float scale = static_cast<float>(options.height / kReferenceHeightPx);
    im.ui = OffscreenUi::Create(options.width, options.height, scale, extra, error);
    if (!im.ui) return nullptr;
  }
  return v;
}

Image SplitView::Render(engine::TimeUs t_us, const CameraPose& left_pose, const CameraPose& right_pose,
                        const std::string& caption) {
  const CameraPose* poses[2] = {&left_pose, &right_pose};
  return impl_->Draw(t_us, poses, -1, caption);
}

Image SplitView::RenderOne(int half, engine::TimeUs t_us, const CameraPose& pose, const std::string& caption) {
  const CameraPose* poses[2] = {&pose, &pose};
  return impl_->Draw(t_us, poses, std::clamp(half, 0, 1), caption);
}

Image SplitView::Impl::Draw(engine::TimeUs t_us, const CameraPose* const poses[2], int only,
                            const std::string& caption) {
  for (int i = 0; i < 2; ++i) {
    const bool shown = only < 0 || i == only;
    cameras[i]->setNodeMask(shown ? ~0u : 0u);
    if (!shown) continue;
    const int x_px = only < 0 ? i * half_width() : 0, width_px = only < 0 ? half_width() : options.width;
    cameras[i]->setViewport(x_px, 0, width_px, options.height);
    halves[i].player.SeekTo(t_us);
    scenes[i]->ShowNow(halves[i].player.engine());
    CameraRig rig;  // the field of view and up vector of a pose, as the interactive view has them
    rig.SetViewport(width_px, options.height);
    rig.SetPose(*poses[i]);
    double fov_y_deg = rig.settings().fov_y_deg;
    if (only < 0) {
      // a half is half as wide as the frame: widen the vertical field so each half still takes in
      // the width a full frame shows from the viewpoint (the whole road across, on either layout)
      const double tan_half_full = std::tan(fov_y_deg * kPi / 360);
      fov_y_deg = 2 * std::atan(2 * tan_half_full) * 180 / kPi;
    }
    cameras[i]->setProjectionMatrixAsPerspective(fov_y_deg, rig.aspect(), 1.0, 20000.0);
    cameras[i]->setViewMatrixAsLookAt(rig.Eye(), rig.pose().target, rig.Up());
  }
  renderer->RenderFrame();
  if (ui) ui->Draw([&] { DrawOverlay(caption, only); }, 1.0 / 30);
  return renderer->ReadPixels();
}

bool SplitView::RenderAtViewpoint(engine::TimeUs t_us, std::string_view viewpoint_id, Image* out) {
  const auto left = FindViewpoint(impl_->halves[0].world, viewpoint_id);
  const auto right = FindViewpoint(impl_->halves[1].world, viewpoint_id);
  if (!left || !right) return false;
  *out = Render(t_us, CameraPose::FromEyeTarget(left->eye, left->target),
                CameraPose::FromEyeTarget(right->eye, right->target));
  return true;
}

size_t SplitView::vehicles_drawn(int half) const { return impl_->scenes[half]->vehicles().drawn(); }

std::string SplitView::renderer_name() const { return impl_->renderer->renderer_name(); }

}  // namespace gatetwin::viewer
