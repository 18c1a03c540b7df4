// A log-linear histogram of durations in µs: constant memory, percentiles within 3 %, for latencies.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace gatetwin::replay::live {

/// Counts durations in buckets 1/32 of a power of two wide (exact below 32 µs), so a
/// percentile read back is at most ~3 % above the true one, whatever the range: what a
/// day-long live session needs, where keeping every sample would not do.
class LatencyHistogram {
 public:
  /// Adds one duration; negative ones (a clock ahead of ours) are counted apart, as 0.
  void Add(int64_t us) {
    ++count_;
    if (us < 0) {
      ++negative_;
      us = 0;
    }
    max_us_ = std::max(max_us_, us);
    sum_us_ += static_cast<double>(us);
    ++buckets_[Index(static_cast<uint64_t>(us))];
  }

  uint64_t count() const { return count_; }
  uint64_t negative() const { return negative_; }
  int64_t max_us() const { return max_us_; }
  double mean_us() const { return count_ == 0 ? 0 : sum_us_ / static_cast<double>(count_); }

  /// The nearest-rank percentile `p` (0..100) as the upper edge of its bucket (capped at the max).
  int64_t PercentileUs(double p) const {
    if (count_ == 0) return 0;
    const auto rank = static_cast<uint64_t>(std::max(1.0, p / 100.0 * static_cast<double>(count_) + 0.5 - 1e-9));
    uint64_t seen = 0;
    for (size_t i = 0; i < buckets_.size(); ++i) {
      seen += buckets_[i];
      if (seen >= rank) return std::min<int64_t>(static_cast<int64_t>(UpperEdge(i)), max_us_);
    }
    return max_us_;
  }

 private:
  static constexpr int kSubBits = 5;  // 32 sub-buckets per power of two
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;

  static size_t Index(uint64_t v) {
    if (v < kSub) return static_cast<size_t>(v);
    const int e = std::bit_width(v) - 1;  // v in [2^e, 2^(e+1)), e >= kSubBits
    const uint64_t sub = (v >> (e - kSubBits)) & (kSub - 1);
    return static_cast<size_t>(kSub + static_cast<uint64_t>(e - kSubBits) * kSub + sub);
  }
  static uint64_t UpperEdge(size_t i) {
    if (i < kSub) return i;
    const uint64_t e = (i - kSub) / kSub + kSubBits;
    const uint64_t sub = (i - kSub) % kSub;
    return ((kSub + sub + 1) << (e - kSubBits)) - 1;
  }

  std::array<uint64_t, kSub + (64 - kSubBits) * kSub> buckets_{};
  uint64_t count_ = 0, negative_ = 0;
  int64_t max_us_ = 0;
  double sum_us_ = 0;
};

}  // namespace gatetwin::replay::live
