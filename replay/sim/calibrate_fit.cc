// Service-time fitting for calibrate: lognormal, exponential and fixed fits scored by KS D.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "replay/sim/calibrate.h"

namespace gatetwin::replay::sim {
namespace {

using Dist = world::ServiceTime::Dist;

// mean and sample standard deviation (n - 1; 0 for a single value)
std::pair<double, double> MeanSd(const std::vector<double>& v) {
  if (v.empty()) return {0, 0};
  double sum = 0;
  for (double x : v) sum += x;
  const double mean = sum / static_cast<double>(v.size());
  if (v.size() < 2) return {mean, 0};
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / static_cast<double>(v.size() - 1))};
}

// the lognormal's log-space parameters from its own mean and sd (as the synthesizer reads them)
std::pair<double, double> LogParams(const world::ServiceTime& s) {
  const double ratio = s.sd_s / s.mean_s;
  const double sigma2 = std::log1p(ratio * ratio);
  return {std::log(s.mean_s) - sigma2 / 2, std::sqrt(sigma2)};
}

DistFit Scored(world::ServiceTime service, const std::vector<double>& sorted, int n) {
  DistFit f;
  f.service = service;
  f.ks_d = KsStatistic(sorted, service);
  f.p_value = KsPValue(f.ks_d, n);
  return f;
}

}  // namespace

std::string_view DistName(Dist d) {
  switch (d) {
    case Dist::kFixed: return "fixed";
    case Dist::kExponential: return "exponential";
    case Dist::kLognormal: return "lognormal";
    case Dist::kUniform: return "uniform";
  }
  return "?";
}

double ServiceCdf(const world::ServiceTime& s, double x_s) {
  switch (s.dist) {
    case Dist::kFixed: return x_s >= s.mean_s ? 1 : 0;
    case Dist::kExponential: return x_s <= 0 || s.mean_s <= 0 ? (x_s >= 0 ? 1 : 0) : -std::expm1(-x_s / s.mean_s);
    case Dist::kLognormal: {
      if (x_s <= 0) return 0;
      if (s.mean_s <= 0 || s.sd_s <= 0) return x_s >= s.mean_s ? 1 : 0;
      const auto [mu, sigma] = LogParams(s);
      return 0.5 * std::erfc(-(std::log(x_s) - mu) / (sigma * std::numbers::sqrt2));
    }
    case Dist::kUniform:
      if (s.max_s <= s.min_s) return x_s >= s.min_s ? 1 : 0;
      return std::clamp((x_s - s.min_s) / (s.max_s - s.min_s), 0.0, 1.0);
  }
  return 0;
}

double KsStatistic(const std::vector<double>& x, const world::ServiceTime& service) {
  const size_t n = x.size();
  if (n == 0) return 1;
  const double nd = static_cast<double>(n);
  // a point mass (fixed, or a lognormal of sd 0): D = max(share below it, share above it),
  // with values within the tolerance counted as equal to it
  const bool step = service.dist == Dist::kFixed || (service.dist == Dist::kLognormal && service.sd_s <= 0);
  if (step) {
    const double c = service.mean_s;
    const auto below = std::lower_bound(x.begin(), x.end(), c - kFixedToleranceS) - x.begin();
    const auto above = x.end() - std::upper_bound(x.begin(), x.end(), c + kFixedToleranceS);
    return static_cast<double>(std::max(below, above)) / nd;
  }
  // continuous CDF: the empirical CDF jumps at each sorted value, so the gap is largest just
  // before or at one of them (ties are covered by their last copy)
  double d = 0;
  for (size_t i = 0; i < n; ++i) {
    const double f = ServiceCdf(service, x[i]);
    d = std::max({d, f - static_cast<double>(i) / nd, static_cast<double>(i + 1) / nd - f});
  }
  return d;
}

double KsPValue(double d, int n) {
  if (n <= 0) return 0;
  const double sn = std::sqrt(static_cast<double>(n));
  const double lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda <= 0) return 1;
  // two series of the Kolmogorov distribution: each converges fast on its side of 1.18
  if (lambda < 1.18) {
    const double y = std::exp(-std::numbers::pi * std::numbers::pi / (8 * lambda * lambda));
    double sum = 0;
    for (int k = 1; k <= 20; ++k) sum += std::pow(y, (2 * k - 1) * (2 * k - 1));
    return std::clamp(1 - std::sqrt(2 * std::numbers::pi) / lambda * sum, 0.0, 1.0);
  }
  double sum = 0;
  for (int k = 1; k <= 100; ++k) {
    const double term = std::exp(-2.0 * k * k * lambda * lambda);
    sum += (k % 2 == 1 ? term : -term);
    if (term < 1e-17) break;
  }
  return std::clamp(2 * sum, 0.0, 1.0);
}

std::vector<DistFit> FitServiceDistributions(std::vector<double> durations_s) {
  std::vector<DistFit> fits;
  if (durations_s.empty()) return fits;
  std::sort(durations_s.begin(), durations_s.end());
  const int n = static_cast<int>(durations_s.size());
  const double mean = MeanSd(durations_s).first;

  std::vector<double> logs;
  logs.reserve(durations_s.size());
  for (double x : durations_s) logs.push_back(std::log(x));
  const auto [mu, sigma] = MeanSd(logs);
  world::ServiceTime lognormal{Dist::kLognormal, 0, 0, 0, 0};
  lognormal.mean_s = std::exp(mu + sigma * sigma / 2);
  lognormal.sd_s = lognormal.mean_s * std::sqrt(std::expm1(sigma * sigma));

  fits.push_back(Scored(lognormal, durations_s, n));
  fits.push_back(Scored({Dist::kExponential, mean, 0, 0, 0}, durations_s, n));
  fits.push_back(Scored({Dist::kFixed, mean, 0, 0, 0}, durations_s, n));
  return fits;
}

int ChooseFit(const std::vector<DistFit>& fits) {
  if (fits.empty()) return -1;
  // simplest first on ties: fixed (1 value), exponential (1 parameter), lognormal (2)
  static constexpr Dist kPreference[] = {Dist::kFixed, Dist::kExponential, Dist::kLognormal, Dist::kUniform};
  int best = -1;
  for (Dist d : kPreference) {
    for (size_t i = 0; i < fits.size(); ++i) {
      if (fits[i].service.dist != d) continue;
      if (best < 0 || fits[i].ks_d < fits[static_cast<size_t>(best)].ks_d) best = static_cast<int>(i);
    }
  }
  return best;
}

}  // namespace gatetwin::replay::sim
