// The control room's fonts grow at run time: a character no text had at start (typed into a
// note) is drawn as `?` until the atlas covers it, and as its own glyph after.
#include <gtest/gtest.h>
#include <imgui.h>

#include <osg/Group>

#include "engine/viewer/fonts.h"
#include "engine/viewer/offscreen.h"
#include "engine/viewer/offscreen_ui.h"

namespace gatetwin::viewer {
namespace {

constexpr int kWidth = 240, kHeight = 80;

class GrowingFonts : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    renderer_ = OffscreenRenderer::Create(kWidth, kHeight, &error);
    ASSERT_NE(renderer_, nullptr) << error;
    renderer_->viewer().setSceneData(new osg::Group);
    ui_ = OffscreenUi::Create(kWidth, kHeight, 1.0f, {}, &error);
    ASSERT_NE(ui_, nullptr) << error;
    if (ui_->fonts().fallback) GTEST_SKIP() << "no system font (fonts-noto-cjk): ImGui's own has no Chinese";
  }

  // one frame: the clear colour and `text` in a window at the top left
  Image Draw(const char* text) {
    renderer_->RenderFrame();
    ui_->Draw(
        [&] {
          ImGui::SetNextWindowPos(ImVec2(0, 0));
          ImGui::SetNextWindowSize(ImVec2(kWidth, kHeight));
          ImGui::Begin("text", nullptr, ImGuiWindowFlags_NoDecoration);
          ImGui::TextUnformatted(text);
          ImGui::End();
        },
        1.0 / 30);
    return renderer_->ReadPixels();
  }

  std::unique_ptr<OffscreenRenderer> renderer_;
  std::unique_ptr<OffscreenUi> ui_;
};

TEST_F(GrowingFonts, ACharacterLeftOutIsDrawnAfterCoverGrowsTheAtlas) {
  // 龘 is in no UI text, world name or plate: the first atlas leaves it out
  const Image question = Draw("?");
  const Image before = Draw("龘");
  EXPECT_EQ(before.rgba, question.rgba) << "a missing glyph is drawn as ImGui's fallback, '?'";
  EXPECT_TRUE(ui_->Cover("龘"));
  const Image after = Draw("龘");
  EXPECT_NE(after.rgba, question.rgba) << "after Cover the character has its own glyph";
  EXPECT_EQ(Draw("?").rgba, question.rgba) << "what the atlas had is drawn as before";
  EXPECT_FALSE(ui_->Cover("龘 and ASCII")) << "nothing new to cover: no rebuild";
}

TEST_F(GrowingFonts, ActiveInputTextIsWhatTheUserTypes) {
  static char buffer[64] = {};
  const auto frame = [&](bool focus) {
    renderer_->RenderFrame();
    ui_->Draw(
        [&] {
          ImGui::Begin("note");
          if (focus) ImGui::SetKeyboardFocusHere();
          ImGui::InputText("##note", buffer, sizeof buffer);
          ImGui::End();
        },
        1.0 / 30);
  };
  EXPECT_EQ(ActiveInputText(), "");
  frame(true);
  frame(false);
  ImGui::GetIO().AddInputCharactersUTF8("友谊龘");
  frame(false);
  EXPECT_EQ(ActiveInputText(), "友谊龘");
  EXPECT_STREQ(buffer, "友谊龘");
}

}  // namespace
}  // namespace gatetwin::viewer
