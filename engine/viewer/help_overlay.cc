// Help overlay: two tables (mouse, keyboard) of control → action, in the current language.
#include "engine/viewer/help_overlay.h"

#include "engine/viewer/style.h"

namespace gatetwin::viewer {

namespace {

// A key drawn as a keycap: a rounded outline around the key's name.
void Keycap(const char* key) {
  const ImVec2 ts = ImGui::CalcTextSize(key);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 pad(7, 1);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + ts.x + 2 * pad.x, p.y + ts.y + 2 * pad.y), IM_COL32(40, 50, 66, 255), 4);
  dl->AddRect(p, ImVec2(p.x + ts.x + 2 * pad.x, p.y + ts.y + 2 * pad.y), palette::kGrid, 4);
  dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), palette::kText, key);
  ImGui::Dummy(ImVec2(ts.x + 2 * pad.x, ts.y + 2 * pad.y));
}

void Row(const char* control, const char* action, bool keycap) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  if (keycap) {
    Keycap(control);
  } else {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette::kAccent), "%s", control);
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(action);
}

}  // namespace

bool DrawHelpOverlay(const PanelContext& ctx) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ctx.Px(620), 0));
  ImGui::SetNextWindowBgAlpha(0.97f);
  bool open = true;
  const std::string title = std::string(ctx.T(TextId::kHelp)) + "###help";
  if (ImGui::Begin(title.c_str(), &open,
                   ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoSavedSettings)) {
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
    SectionHeading(ctx.T(TextId::kHelpMouse));
    if (ImGui::BeginTable("##mouse", 2, flags)) {
      ImGui::TableSetupColumn("a", ImGuiTableColumnFlags_WidthStretch, 1.1f);
      ImGui::TableSetupColumn("b", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      Row(ctx.T(TextId::kKeyLeftDrag), ctx.T(TextId::kActOrbit), false);
      Row(ctx.T(TextId::kKeyPanDrag), ctx.T(TextId::kActPan), false);
      Row(ctx.T(TextId::kKeyWheel), ctx.T(TextId::kActZoom), false);
      Row(ctx.T(TextId::kKeyClick), ctx.T(TextId::kActPick), false);
      ImGui::EndTable();
    }
    SectionHeading(ctx.T(TextId::kHelpKeyboard));
    if (ImGui::BeginTable("##keys", 2, flags)) {
      ImGui::TableSetupColumn("a", ImGuiTableColumnFlags_WidthStretch, 1.1f);
      ImGui::TableSetupColumn("b", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      Row(ctx.T(TextId::kKeySpace), ctx.T(TextId::kActPlayPause), true);
      Row("← / →", ctx.T(TextId::kActStep), true);
      Row("+ / −", ctx.T(TextId::kActSpeed), true);
      Row("1 … 9", ctx.T(TextId::kActViewpoint), true);
      Row("F", ctx.T(TextId::kActFollow), true);
      Row("L", ctx.T(TextId::kActLanguage), true);
      Row("H  ·  F1  ·  ?", ctx.T(TextId::kActHelp), true);
      Row("P", ctx.T(TextId::kActPresentation), true);
      Row("Esc", ctx.T(TextId::kActQuit), true);
      ImGui::EndTable();
    }
    ImGui::Dummy(ImVec2(0, ctx.Px(4)));
    const float w = ctx.Px(120);
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - w);
    if (ImGui::Button(ctx.T(TextId::kClose), ImVec2(w, 0))) open = false;
  }
  ImGui::End();
  return open;
}

}  // namespace gatetwin::viewer
