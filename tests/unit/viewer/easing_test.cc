// Easing curves: ends, monotony, zero speed where promised, symmetry, names.
#include "engine/viewer/easing.h"

#include <gtest/gtest.h>

namespace gatetwin::viewer {
namespace {

constexpr Easing kAll[] = {Easing::kLinear, Easing::kEaseIn, Easing::kEaseOut, Easing::kEaseInOut, Easing::kCut};

TEST(Easing, StartsAtZeroEndsAtOneAndClamps) {
  for (Easing e : kAll) {
    EXPECT_DOUBLE_EQ(Ease(e, 0), 0) << static_cast<int>(e);
    EXPECT_DOUBLE_EQ(Ease(e, 1), 1) << static_cast<int>(e);
    EXPECT_DOUBLE_EQ(Ease(e, -0.5), 0);
    EXPECT_DOUBLE_EQ(Ease(e, 7), 1);
  }
}

TEST(Easing, IsMonotone) {
  for (Easing e : kAll) {
    double last = 0;
    for (int i = 1; i <= 1000; ++i) {
      const double v = Ease(e, i / 1000.0);
      EXPECT_GE(v, last) << static_cast<int>(e) << " at " << i;
      last = v;
    }
  }
}

TEST(Easing, HasTheShapeItsNameSays) {
  EXPECT_DOUBLE_EQ(Ease(Easing::kLinear, 0.3), 0.3);
  EXPECT_DOUBLE_EQ(Ease(Easing::kEaseIn, 0.5), 0.25);
  EXPECT_DOUBLE_EQ(Ease(Easing::kEaseOut, 0.5), 0.75);
  EXPECT_DOUBLE_EQ(Ease(Easing::kEaseInOut, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(Ease(Easing::kCut, 0.01), 1);
  // ease_in_out is symmetric about the middle
  for (double u : {0.1, 0.25, 0.4})
    EXPECT_NEAR(Ease(Easing::kEaseInOut, u) + Ease(Easing::kEaseInOut, 1 - u), 1, 1e-12);
  // zero speed at the ends that promise it, full speed at the others (finite differences)
  const double h = 1e-6;
  auto start_speed = [&](Easing e) { return Ease(e, h) / h; };
  auto end_speed = [&](Easing e) { return (1 - Ease(e, 1 - h)) / h; };
  EXPECT_NEAR(start_speed(Easing::kEaseIn), 0, 1e-5);
  EXPECT_NEAR(end_speed(Easing::kEaseIn), 2, 1e-5);
  EXPECT_NEAR(start_speed(Easing::kEaseOut), 2, 1e-5);
  EXPECT_NEAR(end_speed(Easing::kEaseOut), 0, 1e-5);
  EXPECT_NEAR(start_speed(Easing::kEaseInOut), 0, 1e-5);
  EXPECT_NEAR(end_speed(Easing::kEaseInOut), 0, 1e-5);
  EXPECT_NEAR(start_speed(Easing::kLinear), 1, 1e-9);
}

TEST(Easing, NamesRoundTrip) {
  ASSERT_EQ(EasingNames().size(), std::size(kAll));
  for (Easing e : kAll) EXPECT_EQ(ParseEasing(EasingNames()[static_cast<size_t>(e)]), e);
  EXPECT_FALSE(ParseEasing("smooth"));
  EXPECT_FALSE(ParseEasing(""));
}

}  // namespace
}  // namespace gatetwin::viewer
