# Compiler flags for our own targets: warnings as errors, sanitizers on demand.
# Third-party headers come in as SYSTEM includes (imported targets), so their
# warnings never fail our build.

add_library(gatetwin_flags INTERFACE)
target_compile_options(gatetwin_flags INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor
  # GCC 12 at -O2/-O3 reports false -Wrestrict overlaps inside std::string's operator+
  # (GCC bug 105329), and false -Wmaybe-uninitialized on std::optional (GCC bug 80635);
  # both stay on for clang, which CI also builds with (fuzz targets)
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict -Wno-maybe-uninitialized>)
# our headers are found from the repo root: #include "world/world.h"
target_include_directories(gatetwin_flags INTERFACE ${PROJECT_SOURCE_DIR})

if(GATETWIN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(GATETWIN_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GATETWIN_BUILD_FUZZ needs clang (CXX=clang++): libFuzzer is part of clang")
  endif()
  # instrument everything for coverage and memory errors; only the fuzz targets link libFuzzer's main
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# Declares one of our libraries with the project's flags.
function(gatetwin_library name)
  add_library(${name} ${ARGN})
  target_link_libraries(${name} PUBLIC gatetwin_flags)
endfunction()
