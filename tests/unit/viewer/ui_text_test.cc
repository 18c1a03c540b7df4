// The UI text table: complete in three languages, real Vietnamese and Chinese, and fully covered by the font atlas.
#include "engine/viewer/ui_text.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/viewer/fonts.h"
#include "world/load.h"

namespace gatetwin::viewer {
namespace {

bool HasNonAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// True when `s` holds a CJK ideograph (UTF-8 lead byte of U+4E00–U+9FFF is 0xE4–0xE9).
bool HasHan(std::string_view s) {
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0xE4 && b <= 0xE9) return true;
  }
  return false;
}

TEST(UiText, EveryIdHasAllThreeLanguages) {
  for (int i = 0; i < kTextIdCount; ++i) {
    const auto id = static_cast<TextId>(i);
    for (Language l : {Language::kVi, Language::kZh, Language::kEn}) {
      ASSERT_NE(Tr(id, l), nullptr) << i;
      EXPECT_STRNE(Tr(id, l), "") << "text " << i << " in " << LanguageCode(l);
    }
  }
}

TEST(UiText, KnownTranslations) {
  EXPECT_STREQ(Tr(TextId::kTimeline, Language::kVi), "Dòng thời gian");
  EXPECT_STREQ(Tr(TextId::kTimeline, Language::kZh), "时间轴");
  EXPECT_STREQ(Tr(TextId::kTimeline, Language::kEn), "Timeline");
  EXPECT_STREQ(Tr(TextId::kLayerVehicles, Language::kVi), "Phương tiện");
  EXPECT_STREQ(Tr(TextId::kLayerVehicles, Language::kZh), "车辆");
  EXPECT_STREQ(Tr(TextId::kAppTitle, Language::kVi), "Cửa khẩu Hữu Nghị");
  EXPECT_STREQ(Tr(TextId::kAppTitle, Language::kZh), "友谊关口岸");
}

TEST(UiText, VietnameseCarriesItsDiacritics) {
  // words that cannot be written without tone marks or ơ/ư/đ
  for (TextId id :
       {TextId::kTimeline, TextId::kKpi, TextId::kEventLog, TextId::kLayers, TextId::kViewpoints,
        TextId::kSelectedVehicle, TextId::kSpeed, TextId::kLoop, TextId::kLocalTime, TextId::kVehiclesPresent,
        TextId::kQueueByLane, TextId::kThroughput, TextId::kMeanTimeInSystem, TextId::kStageQueued,
        TextId::kStageInService, TextId::kFollow, TextId::kDirVnToCn, TextId::kActQuit, TextId::kLanguage}) {
    EXPECT_TRUE(HasNonAscii(Tr(id, Language::kVi))) << Tr(id, Language::kVi);
  }
  // and the Vietnamese text as a whole is not plain ASCII with the marks stripped
  int with_marks = 0;
  for (int i = 0; i < kTextIdCount; ++i) with_marks += HasNonAscii(Tr(static_cast<TextId>(i), Language::kVi));
  EXPECT_GT(with_marks, kTextIdCount * 3 / 4);
}

TEST(UiText, ChineseIsWrittenInHanzi) {
  for (int i = 0; i < kTextIdCount; ++i) {
    const auto id = static_cast<TextId>(i);
    if (id == TextId::kKindGps || id == TextId::kKindRfid || id == TextId::kLangVi || id == TextId::kLangEn) {
      continue;  // abbreviations and other languages' own names
    }
    EXPECT_TRUE(HasHan(Tr(id, Language::kZh))) << i << ": " << Tr(id, Language::kZh);
  }
}

TEST(GlyphRanges, CoverEveryUiStringAndTheWorldsNames) {
  const auto loaded = world::LoadWorld(std::string(GATETWIN_SOURCE_DIR) + "/assets/worlds/huu_nghi/phase1_6lane.yaml");
  ASSERT_TRUE(loaded.world.has_value());
  const std::vector<std::string_view> names = WorldTexts(*loaded.world);
  const std::vector<ImWchar> ranges = BuildGlyphRanges(names);
  for (int i = 0; i < kTextIdCount * kLanguageCount; ++i) {
    EXPECT_TRUE(RangesCover(ranges, AllUiText(i))) << AllUiText(i);
  }
  for (std::string_view n : names) EXPECT_TRUE(RangesCover(ranges, n)) << n;
  // all of Vietnamese, not only the letters the table happens to use
  for (uint32_t cp = 0x0100; cp <= 0x01FF; ++cp) {
    const char utf8[3] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F)), 0};
    EXPECT_TRUE(RangesCover(ranges, utf8)) << cp;
  }
  for (uint32_t cp = 0x1EA0; cp <= 0x1EF9; ++cp) {
    const char utf8[4] = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (cp & 0x3F)), 0};
    EXPECT_TRUE(RangesCover(ranges, utf8)) << cp;
  }
  // Chinese plates from the feeds: every province's abbreviation, Guangxi's above all
  for (std::string_view plate : {"桂A12345", "桂F88088", "粤B3C521", "京A00001", "云A12345", "使123456"}) {
    EXPECT_TRUE(RangesCover(ranges, plate)) << plate;
  }
  // a Chinese character used nowhere is left out: the atlas stays small
  EXPECT_FALSE(RangesCover(ranges, "龘"));
  EXPECT_TRUE(RangesCover(ranges, "友谊关"));
}

}  // namespace
}  // namespace gatetwin::viewer
