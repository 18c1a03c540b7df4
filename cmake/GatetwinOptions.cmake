# Compiler flags for our own targets: warnings as errors, sanitizers on demand.
# Third-party headers come in as SYSTEM includes (imported targets), so their
# warnings never fail our build.

add_library(gatetwin_flags INTERFACE)
target_compile_options(gatetwin_flags INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor)
# our headers are found from the repo root: #include "world/world.h"
target_include_directories(gatetwin_flags INTERFACE ${PROJECT_SOURCE_DIR})

if(GATETWIN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Declares one of our libraries with the project's flags.
function(gatetwin_library name)
  add_library(${name} ${ARGN})
  target_link_libraries(${name} PUBLIC gatetwin_flags)
endfunction()
