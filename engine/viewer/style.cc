// The dark control-room theme: rounded panels, generous spacing, one cyan accent.
#include "engine/viewer/style.h"

namespace gatetwin::viewer {

namespace {

ImVec4 Rgb(int r, int g, int b, float a = 1.0f) { return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, a); }

}  // namespace

void ApplyControlRoomStyle(float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  style.WindowPadding = ImVec2(14, 12);
  style.FramePadding = ImVec2(10, 5);
  style.ItemSpacing = ImVec2(10, 7);
  style.ItemInnerSpacing = ImVec2(7, 5);
  style.CellPadding = ImVec2(6, 3);
  style.IndentSpacing = 18;
  style.ScrollbarSize = 12;
  style.GrabMinSize = 12;
  style.WindowBorderSize = 1;
  style.FrameBorderSize = 0;
  style.PopupBorderSize = 1;
  style.WindowRounding = 8;
  style.ChildRounding = 6;
  style.FrameRounding = 5;
  style.PopupRounding = 6;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 5;
  style.TabRounding = 5;
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  style.WindowMenuButtonPosition = ImGuiDir_None;

  ImVec4* c = style.Colors;
  const ImVec4 accent = Rgb(38, 166, 222);
  const ImVec4 panel = ImGui::ColorConvertU32ToFloat4(palette::kPanel);
  c[ImGuiCol_Text] = Rgb(226, 232, 240);
  c[ImGuiCol_TextDisabled] = Rgb(120, 132, 150);
  c[ImGuiCol_WindowBg] = panel;
  c[ImGuiCol_ChildBg] = Rgb(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = Rgb(22, 28, 38, 0.98f);
  c[ImGuiCol_Border] = Rgb(54, 64, 82, 0.9f);
  c[ImGuiCol_BorderShadow] = Rgb(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = Rgb(34, 42, 56);
  c[ImGuiCol_FrameBgHovered] = Rgb(44, 55, 73);
  c[ImGuiCol_FrameBgActive] = Rgb(52, 66, 88);
  c[ImGuiCol_TitleBg] = Rgb(22, 28, 38, 0.97f);
  c[ImGuiCol_TitleBgActive] = Rgb(24, 32, 44, 0.97f);
  c[ImGuiCol_TitleBgCollapsed] = Rgb(22, 28, 38, 0.9f);
  c[ImGuiCol_MenuBarBg] = Rgb(22, 28, 38);
  c[ImGuiCol_ScrollbarBg] = Rgb(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = Rgb(60, 72, 92);
  c[ImGuiCol_ScrollbarGrabHovered] = Rgb(76, 90, 114);
  c[ImGuiCol_ScrollbarGrabActive] = accent;
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = accent;
  c[ImGuiCol_SliderGrabActive] = Rgb(90, 196, 240);
  c[ImGuiCol_Button] = Rgb(38, 48, 64);
  c[ImGuiCol_ButtonHovered] = Rgb(50, 64, 86);
  c[ImGuiCol_ButtonActive] = Rgb(38, 166, 222, 0.7f);
  c[ImGuiCol_Header] = Rgb(38, 166, 222, 0.22f);
  c[ImGuiCol_HeaderHovered] = Rgb(38, 166, 222, 0.32f);
  c[ImGuiCol_HeaderActive] = Rgb(38, 166, 222, 0.45f);
  c[ImGuiCol_Separator] = Rgb(54, 64, 82);
  c[ImGuiCol_SeparatorHovered] = accent;
  c[ImGuiCol_SeparatorActive] = accent;
  c[ImGuiCol_ResizeGrip] = Rgb(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripHovered] = Rgb(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripActive] = Rgb(0, 0, 0, 0);
  c[ImGuiCol_Tab] = Rgb(34, 42, 56);
  c[ImGuiCol_TabHovered] = Rgb(38, 166, 222, 0.45f);
  c[ImGuiCol_TabActive] = Rgb(38, 166, 222, 0.35f);
  c[ImGuiCol_PlotLines] = accent;
  c[ImGuiCol_PlotLinesHovered] = Rgb(240, 228, 66);
  c[ImGuiCol_PlotHistogram] = accent;
  c[ImGuiCol_PlotHistogramHovered] = Rgb(240, 228, 66);
  c[ImGuiCol_TableHeaderBg] = Rgb(28, 36, 48);
  c[ImGuiCol_TableBorderStrong] = Rgb(54, 64, 82);
  c[ImGuiCol_TableBorderLight] = Rgb(40, 48, 62);
  c[ImGuiCol_TableRowBg] = Rgb(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = Rgb(255, 255, 255, 0.025f);
  c[ImGuiCol_TextSelectedBg] = Rgb(38, 166, 222, 0.35f);
  c[ImGuiCol_NavHighlight] = accent;
  c[ImGuiCol_ModalWindowDimBg] = Rgb(0, 0, 0, 0.45f);
  style.ScaleAllSizes(scale);
}

}  // namespace gatetwin::viewer
