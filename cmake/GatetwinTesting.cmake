# gatetwin_test(name SOURCES... LIBS ...): one GoogleTest executable, registered with CTest.
function(gatetwin_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE gatetwin_flags ${T_LIBS} GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    GATETWIN_SOURCE_DIR="${PROJECT_SOURCE_DIR}" GATETWIN_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
