// The synthesizer's random numbers: a portable PRNG, log/exp, service times, plates, arrival profile.
#include <cmath>
#include <limits>

#include "replay/synth_internal.h"

// fused multiply-adds would change the last bits between compilers and CPUs
#ifdef __clang__
#pragma clang fp contract(off)
#endif

namespace gatetwin::replay::synth {
namespace {

// ln 2 split as fdlibm does: k * kLn2Hi is exact for |k| < 2^11, kLn2Lo carries the rest
constexpr double kLn2 = 0.69314718055994530942;
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// picks index i with probability weights[i] / sum(weights)
template <size_t N>
size_t Pick(const double (&weights)[N], Rng& rng) {
  double total = 0;
  for (double w : weights) total += w;
  double u = rng.Uniform() * total;
  for (size_t i = 0; i < N; ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return N - 1;
}

}  // namespace

Rng::Rng(uint64_t seed, uint64_t stream) {
  uint64_t state = seed ^ (stream * 0xd1b54a32d192ed03ULL);
  for (uint64_t& s : s_) s = SplitMix64(&state);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

uint64_t Rng::Below(uint64_t n) {
  // rejection keeps it unbiased; the loop almost never repeats
  const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t x;
  do {
    x = Next();
  } while (x >= limit);
  return x % n;
}

double Rng::Normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = 2 * Uniform() - 1;
    v = 2 * Uniform() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  const double f = std::sqrt(-2 * Log(s) / s);  // sqrt is correctly rounded by IEEE 754
  spare_ = v * f;
  has_spare_ = true;
  return u * f;
}

double Rng::Exponential() { return -Log(1 - Uniform()); }

double Log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e;
  double m = std::frexp(x, &e);  // exact: x = m * 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) m *= 2, --e;
  // log m = 2 atanh(s), |s| < 0.172: the series converges to double precision by s^27
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double term = s, sum = s;
  for (int k = 3; k <= 27; k += 2) {
    term *= s2;
    sum += term / k;
  }
  return e * kLn2Hi + (2 * sum + e * kLn2Lo);
}

double Exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709) return std::numeric_limits<double>::infinity();
  if (x < -745) return 0;
  const double k = std::floor(x / kLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= ln2/2: Taylor to r^18 is exact to double precision
  double term = 1, sum = 1;
  for (int n = 1; n <= 18; ++n) {
    term *= r / n;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

double SampleServiceS(const world::ServiceTime& service, Rng& rng) {
  using Dist = world::ServiceTime::Dist;
  double s = service.mean_s;
  switch (service.dist) {
    case Dist::kFixed: break;
    case Dist::kExponential: s = service.mean_s * rng.Exponential(); break;
    case Dist::kLognormal:
      if (service.mean_s > 0 && service.sd_s > 0) {
        // parameters of the underlying normal from the lognormal's own mean and sd
        const double ratio = service.sd_s / service.mean_s;
        const double sigma2 = Log(1 + ratio * ratio);
        const double mu = Log(service.mean_s) - sigma2 / 2;
        s = Exp(mu + std::sqrt(sigma2) * rng.Normal());
      }
      break;
    case Dist::kUniform:
      if (service.max_s > service.min_s) s = rng.Uniform(service.min_s, service.max_s);
      break;
  }
  // a booth never serves in no time, and a day-long sample would only be a typo in the world
  if (!(s >= 1)) s = 1;
  return s > 6 * 3600 ? 6 * 3600 : s;
}

std::string VietnamesePlate(Rng& rng) {
  // province codes: Lạng Sơn (12) dominates, then the northern logistics provinces (assumed mix)
  static constexpr const char* kProvinces[] = {"12", "29", "30", "98", "99", "15", "16", "14", "20", "89", "51"};
  static constexpr double kProvinceWeights[] = {40, 12, 8, 8, 7, 6, 5, 5, 3, 3, 3};
  static constexpr const char* kSeries[] = {"C", "H", "LD", "D"};
  static constexpr double kSeriesWeights[] = {70, 15, 10, 5};
  std::string plate = kProvinces[Pick(kProvinceWeights, rng)];
  plate += kSeries[Pick(kSeriesWeights, rng)];
  const uint64_t number = 1 + rng.Below(99999);
  char buf[16];
  buf[0] = '-';
  buf[1] = static_cast<char>('0' + number / 10000);
  buf[2] = static_cast<char>('0' + number / 1000 % 10);
  buf[3] = static_cast<char>('0' + number / 100 % 10);
  buf[4] = '.';
  buf[5] = static_cast<char>('0' + number / 10 % 10);
  buf[6] = static_cast<char>('0' + number % 10);
  plate.append(buf, 7);
  return plate;
}

std::string ChinesePlate(Rng& rng) {
  // 桂 Guangxi dominates (桂F is Chongzuo, which holds Pingxiang/Youyiguan; 桂A Nanning)
  static constexpr const char* kProvinces[] = {"桂F", "桂A", "桂B", "桂K", "桂N", "粤A",
                                               "粤B", "湘A", "滇A", "闽D", "川A"};
  static constexpr double kWeights[] = {35, 20, 6, 6, 5, 8, 6, 5, 4, 3, 2};
  static constexpr char kLetters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";  // no I or O on plates
  std::string plate = kProvinces[Pick(kWeights, rng)];
  // five characters, digits with now and then one letter, as on blue/yellow Chinese plates
  const int letter_at = rng.Chance(0.3) ? static_cast<int>(rng.Below(5)) : -1;
  for (int i = 0; i < 5; ++i) {
    plate.push_back(i == letter_at ? kLetters[rng.Below(sizeof kLetters - 1)] : static_cast<char>('0' + rng.Below(10)));
  }
  return plate;
}

double ArrivalRate(double hour) {
  // Assumed daily profile (not published for the gate; see huu-nghi-facts.md): a night floor
  // of 0.10, a morning peak at 09:30 (sd 1 h 15 min) when the yards release the first trucks
  // cleared overnight, and a slightly lower afternoon peak at 15:00 (sd 1 h 30 min) before the
  // evening closing of inspection; the midday dip falls to about a third of the peaks.
  const double morning = (hour - 9.5) / 1.25;
  const double afternoon = (hour - 15.0) / 1.5;
  return 0.10 + Exp(-0.5 * morning * morning) + 0.85 * Exp(-0.5 * afternoon * afternoon);
}

}  // namespace gatetwin::replay::synth
