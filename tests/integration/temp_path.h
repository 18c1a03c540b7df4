// A temporary file path private to the running test (ctest runs tests in parallel processes).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace gatetwin::testing_util {

/// TempDir()/<suite>.<test>.<pid>.<name>: no two tests, nor two runs at once, share it.
inline std::string TempPath(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string test = info ? std::string(info->test_suite_name()) + "." + info->name() : "global";
  return ::testing::TempDir() + test + "." + std::to_string(getpid()) + "." + name;
}

}  // namespace gatetwin::testing_util
