// The three languages of the twin's text (UI and scene labels) and the fonts that draw them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "world/world.h"

namespace gatetwin::viewer {

/// A display language. Switchable at run time; every piece of text has all three.
enum class Language : uint8_t { kVi, kZh, kEn };
inline constexpr int kLanguageCount = 3;

/// "vi", "zh" or "en".
std::string_view LanguageCode(Language language);
/// The language for a code ("vi", "zh", "en", case-insensitive), or nullopt.
std::optional<Language> ParseLanguage(std::string_view code);

/// The name of a thing in `language`, falling back to English, then Vietnamese, then Chinese
/// when that language's name is empty.
const std::string& PickName(const world::Names& names, Language language);

/// Font files, found on the system (Debian's fonts-noto-cjk and fonts-dejavu-core).
struct FontFiles {
  std::string cjk;    // Noto Sans CJK: Chinese, and Latin with Vietnamese diacritics
  std::string latin;  // DejaVu Sans: Latin, Vietnamese, the UI's symbols
};

/// The fonts to use, searched in the usual Debian places (and GATETWIN_FONT_DIR first when
/// set). A missing font leaves its path empty: callers say so and fall back to a built-in font.
FontFiles FindFonts();

}  // namespace gatetwin::viewer
