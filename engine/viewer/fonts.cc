// Glyph ranges from the texts in use, loading Noto Sans CJK SC (+ DejaVu for symbols), growing them at run time.
#include "engine/viewer/fonts.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <cstdint>

#include "engine/viewer/ui_text.h"

namespace gatetwin::viewer {

namespace {

// Decodes one UTF-8 code point from `s` at `*i` (advancing it); invalid bytes give U+FFFD.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  int extra = 0;
  uint32_t cp = 0;
  if (b < 0x80) {
    cp = b;
  } else if ((b & 0xE0) == 0xC0) {
    cp = b & 0x1F, extra = 1;
  } else if ((b & 0xF0) == 0xE0) {
    cp = b & 0x0F, extra = 2;
  } else if ((b & 0xF8) == 0xF0) {
    cp = b & 0x07, extra = 3;
  } else {
    ++*i;
    return 0xFFFD;
  }
  ++*i;
  for (int k = 0; k < extra; ++k, ++*i) {
    if (*i >= s.size() || (static_cast<unsigned char>(s[*i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[*i]) & 0x3F);
  }
  return cp;
}

// The fixed part of the ranges: everything a Latin-script UI and Vietnamese need, and the
// symbols the panels draw (× · – → ▶ ● ■ and the like).
constexpr ImWchar kBaseRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (× ·)
    0x0100, 0x01FF,  // Latin Extended-A/B: ă đ ĩ ũ ơ ư
    0x0300, 0x0323,  // combining tone marks (decomposed input)
    0x1EA0, 0x1EF9,  // Latin Extended Additional: the Vietnamese tone letters
    0x2000, 0x206F,  // general punctuation: – — … •
    0x2190, 0x21FF,  // arrows
    0x2212, 0x2212,  // minus sign
    0x25A0, 0x25FF,  // geometric shapes
    0x3000, 0x303F,  // CJK punctuation
    0xFF01, 0xFF5E,  // full-width forms: ： （ ）
    0,
};

// Chinese plates begin with a province's one-character abbreviation (桂 for Guangxi, the
// province across the gate) or a special-use character; plates come from feeds at run time,
// so their characters cannot be gathered from the UI's texts in advance.
constexpr std::string_view kPlateCharacters =
    "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领学警挂港澳临";

}  // namespace

std::vector<ImWchar> BuildGlyphRanges(const std::vector<std::string_view>& extra) {
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(kBaseRanges);
  for (int i = 0; i < kTextIdCount * kLanguageCount; ++i) {
    const std::string_view t = AllUiText(i);
    builder.AddText(t.data(), t.data() + t.size());
  }
  for (std::string_view t : extra) builder.AddText(t.data(), t.data() + t.size());
  builder.AddText(kPlateCharacters.data(), kPlateCharacters.data() + kPlateCharacters.size());
  ImVector<ImWchar> built;
  builder.BuildRanges(&built);
  return std::vector<ImWchar>(built.begin(), built.end());
}

bool RangesCover(const std::vector<ImWchar>& ranges, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const uint32_t cp = NextCodePoint(text, &i);
    bool found = false;
    for (size_t r = 0; r + 1 < ranges.size() && ranges[r] != 0; r += 2) {
      if (cp >= ranges[r] && cp <= ranges[r + 1]) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

std::vector<std::string_view> WorldTexts(const world::World& world) {
  std::vector<std::string_view> out;
  auto add = [&](const world::Names& n) {
    out.push_back(n.vi);
    out.push_back(n.zh);
    out.push_back(n.en);
  };
  out.push_back(world.name);
  add(world.phase_names);
  for (const auto& v : world.viewpoints) add(v.names);
  for (const auto& r : world.roads) add(r.names);
  for (const auto& l : world.lanes) out.push_back(l.id);
  for (const auto& b : world.booths) {
    out.push_back(b.id);
    add(b.names);
  }
  for (const auto& z : world.zones) {
    out.push_back(z.id);
    add(z.names);
  }
  for (const auto& b : world.buildings) {
    out.push_back(b.id);
    add(b.names);
  }
  for (const auto& s : world.sensors) out.push_back(s.id);
  return out;
}

UiFonts LoadFonts(const FontFiles& files, float size_px, float scale, const std::vector<std::string_view>& extra,
                  std::vector<ImWchar>* ranges_storage) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  *ranges_storage = BuildGlyphRanges(extra);
  UiFonts fonts;
  const std::string& main_file = !files.cjk.empty() ? files.cjk : files.latin;
  if (main_file.empty()) {
    fonts.fallback = true;
    ImFontConfig config;
    config.SizePixels = 13 * scale;
    fonts.regular = fonts.large = fonts.small = io.Fonts->AddFontDefault(&config);
    return fonts;
  }
  auto add = [&](float px) {
    ImFontConfig config;
    // Noto Sans CJK's .ttc holds JP, KR, SC, TC, HK faces: face 2 draws simplified Chinese
    // shapes, and its Latin covers Vietnamese, so one face serves all three languages
    config.FontNo = main_file == files.cjk ? 2 : 0;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    ImFont* font = io.Fonts->AddFontFromFileTTF(main_file.c_str(), px * scale, &config, ranges_storage->data());
    if (font && !files.latin.empty() && main_file != files.latin) {
      // DejaVu fills in what Noto CJK lacks (some arrows and shapes); existing glyphs win
      static constexpr ImWchar kSymbols[] = {0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
      ImFontConfig merge;
      merge.MergeMode = true;
      merge.PixelSnapH = true;
      io.Fonts->AddFontFromFileTTF(files.latin.c_str(), px * scale, &merge, kSymbols);
    }
    return font;
  };
  fonts.regular = add(size_px);
  fonts.small = add(size_px * 0.8f);
  fonts.large = add(size_px * 1.75f);
  if (!fonts.regular || !fonts.small || !fonts.large) {
    io.Fonts->Clear();
    fonts = UiFonts{};
    fonts.fallback = true;
    fonts.regular = fonts.large = fonts.small = io.Fonts->AddFontDefault();
  }
  return fonts;
}

UiFonts ReloadFonts(const FontFiles& files, float size_px, float scale, const std::vector<std::string_view>& extra,
                    std::vector<ImWchar>* ranges_storage) {
  const UiFonts fonts = LoadFonts(files, size_px, scale, extra, ranges_storage);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  // the glyphs are in the texture: drop the font files' bytes, as at start
  ImGui::GetIO().Fonts->ClearInputData();
  return fonts;
}

std::string ActiveInputText() {
  const ImGuiContext* g = ImGui::GetCurrentContext();
  if (g == nullptr || g->ActiveId == 0 || g->InputTextState.ID != g->ActiveId) return {};
  const ImVector<ImWchar>& wide = g->InputTextState.TextW;
  const int n = g->InputTextState.CurLenW;
  std::string out(static_cast<size_t>(n) * 4 + 1, '\0');
  const int bytes = ImTextStrToUtf8(out.data(), static_cast<int>(out.size()), wide.Data, wide.Data + n);
  out.resize(static_cast<size_t>(bytes));
  return out;
}

}  // namespace gatetwin::viewer
