// The viewer's frame loop: GLFW events → camera rig / control room, replay tick, OSG frame, ImGui.
#include "engine/viewer/viewer_app.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <osgUtil/LineSegmentIntersector>
#include <osgViewer/Viewer>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "engine/viewer/camera_rig.h"
#include "engine/viewer/control_room.h"
#include "engine/viewer/fonts.h"
#include "engine/viewer/style.h"
#include "engine/viewer/tour_director.h"
#include "engine/viewer/twin_window.h"

namespace gatetwin::viewer {

namespace {

constexpr float kFontSizePx = 18;
constexpr double kClickSlopPx = 4;  // a press that moves less than this is a click (pick)

// Everything the GLFW callbacks need, reached through the window's user pointer.
struct App {
  GLFWwindow* window = nullptr;
  osg::ref_ptr<osgViewer::Viewer> viewer;
  osg::ref_ptr<osgViewer::GraphicsWindowEmbedded> embedded;
  CameraRig rig;
  ControlRoom* room = nullptr;
  TourDirector* tour = nullptr;  // while it plays, the presenter's keys steer it
  replay::ReplayPlayer* player = nullptr;
  const world::World* world = nullptr;
  bool quit = false;
  // the mouse: which button drags, from where
  int drag_button = -1;
  bool drag_pan = false;
  double press_x = 0, press_y = 0, last_x = 0, last_y = 0;
  bool moved = false;
  engine::SceneSnapshot snapshot;
};

App* Of(GLFWwindow* window) { return static_cast<App*>(glfwGetWindowUserPointer(window)); }

CameraPose ViewpointPose(const world::Viewpoint& vp) {
  return CameraPose::FromEyeTarget(osg::Vec3d(vp.eye.x, vp.eye.y, vp.eye.z),
                                   osg::Vec3d(vp.target.x, vp.target.y, vp.target.z));
}

// The whole modelled area from the south-east, when the world names no start viewpoint.
CameraPose FitBounds(const osg::BoundingBox& bounds) {
  CameraPose pose;
  if (!bounds.valid()) return pose;
  pose.target = bounds.center();
  pose.distance = std::max(50.0, static_cast<double>(bounds.radius()) * 1.6);
  pose.yaw = -1.2;
  pose.pitch = 0.75;
  return pose;
}

// The picked vehicle under the cursor: the engine's own boxes, so the pick matches the model
// even if the scene draws vehicles elsewhere for a frame (interpolation).
void Pick(App& app, double x, double y) {
  const Ray ray = app.rig.CursorRay(x, y);
  const osg::Vec3d to = ray.origin + ray.direction * (app.rig.settings().max_distance * 4);
  const auto hit = app.player->mutable_engine().Pick(world::Vec3{ray.origin.x(), ray.origin.y(), ray.origin.z()},
                                                     world::Vec3{to.x(), to.y(), to.z()});
  app.room->Select(hit);
}

// The scene point under the cursor, for zooming toward buildings rather than the ground below them.
std::optional<osg::Vec3d> ScenePoint(App& app, double x, double y) {
  int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
  glfwGetFramebufferSize(app.window, &fb_w, &fb_h);
  glfwGetWindowSize(app.window, &win_w, &win_h);
  if (win_w <= 0 || win_h <= 0 || !app.viewer->getSceneData()) return std::nullopt;
  const double fx = x * fb_w / win_w, fy = fb_h - y * fb_h / win_h;  // OSG's window y goes up
  osgUtil::LineSegmentIntersector::Intersections hits;
  if (!app.viewer->computeIntersections(app.viewer->getCamera(), osgUtil::Intersector::WINDOW, fx, fy, hits)) {
    return std::nullopt;
  }
  return hits.begin()->getWorldIntersectPoint();
}

void OnMouseButton(GLFWwindow* window, int button, int action, int mods) {
  App& app = *Of(window);
  double x = 0, y = 0;
  glfwGetCursorPos(window, &x, &y);
  if (action == GLFW_PRESS) {
    if (ImGui::GetIO().WantCaptureMouse || app.drag_button >= 0) return;
    app.drag_button = button;
    app.drag_pan = button == GLFW_MOUSE_BUTTON_RIGHT || button == GLFW_MOUSE_BUTTON_MIDDLE ||
                   (button == GLFW_MOUSE_BUTTON_LEFT && (mods & GLFW_MOD_SHIFT));
    app.press_x = app.last_x = x;
    app.press_y = app.last_y = y;
    app.moved = false;
  } else if (action == GLFW_RELEASE && button == app.drag_button) {
    // a release ends the drag wherever it happens, even over a panel
    if (!app.moved && button == GLFW_MOUSE_BUTTON_LEFT) Pick(app, x, y);
    app.drag_button = -1;
  }
}

void OnCursor(GLFWwindow* window, double x, double y) {
  App& app = *Of(window);
  if (app.drag_button < 0) return;
  if (std::hypot(x - app.press_x, y - app.press_y) > kClickSlopPx) app.moved = true;
  if (app.moved) {
    const double dx = x - app.last_x, dy = y - app.last_y;
    if (app.drag_pan) {
      app.rig.Pan(dx, dy);
    } else {
      app.rig.Orbit(dx, dy);
    }
  }
  app.last_x = x;
  app.last_y = y;
}

void OnScroll(GLFWwindow* window, double /*dx*/, double dy) {
  App& app = *Of(window);
  if (ImGui::GetIO().WantCaptureMouse || dy == 0) return;
  double x = 0, y = 0;
  glfwGetCursorPos(window, &x, &y);
  app.rig.ZoomToCursor(dy, x, y, ScenePoint(app, x, y));
}

void OnKey(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
  App& app = *Of(window);
  if (action == GLFW_RELEASE || ImGui::GetIO().WantCaptureKeyboard) return;
  const bool repeat = action == GLFW_REPEAT;
  // while a tour plays, its keys are the presenter's (a slide clicker sends Page Down / Page Up)
  if (app.tour != nullptr && !app.tour->done() && app.tour->clock().HandleKey(key, repeat)) return;
  ControlRoom& room = *app.room;
  switch (key) {
    case GLFW_KEY_SPACE:
      if (!repeat) room.Handle(Command::kPlayPause);
      break;
    case GLFW_KEY_LEFT: room.Handle(Command::kStepBack); break;
    case GLFW_KEY_RIGHT: room.Handle(Command::kStepForward); break;
    case GLFW_KEY_EQUAL:
    case GLFW_KEY_KP_ADD: room.Handle(Command::kFaster); break;
    case GLFW_KEY_MINUS:
    case GLFW_KEY_KP_SUBTRACT: room.Handle(Command::kSlower); break;
    case GLFW_KEY_F:
      if (!repeat) room.Handle(Command::kFollow);
      break;
    case GLFW_KEY_L:
      if (!repeat) room.Handle(Command::kNextLanguage);
      break;
    case GLFW_KEY_P:
      if (!repeat) room.Handle(Command::kTogglePresentation);
      break;
    case GLFW_KEY_H:
    case GLFW_KEY_F1:
      if (!repeat) room.Handle(Command::kToggleHelp);
      break;
    case GLFW_KEY_SLASH:  // '?' on US layouts
      if (!repeat && (mods & GLFW_MOD_SHIFT)) room.Handle(Command::kToggleHelp);
      break;
    case GLFW_KEY_ESCAPE:
      if (!repeat) room.Handle(Command::kQuit);
      break;
    default:
      if (!repeat && key >= GLFW_KEY_1 && key <= GLFW_KEY_9) room.Handle(Command::kViewpoint, key - GLFW_KEY_1);
      break;
  }
}

void OnFramebufferSize(GLFWwindow* window, int width, int height) {
  App& app = *Of(window);
  if (width <= 0 || height <= 0) return;  // minimised
  app.embedded->resized(0, 0, width, height);
  app.embedded->getEventQueue()->windowResize(0, 0, width, height);
  app.viewer->getCamera()->setViewport(0, 0, width, height);
}

double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// True when the current context rasterises on the CPU (Mesa's llvmpipe or softpipe, or another
// "software" renderer), where every sample costs as much as a pixel.
bool IsSoftwareGl() {
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  if (!name) return false;
  const std::string_view renderer(name);
  for (std::string_view software : {"llvmpipe", "softpipe", "Software", "software", "SWR"}) {
    if (renderer.find(software) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

int RunViewer(const world::World& world, replay::ReplayPlayer& player, SceneHooks hooks, const ViewerOptions& options) {
  if (!StartWindowing()) return 1;
  const bool auto_msaa = options.msaa_samples == kMsaaAuto;
  const auto open = [&](int samples) {
    return OpenTwinWindow(options.width, options.height, options.fullscreen, samples);
  };
  GLFWwindow* window = open(auto_msaa ? 4 : std::max(options.msaa_samples, 0));
  if (window && auto_msaa && IsSoftwareGl()) {
    // which OpenGL it is shows only once a context exists: open the window again without samples
    std::fprintf(stderr,
                 "viewer: software OpenGL (%s): anti-aliasing off, it would make each frame 2.5x "
                 "slower (--msaa 4 turns it on)\n",
                 reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
    glfwDestroyWindow(window);
    window = open(0);
  }
  if (!window) {
    glfwTerminate();
    return 1;
  }
  glfwSwapInterval(options.exit_after_frames >= 0 ? 0 : 1);

  App app;
  app.window = window;
  app.player = &player;
  app.world = &world;
  app.tour = options.tour;
  glfwSetWindowUserPointer(window, &app);
  int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
  glfwGetFramebufferSize(window, &fb_w, &fb_h);
  glfwGetWindowSize(window, &win_w, &win_h);
  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(window, &scale_x, &scale_y);
  const float scale = std::clamp(scale_y, 1.0f, 4.0f);

  // OSG embedded in the current context: frame() draws, GLFW swaps
  app.viewer = new osgViewer::Viewer;
  app.viewer->setThreadingModel(osgViewer::Viewer::SingleThreaded);
  // a single-threaded OSG viewer pins the process to core 0, and llvmpipe's rasteriser threads
  // inherit it: they would share one core and the frame take as long as with no threads at all
  app.viewer->setUseConfigureAffinity(false);
  app.embedded = app.viewer->setUpViewerAsEmbeddedInWindow(0, 0, fb_w, fb_h);
  app.viewer->setKeyEventSetsDone(0);
  app.viewer->setSceneData(hooks.root.get());
  osg::Camera* camera = app.viewer->getCamera();
  // a slate dusk behind the scene: darker than nothing the scene draws, lighter than the panels
  camera->setClearColor(osg::Vec4(kSkyColour.r / 255.0f, kSkyColour.g / 255.0f, kSkyColour.b / 255.0f, 1));
  app.viewer->realize();

  // the camera: the start viewpoint, else the whole area
  app.rig.SetViewport(win_w, win_h);
  osg::BoundingBox bounds = hooks.bounds;
  if (!bounds.valid() && hooks.root) bounds.expandBy(hooks.root->getBound());
  app.rig.SetPose(FitBounds(bounds));
  for (const auto& vp : world.viewpoints) {
    if (vp.id == options.start_viewpoint) app.rig.SetPose(ViewpointPose(vp));
  }

  // ImGui: our callbacks first, so ImGui's chain to them (it calls the previous ones)
  glfwSetMouseButtonCallback(window, OnMouseButton);
  glfwSetCursorPosCallback(window, OnCursor);
  glfwSetScrollCallback(window, OnScroll);
  glfwSetKeyCallback(window, OnKey);
  glfwSetFramebufferSizeCallback(window, OnFramebufferSize);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed: nothing to remember between runs
  const auto fonts_t0 = std::chrono::steady_clock::now();
  std::vector<ImWchar> ranges;
  std::vector<std::string_view> texts = WorldTexts(world);
  texts.insert(texts.end(), options.extra_texts.begin(), options.extra_texts.end());
  UiFonts fonts = LoadFonts(FindFonts(), kFontSizePx, scale, texts, &ranges);
  std::vector<std::string> typed_texts;  // typed at run time with characters the atlas lacked
  bool reload_fonts = false;
  if (fonts.fallback) std::fprintf(stderr, "viewer: no system font found (fonts-noto-cjk): using ImGui's own\n");
  ApplyControlRoomStyle(scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init(nullptr);
  ImGui_ImplOpenGL3_NewFrame();  // builds the font atlas texture now, so its cost is counted here
  // the glyphs are in the texture: drop the font files' bytes (three copies of a 19 MB .ttc)
  io.Fonts->ClearInputData();
  const double fonts_ms = Ms(std::chrono::steady_clock::now() - fonts_t0);

  ControlRoomActions actions;
  actions.set_language = hooks.set_language;
  actions.set_layers = hooks.set_layers;
  actions.set_colouring = hooks.set_colouring;
  actions.go_to_viewpoint = [&](int i) { app.rig.FlyTo(ViewpointPose(world.viewpoints[static_cast<size_t>(i)])); };
  actions.follow = [&](std::optional<uint32_t> id) {
    if (id) {
      app.rig.StartFollow();
    } else {
      app.rig.StopFollow();
    }
  };
  actions.select = [&](std::optional<uint32_t> id) {
    if (hooks.set_highlighted) hooks.set_highlighted(id.value_or(kNoVehicle));
  };
  actions.quit = [&] { app.quit = true; };
  ControlRoom room(world, player, actions, options.language);
  room.SetFonts(fonts, scale);
  room.SetPresenting(options.present);
  app.room = &room;
  if (hooks.set_language) hooks.set_language(options.language);
  if (hooks.set_layers) hooks.set_layers(room.layer_mask());
  if (hooks.set_colouring) hooks.set_colouring(room.colouring());

  player.timeline().SetSpeed(options.speed);
  if (options.start_at) player.SeekTo(*options.start_at);
  if (options.start_playing) player.timeline().Play();
  if (options.configure) options.configure(room);

  using Clock = std::chrono::steady_clock;
  const auto t_start = Clock::now();
  auto t_last = t_start;
  FrameStats stats;
  engine::TimeUs snapshot_at = -1;
  const engine::Engine* snapshot_engine = nullptr;
  double sum_frame_ms = 0, sum_ui_ms = 0;
  int frames = 0;
  int exit_code = 0;
  while (!glfwWindowShouldClose(window) && !app.quit) {
    glfwPollEvents();
    const auto t_frame = Clock::now();
    const double dt = std::chrono::duration<double>(t_frame - t_last).count();
    t_last = t_frame;
    player.Tick(dt);
    // a tour owns the clock, the camera and the caption until its last shot ends
    if (options.tour != nullptr && !options.tour->done()) {
      CameraPose pose;
      std::string caption;
      if (options.tour->Step(dt, room.language(), &pose, &caption)) {
        app.rig.SetPose(pose);
        room.SetCaption(std::move(caption));
      } else {
        room.SetCaption({});
      }
    }

    // a new engine state: hand the scene a snapshot (the engine object changes on a restart)
    const engine::Engine& engine = player.engine();
    if (engine.now_us() != snapshot_at || &engine != snapshot_engine) {
      engine.Snapshot(&app.snapshot);
      snapshot_at = engine.now_us();
      snapshot_engine = &engine;
      if (hooks.on_snapshot) hooks.on_snapshot(app.snapshot);
    }
    const double step_us = static_cast<double>(std::max<engine::TimeUs>(engine.options().step_us, 1));
    const double alpha =
        std::clamp(static_cast<double>(player.timeline().position() - engine.now_us()) / step_us, 0.0, 1.0);
    const double wall_s = std::chrono::duration<double>(t_frame - t_start).count();
    if (hooks.on_frame) hooks.on_frame(alpha, wall_s);
    // the lanes' signals, where they are known: over the lanes in 3D and on the queue bars
    if (hooks.lane_signals) {
      std::vector<replay::sim::LaneSignal> signals = hooks.lane_signals();
      if (hooks.show_lane_signals) hooks.show_lane_signals(signals);
      room.SetLaneSignals(std::move(signals));
    }

    // the camera follows the selected vehicle while it is in the scene
    if (room.following()) {
      const engine::SnapshotVehicle* v =
          room.selected() ? engine::FindVehicle(app.snapshot, *room.selected()) : nullptr;
      if (v && app.rig.following()) {
        app.rig.SetFollowPoint(osg::Vec3d(v->position.x, v->position.y, v->position.z));
      } else {
        app.rig.StopFollow();
        room.FollowEnded();
      }
    }
    glfwGetWindowSize(window, &win_w, &win_h);
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    app.rig.SetViewport(win_w, win_h);
    app.rig.Update(dt);
    camera->setProjectionMatrixAsPerspective(app.rig.settings().fov_y_deg, app.rig.aspect(), 1.0, 20000.0);
    camera->setViewMatrixAsLookAt(app.rig.Eye(), app.rig.pose().target, app.rig.Up());

    app.viewer->frame();

    // in a timed run (tests, benchmarks) wait for the GL work on both sides, so the control
    // room's time includes its drawing on the GPU (llvmpipe defers it to the swap otherwise)
    const bool timed = options.exit_after_frames >= 0;
    if (timed) glFinish();
    const auto t_ui = Clock::now();
    if (reload_fonts) {
      std::vector<std::string_view> all = texts;
      all.insert(all.end(), typed_texts.begin(), typed_texts.end());
      fonts = ReloadFonts(FindFonts(), kFontSizePx, scale, all, &ranges);
      room.SetFonts(fonts, scale);
      reload_fonts = false;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    room.Draw(stats);
    if (hooks.draw_panels) hooks.draw_panels();
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (timed) glFinish();
    // a note typed in Chinese may use characters no text at start had: grow the fonts for the
    // next frame, so the trainee sees them (and not `?`) from then on
    if (std::string typed = ActiveInputText(); !typed.empty() && !RangesCover(ranges, typed)) {
      typed_texts.push_back(std::move(typed));
      reload_fonts = true;
    }
    stats.ui_ms = Ms(Clock::now() - t_ui);

    ++frames;
    const bool last = options.exit_after_frames >= 0 && frames >= options.exit_after_frames;
    if (last && !options.screenshot_path.empty() && !WriteScreenshot(fb_w, fb_h, options.screenshot_path)) {
      exit_code = 1;
    }
    glfwSwapBuffers(window);
    stats.frame_ms = Ms(Clock::now() - t_frame);
    if (frames > 1) {  // the first frame uploads everything: not typical
      sum_frame_ms += stats.frame_ms;
      sum_ui_ms += stats.ui_ms;
    }
    if (last) break;
  }
  if (options.exit_after_frames >= 0 && frames > 1) {
    GLint samples = 0;
    glGetIntegerv(GL_SAMPLES, &samples);
    std::fprintf(stderr,
                 "viewer: %d frames, mean frame %.1f ms, control room (ImGui build + GL draw) %.2f ms, fonts %.0f ms, "
                 "samples a pixel: %d, on %s\n",
                 frames, sum_frame_ms / (frames - 1), sum_ui_ms / (frames - 1), fonts_ms, std::max(samples, 1),
                 reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  // OSG releases its GL objects while the context is still current
  app.viewer->setSceneData(nullptr);
  app.viewer = nullptr;
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}

}  // namespace gatetwin::viewer
