// Offscreen ImGui: context, fonts and the OpenGL3 backend in an EGL context; one Draw per frame.
#include "engine/viewer/offscreen_ui.h"

#include <GL/gl.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "engine/viewer/style.h"

namespace gatetwin::viewer {

namespace {
constexpr float kFontSizePx = 18;  // as the viewer's, times the content scale
}  // namespace

std::unique_ptr<OffscreenUi> OffscreenUi::Create(int width, int height, float scale,
                                                 const std::vector<std::string_view>& extra, std::string* error) {
  if (ImGui::GetCurrentContext() != nullptr) {
    if (error) *error = "offscreen UI: an ImGui context already exists (one offscreen UI at a time)";
    return nullptr;
  }
  std::unique_ptr<OffscreenUi> ui(new OffscreenUi(width, height, scale));
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  ui->texts_.assign(extra.begin(), extra.end());
  ui->fonts_ = LoadFonts(FindFonts(), kFontSizePx, scale, extra, &ui->ranges_);
  ApplyControlRoomStyle(scale);
  if (!ImGui_ImplOpenGL3_Init(nullptr)) {
    if (error) *error = "offscreen UI: Dear ImGui's OpenGL 3 backend could not start on this context";
    return nullptr;  // the destructor drops the context
  }
  ui->backend_ = true;
  return ui;
}

OffscreenUi::~OffscreenUi() {
  if (backend_) ImGui_ImplOpenGL3_Shutdown();
  if (ImGui::GetCurrentContext() != nullptr) ImGui::DestroyContext();
}

void OffscreenUi::Draw(const std::function<void()>& build, double dt_s) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
  io.DeltaTime = static_cast<float>(dt_s > 0 ? dt_s : 1.0 / 60);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  build();
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glFinish();
  drawn_ = true;
}

bool OffscreenUi::Cover(std::string_view text) {
  if (RangesCover(ranges_, text)) return false;
  texts_.emplace_back(text);
  const std::vector<std::string_view> views(texts_.begin(), texts_.end());
  // before the first frame the backend has made no texture yet: it builds one from the atlas then
  fonts_ = drawn_ ? ReloadFonts(FindFonts(), kFontSizePx, scale_, views, &ranges_)
                  : LoadFonts(FindFonts(), kFontSizePx, scale_, views, &ranges_);
  return true;
}

}  // namespace gatetwin::viewer
