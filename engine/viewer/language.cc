// Language codes, name picking with fallback, and font discovery.
#include "engine/viewer/language.h"

#include <cstdlib>
#include <filesystem>
#include <initializer_list>

namespace gatetwin::viewer {

std::string_view LanguageCode(Language language) {
  switch (language) {
    case Language::kVi: return "vi";
    case Language::kZh: return "zh";
    case Language::kEn: return "en";
  }
  return "en";
}

std::optional<Language> ParseLanguage(std::string_view code) {
  std::string lower(code);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "vi") return Language::kVi;
  if (lower == "zh") return Language::kZh;
  if (lower == "en") return Language::kEn;
  return std::nullopt;
}

const std::string& PickName(const world::Names& names, Language language) {
  const std::string& wanted = language == Language::kVi ? names.vi : language == Language::kZh ? names.zh : names.en;
  if (!wanted.empty()) return wanted;
  if (!names.en.empty()) return names.en;
  if (!names.vi.empty()) return names.vi;
  return names.zh;
}

namespace {

std::string FirstExisting(std::initializer_list<std::string> candidates) {
  std::error_code ec;
  for (const auto& path : candidates) {
    if (!path.empty() && std::filesystem::is_regular_file(path, ec)) return path;
  }
  return {};
}

}  // namespace

FontFiles FindFonts() {
  std::string dir;
  if (const char* env = std::getenv("GATETWIN_FONT_DIR")) dir = std::string(env) + "/";
  FontFiles fonts;
  fonts.cjk = FirstExisting({dir.empty() ? "" : dir + "NotoSansCJK-Regular.ttc",
                             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                             "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
                             "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"});
  fonts.latin =
      FirstExisting({dir.empty() ? "" : dir + "DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
  return fonts;
}

}  // namespace gatetwin::viewer
