// The layout study's report: conclusion, tables, SVG charts (our own small writer), CSV, JSON.
//
// [SECTION] text helpers
// [SECTION] the SVG chart writer
// [SECTION] the three charts
// [SECTION] the conclusion
// [SECTION] CSV and JSON
// [SECTION] the HTML page and writing the files
#include "replay/sim/study_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/time.h"

namespace gatetwin::replay::sim {
namespace {

using Json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// [SECTION] text helpers
// ---------------------------------------------------------------------------------------------

std::string Fmt(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// thousands with a comma, as a briefing writes them (2,500)
std::string Count(double v) {
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string WithCi(const Estimate& e, int decimals) {
  if (e.n < 2) return Fmt(e.mean, decimals);
  return Fmt(e.mean, decimals) + " ± " + Fmt(e.half_width, decimals);
}

// one colour per layout, the same in every chart (colour-blind-safe Okabe–Ito order)
const char* Colour(size_t i) {
  static constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                             "#E69F00", "#56B4E9", "#000000"};
  return kPalette[i % std::size(kPalette)];
}

std::string CapacityText(const Capacity& c, const SweepGrid& grid) {
  switch (c.kind) {
    case Capacity::Kind::kFound: return "about " + Count(std::round(c.trucks_per_day / 10) * 10) + " trucks/day";
    case Capacity::Kind::kBelowRange: return "below the sweep's range (under " + Count(grid.from_tpd) + " trucks/day)";
    case Capacity::Kind::kAboveRange: return "above the sweep's range (over " + Count(grid.to_tpd) + " trucks/day)";
    case Capacity::Kind::kNoSweep: return "not measured (no sweep)";
  }
  return "";
}

const char* CapacityKindName(Capacity::Kind k) {
  switch (k) {
    case Capacity::Kind::kFound: return "found";
    case Capacity::Kind::kBelowRange: return "below_range";
    case Capacity::Kind::kAboveRange: return "above_range";
    case Capacity::Kind::kNoSweep: return "no_sweep";
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] the SVG chart writer
// ---------------------------------------------------------------------------------------------

// Round tick spacing (1, 2 or 5 × 10^k) giving about `want` ticks over `span`.
double TickStep(double span, int want) {
  if (!(span > 0)) return 1;
  const double raw = span / want;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

std::string TickLabel(double v, double step) {
  if (step >= 1) return Count(v);
  const int decimals = static_cast<int>(std::ceil(-std::log10(step)));
  return Fmt(v, decimals);
}

/// A chart: a plot area with linear axes, and elements drawn in data coordinates.
class SvgChart {
 public:
  SvgChart(int width_px, int height_px, double x0, double x1, double y0, double y1)
      : width_(width_px),
        height_(height_px),
        x0_(x0),
        x1_(x1 > x0 ? x1 : x0 + 1),
        y0_(y0),
        y1_(y1 > y0 ? y1 : y0 + 1) {}

  double X(double x) const { return kLeft + (x - x0_) / (x1_ - x0_) * PlotW(); }
  double Y(double y) const { return kTop + (1 - (y - y0_) / (y1_ - y0_)) * PlotH(); }

  void Axes(const std::string& x_label, const std::string& y_label, bool x_ticks = true) {
    const double ys = TickStep(y1_ - y0_, 6);
    for (double y = std::ceil(y0_ / ys) * ys; y <= y1_ + ys * 1e-9; y += ys) {
      body_ << Line(kLeft, Y(y), kLeft + PlotW(), Y(y), "#e4e4e4", 1)
            << Text(kLeft - 6, Y(y) + 4, TickLabel(y, ys), "end");
    }
    if (x_ticks) {
      const double xs = TickStep(x1_ - x0_, 8);
      for (double x = std::ceil(x0_ / xs) * xs; x <= x1_ + xs * 1e-9; x += xs) {
        body_ << Line(X(x), kTop + PlotH(), X(x), kTop + PlotH() + 5, "#555", 1)
              << Text(X(x), kTop + PlotH() + 18, TickLabel(x, xs), "middle");
      }
    }
    body_ << Line(kLeft, kTop + PlotH(), kLeft + PlotW(), kTop + PlotH(), "#555", 1)
          << Line(kLeft, kTop, kLeft, kTop + PlotH(), "#555", 1)
          << Text(kLeft + PlotW() / 2, height_ - 8.0, x_label, "middle", "axis-label");
    body_ << "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(16," << Fmt(kTop + PlotH() / 2, 1)
          << ") rotate(-90)\">" << Escape(y_label) << "</text>\n";
  }

  // a line through points (data coordinates), clipped to the plot area
  void Polyline(const std::vector<std::pair<double, double>>& pts, const std::string& colour, double width_px,
                const std::string& dash = "") {
    if (pts.empty()) return;
    body_ << "<polyline clip-path=\"url(#" << clip_id_ << ")\" fill=\"none\" stroke=\"" << colour
          << "\" stroke-width=\"" << width_px << "\"" << (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"")
          << " points=\"";
    for (const auto& [x, y] : pts) body_ << Fmt(X(x), 1) << ',' << Fmt(Y(y), 1) << ' ';
    body_ << "\"/>\n";
  }

  void Marker(double x, double y, const std::string& colour, const std::string& title) {
    if (y > y1_) return;
    body_ << "<circle cx=\"" << Fmt(X(x), 1) << "\" cy=\"" << Fmt(Y(y), 1) << "\" r=\"3.5\" fill=\"" << colour
          << "\"><title>" << Escape(title) << "</title></circle>\n";
  }

  void ErrorBar(double x_px, double lo, double hi, const std::string& colour) {
    const double a = Y(std::min(hi, y1_)), b = Y(std::max(lo, y0_));
    body_ << Line(x_px, a, x_px, b, colour, 1.5) << Line(x_px - 4, a, x_px + 4, a, colour, 1.5)
          << Line(x_px - 4, b, x_px + 4, b, colour, 1.5);
  }

  void Bar(double x_px, double w_px, double y, const std::string& colour, const std::string& title) {
    const double top = Y(std::min(y, y1_)), base = Y(y0_);
    body_ << "<rect x=\"" << Fmt(x_px, 1) << "\" y=\"" << Fmt(top, 1) << "\" width=\"" << Fmt(w_px, 1) << "\" height=\""
          << Fmt(base - top, 1) << "\" fill=\"" << colour << "\"><title>" << Escape(title) << "</title></rect>\n";
  }

  void Label(double x_px, double y_px, const std::string& text, const std::string& anchor = "middle",
             const std::string& cls = "") {
    body_ << Text(x_px, y_px, text, anchor, cls);
  }

  void HLine(double y, const std::string& colour, const std::string& label) {
    if (y < y0_ || y > y1_) return;
    body_ << "<line x1=\"" << Fmt(kLeft, 1) << "\" y1=\"" << Fmt(Y(y), 1) << "\" x2=\"" << Fmt(kLeft + PlotW(), 1)
          << "\" y2=\"" << Fmt(Y(y), 1) << "\" stroke=\"" << colour
          << "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
          << Text(kLeft + PlotW() - 4, Y(y) - 5, label, "end", "note");
  }

  void VLine(double x, const std::string& colour, const std::string& label) {
    if (x < x0_ || x > x1_) return;
    body_ << "<line x1=\"" << Fmt(X(x), 1) << "\" y1=\"" << Fmt(kTop, 1) << "\" x2=\"" << Fmt(X(x), 1) << "\" y2=\""
          << Fmt(kTop + PlotH(), 1) << "\" stroke=\"" << colour << "\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n"
          << Text(X(x) + 4, kTop + 12, label, "start", "note");
  }

  // legend entries in a row above the plot
  void Legend(const std::vector<std::pair<std::string, std::string>>& entries) {
    double x = kLeft;
    for (const auto& [name, colour] : entries) {
      body_ << "<rect x=\"" << Fmt(x, 1) << "\" y=\"8\" width=\"14\" height=\"10\" fill=\"" << colour << "\"/>"
            << Text(x + 19, 17, name, "start");
      x += 30 + 7.0 * static_cast<double>(name.size());
    }
  }

  std::string Svg(const std::string& title) const {
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << width_ << ' ' << height_ << "\" width=\""
      << width_ << "\" height=\"" << height_ << "\" role=\"img\" aria-label=\"" << Escape(title) << "\">\n<title>"
      << Escape(title) << "</title>\n<defs><clipPath id=\"" << clip_id_ << "\"><rect x=\"" << kLeft << "\" y=\"" << kTop
      << "\" width=\"" << Fmt(PlotW(), 1) << "\" height=\"" << Fmt(PlotH(), 1) << "\"/></clipPath></defs>\n"
      << body_.str() << "</svg>\n";
    return s.str();
  }

  void SetClipId(std::string id) { clip_id_ = std::move(id); }
  double PlotW() const { return width_ - kLeft - kRight; }
  double PlotH() const { return height_ - kTop - kBottom; }
  static constexpr double kLeft = 64, kRight = 16, kTop = 30, kBottom = 46;

 private:
  static std::string Line(double x1, double y1, double x2, double y2, const std::string& colour, double w) {
    return "<line x1=\"" + Fmt(x1, 1) + "\" y1=\"" + Fmt(y1, 1) + "\" x2=\"" + Fmt(x2, 1) + "\" y2=\"" + Fmt(y2, 1) +
           "\" stroke=\"" + colour + "\" stroke-width=\"" + Fmt(w, 1) + "\"/>\n";
  }
  static std::string Text(double x, double y, const std::string& text, const std::string& anchor,
                          const std::string& cls = "") {
    return "<text x=\"" + Fmt(x, 1) + "\" y=\"" + Fmt(y, 1) + "\" text-anchor=\"" + anchor + "\"" +
           (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + Escape(text) + "</text>\n";
  }

  int width_, height_;
  double x0_, x1_, y0_, y1_;
  std::string clip_id_ = "plot";
  std::ostringstream body_;
};

std::vector<std::pair<std::string, std::string>> LegendEntries(const StudyResult& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t l = 0; l < r.layouts.size(); ++l) out.emplace_back(LayoutName(r.layouts[l]), Colour(l));
  return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] the three charts
// ---------------------------------------------------------------------------------------------

// how many queue samples to show: the arrival window, and on while any layout still has a queue
int ShownQueueSamples(const StudyResult& r) {
  const double interval_h = r.options.queue_interval_s / 3600.0;
  int shown = static_cast<int>(static_cast<double>(r.options.sim.duration_us) / 3.6e9 / interval_h) + 1;
  for (const LayoutFigures& f : r.figures) {
    for (int k = static_cast<int>(f.queue_mean.size()) - 1; k >= 0; --k) {
      if (f.queue_mean[static_cast<size_t>(k)] > 0) {
        shown = std::max(shown, k + 2);
        break;
      }
    }
  }
  return std::min(shown, r.queue_samples);
}

std::string QueueChart(const StudyResult& r) {
  const int shown = ShownQueueSamples(r);
  const double interval_h = r.options.queue_interval_s / 3600.0;
  double top = 1;
  for (const LayoutFigures& f : r.figures) {
    for (int k = 0; k < shown; ++k) top = std::max(top, f.queue_mean[static_cast<size_t>(k)]);
  }
  SvgChart c(900, 330, 0, (shown - 1) * interval_h, 0, top * 1.08);
  c.SetClipId("clip-queue");
  c.Axes("hours after " + engine::FormatRfc3339(r.options.sim.start_us).substr(0, 16) + " (local time, +07:00)",
         "trucks waiting (mean of runs)");
  for (size_t l = 0; l < r.figures.size(); ++l) {
    std::vector<std::pair<double, double>> pts;
    for (int k = 0; k < shown; ++k) pts.emplace_back(k * interval_h, r.figures[l].queue_mean[static_cast<size_t>(k)]);
    c.Polyline(pts, Colour(l), 2);
  }
  c.Legend(LegendEntries(r));
  return c.Svg("Trucks waiting (arrived, not yet in service) over the day, per layout");
}

std::string DistributionChart(const StudyResult& r) {
  const size_t n = r.figures.size();
  double top = 1;
  for (const LayoutFigures& f : r.figures) top = std::max(top, f.p95_min.mean + f.p95_min.half_width);
  SvgChart c(900, 330, 0, 1, 0, top * 1.1);
  c.SetClipId("clip-dist");
  c.Axes("statistic of the time from arrival to exit (bars: mean of runs; whiskers: 95 % confidence interval)",
         "minutes", false);
  const char* names[3] = {"mean", "median (p50)", "95th percentile (p95)"};
  const double group_w = c.PlotW() / 3;
  const double bar_w = std::min(60.0, group_w * 0.8 / static_cast<double>(n));
  for (int s = 0; s < 3; ++s) {
    const double gx = SvgChart::kLeft + group_w * s + (group_w - bar_w * static_cast<double>(n)) / 2;
    for (size_t l = 0; l < n; ++l) {
      const LayoutFigures& f = r.figures[l];
      const Estimate& e = s == 0 ? f.mean_min : s == 1 ? f.p50_min : f.p95_min;
      const double x = gx + bar_w * static_cast<double>(l);
      c.Bar(x + 2, bar_w - 4, e.mean, Colour(l), LayoutName(r.layouts[l]) + ": " + WithCi(e, 1) + " min");
      if (e.n >= 2) c.ErrorBar(x + bar_w / 2, e.mean - e.half_width, e.mean + e.half_width, "#222");
      c.Label(x + bar_w / 2, c.Y(std::min(e.mean + e.half_width, top * 1.1)) - 5, Fmt(e.mean, 0), "middle", "note");
    }
    c.Label(SvgChart::kLeft + group_w * (s + 0.5), SvgChart::kTop + c.PlotH() + 18, names[s]);
  }
  c.Legend(LegendEntries(r));
  return c.Svg("Time from arrival to exit per layout: mean, median and 95th percentile with 95 % intervals");
}

std::string CapacityChart(const StudyResult& r) {
  const double thr = r.options.threshold_min;
  // values far above the threshold would flatten the part that matters: clip at 4× it
  double top = thr * 1.5;
  for (const auto& curve : r.sweep) {
    for (const SweepPoint& p : curve) top = std::max(top, std::min(p.mean_min.mean, thr * 4));
  }
  const SweepGrid& g = r.options.grid;
  SvgChart c(900, 360, g.from_tpd, g.to_tpd, 0, top * 1.05);
  c.SetClipId("clip-capacity");
  c.Axes("demand, trucks/day (the study's demand scaled)",
         "mean time from arrival, min" + std::string(top >= thr * 4 ? " (clipped)" : ""));
  c.HLine(thr, "#b00", "threshold " + Fmt(thr, 0) + " min");
  c.VLine(r.demand.TrucksPerDay(), "#555", "study demand " + Count(r.demand.TrucksPerDay()));
  for (size_t l = 0; l < r.sweep.size(); ++l) {
    std::vector<std::pair<double, double>> pts;
    for (const SweepPoint& p : r.sweep[l]) {
      pts.emplace_back(p.trucks_per_day, p.mean_min.mean);
      c.Marker(p.trucks_per_day, p.mean_min.mean, Colour(l),
               LayoutName(r.layouts[l]) + " at " + Count(p.trucks_per_day) + "/day: " + WithCi(p.mean_min, 1) + " min");
      if (p.mean_min.n >= 2 && p.mean_min.mean <= top)
        c.ErrorBar(c.X(p.trucks_per_day), p.mean_min.mean - p.mean_min.half_width,
                   p.mean_min.mean + p.mean_min.half_width, Colour(l));
    }
    c.Polyline(pts, Colour(l), 2);
    const Capacity& cap = r.capacity[l];
    if (cap.kind == Capacity::Kind::kFound) {
      // staggered by layout so that close capacities do not print over each other
      c.Label(c.X(cap.trucks_per_day), c.Y(thr) + 16 + 13 * static_cast<double>(l),
              "▲ " + Count(std::round(cap.trucks_per_day / 10) * 10), "middle", "cap");
    }
  }
  c.Legend(LegendEntries(r));
  return c.Svg("Capacity curves: mean time from arrival against trucks per day, with the threshold");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] the conclusion
// ---------------------------------------------------------------------------------------------

bool Overlap(const Estimate& a, const Estimate& b) {
  return a.mean - a.half_width <= b.mean + b.half_width && b.mean - b.half_width <= a.mean + a.half_width;
}

std::string JoinWords(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? (items.size() > 2 ? ", and " : " and ") : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::string LayoutName(const StudyLayout& layout) {
  if (layout.world != nullptr && !layout.world->phase_names.en.empty()) return layout.world->phase_names.en;
  if (layout.world != nullptr && !layout.world->phase.empty()) return layout.world->phase;
  return layout.file;
}

std::string StudyConclusion(const StudyResult& r) {
  if (r.figures.empty()) return "";
  const double demand_tpd = r.demand.TrucksPerDay();
  const int reps = r.options.replications;
  std::vector<size_t> order(r.figures.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return r.figures[a].mean_min.mean < r.figures[b].mean_min.mean; });
  const size_t best = order.front();
  const LayoutFigures& fb = r.figures[best];
  std::ostringstream s;
  s << "At " << Count(demand_tpd) << " trucks a day (" << (r.demand.name.empty() ? "the study's demand" : r.demand.name)
    << "), " << LayoutName(r.layouts[best]) << " is the best of the " << r.layouts.size()
    << " layouts: a truck spends on average " << Fmt(fb.mean_min.mean, 0)
    << " minutes from arriving at the gate area to "
    << "leaving it (95th percentile " << Fmt(fb.p95_min.mean, 0) << " min)";
  if (order.size() > 1) {
    std::vector<std::string> others;
    for (size_t i = 1; i < order.size(); ++i) {
      const LayoutFigures& f = r.figures[order[i]];
      const double diff = f.mean_min.mean - fb.mean_min.mean;
      std::string o = LayoutName(r.layouts[order[i]]) + " takes " + Fmt(f.mean_min.mean, 0) + " min, " + Fmt(diff, 0) +
                      " min longer";
      if (fb.mean_min.mean > 0) o += " (+" + Fmt(100 * diff / fb.mean_min.mean, 0) + " %)";
      if (reps >= 2 && Overlap(f.mean_min, fb.mean_min))
        o += ", a difference within the noise of " + std::to_string(reps) + " runs";
      others.push_back(o);
    }
    s << "; " << JoinWords(others);
  }
  s << ".";
  std::vector<std::string> left;
  for (size_t l = 0; l < r.figures.size(); ++l) {
    if (r.figures[l].still_inside.mean >= 1)
      left.push_back(LayoutName(r.layouts[l]) + " leaves " + Count(r.figures[l].still_inside.mean));
  }
  if (!left.empty()) {
    s << " Some trucks never get through before the run stops (" << JoinWords(left)
      << " trucks still waiting on average); their times are not in the means, so those layouts are worse than the "
         "figures say.";
  }
  if (r.options.sweep) {
    std::vector<std::string> caps, carry, not_carry;
    for (size_t l = 0; l < r.capacity.size(); ++l) {
      const Capacity& c = r.capacity[l];
      std::string text = LayoutName(r.layouts[l]) + " " + CapacityText(c, r.options.grid);
      if (c.kind == Capacity::Kind::kFound && demand_tpd > 0)
        text += " (" + Fmt(c.trucks_per_day / demand_tpd, 2) + "× this demand)";
      caps.push_back(text);
      const bool carries =
          c.kind == Capacity::Kind::kAboveRange || (c.kind == Capacity::Kind::kFound && c.trucks_per_day > demand_tpd);
      (carries ? carry : not_carry).push_back(LayoutName(r.layouts[l]));
    }
    s << " Capacity, the demand at which the mean time from arrival passes " << Fmt(r.options.threshold_min, 0)
      << " min: " << JoinWords(caps) << ".";
    // a capacity this close to the demand is within the sweep's noise: say so rather than pick a side
    std::vector<std::string> close;
    for (size_t l = 0; l < r.capacity.size(); ++l) {
      const Capacity& c = r.capacity[l];
      if (c.kind == Capacity::Kind::kFound && demand_tpd > 0 && std::abs(c.trucks_per_day / demand_tpd - 1) < 0.1)
        close.push_back(LayoutName(r.layouts[l]));
    }
    if (not_carry.empty()) {
      s << " Every layout carries this demand within the threshold.";
    } else if (carry.empty()) {
      s << " No layout carries this demand within the threshold.";
    } else {
      s << " So at this demand " << JoinWords(carry) << (carry.size() == 1 ? " stays" : " stay")
        << " within the threshold, and " << JoinWords(not_carry) << (not_carry.size() == 1 ? " does" : " do")
        << " not.";
    }
    if (!close.empty()) {
      s << (close.size() == 1 ? " The capacity of " : " The capacities of ") << JoinWords(close)
        << (close.size() == 1 ? " is" : " are") << " within 10 % of the demand: too close to call with "
        << r.options.sweep_replications << " runs a point.";
    }
  }
  return s.str();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] CSV and JSON
// ---------------------------------------------------------------------------------------------

std::string SummaryCsv(const StudyResult& r) {
  std::ostringstream s;
  s << "layout,phase,world_file,replications,demand_trucks_per_day,mean_min,mean_ci95_min,p50_min,p50_ci95_min,p95_"
       "min,p95_ci95_min,in_system_mean_min,upstream_wait_mean_min,completed,still_inside,max_queue_trucks,"
       "capacity_trucks_per_day,capacity_kind,threshold_min\n";
  for (size_t l = 0; l < r.figures.size(); ++l) {
    const LayoutFigures& f = r.figures[l];
    const Capacity c = l < r.capacity.size() ? r.capacity[l] : Capacity{};
    s << CsvField(LayoutName(r.layouts[l])) << ',' << CsvField(r.layouts[l].world->phase) << ','
      << CsvField(r.layouts[l].file) << ',' << f.mean_min.n << ',' << Fmt(r.demand.TrucksPerDay(), 1) << ','
      << Fmt(f.mean_min.mean, 3) << ',' << Fmt(f.mean_min.half_width, 3) << ',' << Fmt(f.p50_min.mean, 3) << ','
      << Fmt(f.p50_min.half_width, 3) << ',' << Fmt(f.p95_min.mean, 3) << ',' << Fmt(f.p95_min.half_width, 3) << ','
      << Fmt(f.in_system_mean_min.mean, 3) << ',' << Fmt(f.upstream_wait_mean_min.mean, 3) << ','
      << Fmt(f.completed.mean, 1) << ',' << Fmt(f.still_inside.mean, 1) << ',' << Fmt(f.max_queue.mean, 1) << ','
      << (c.kind == Capacity::Kind::kNoSweep ? "" : Fmt(c.trucks_per_day, 1)) << ',' << CapacityKindName(c.kind) << ','
      << Fmt(r.options.threshold_min, 3) << '\n';
  }
  return s.str();
}

std::string SweepCsv(const StudyResult& r) {
  std::ostringstream s;
  s << "layout,phase,trucks_per_day,replications,mean_min,mean_ci95_min,still_inside,step_s\n";
  for (size_t l = 0; l < r.sweep.size(); ++l) {
    for (const SweepPoint& p : r.sweep[l]) {
      s << CsvField(LayoutName(r.layouts[l])) << ',' << CsvField(r.layouts[l].world->phase) << ','
        << Fmt(p.trucks_per_day, 1) << ',' << p.mean_min.n << ',' << Fmt(p.mean_min.mean, 3) << ','
        << Fmt(p.mean_min.half_width, 3) << ',' << Fmt(p.still_inside.mean, 1) << ',' << r.options.sweep_step_s << '\n';
    }
  }
  return s.str();
}

std::string QueueCsv(const StudyResult& r) {
  std::ostringstream s;
  s << "t_h,time";
  for (const StudyLayout& l : r.layouts) s << ',' << CsvField(l.world->phase + "_waiting_trucks");
  s << '\n';
  for (int k = 0; k < r.queue_samples; ++k) {
    const engine::TimeUs t =
        r.options.sim.start_us + static_cast<engine::TimeUs>(k) * r.options.queue_interval_s * engine::kUsPerSecond;
    s << Fmt(k * r.options.queue_interval_s / 3600.0, 4) << ',' << engine::FormatRfc3339(t);
    for (const LayoutFigures& f : r.figures) s << ',' << Fmt(f.queue_mean[static_cast<size_t>(k)], 2);
    s << '\n';
  }
  return s.str();
}

std::string RunsCsv(const StudyResult& r) {
  std::ostringstream s;
  s << "kind,layout,phase,replication,seed,trucks_per_day,step_s,arrivals,completed,still_inside,mean_min,p50_min,"
       "p95_min,max_min,in_system_mean_min,upstream_wait_mean_min,max_queue_trucks,vehicle_updates,wall_s\n";
  for (const StudyRun& run : r.runs) {
    const auto& t = run.truth;
    const int max_queue = run.queue.empty() ? 0 : *std::max_element(run.queue.begin(), run.queue.end());
    s << (run.sweep ? "sweep" : "main") << ',' << CsvField(LayoutName(r.layouts[static_cast<size_t>(run.layout)]))
      << ',' << CsvField(r.layouts[static_cast<size_t>(run.layout)].world->phase) << ',' << run.replication << ','
      << run.seed << ',' << Fmt(run.trucks_per_day, 1) << ',' << run.step_s << ',' << t.arrivals << ',' << t.completed
      << ',' << t.still_inside << ',' << Fmt(t.time_from_arrival_s.mean / 60, 3) << ','
      << Fmt(t.time_from_arrival_s.p50 / 60, 3) << ',' << Fmt(t.time_from_arrival_s.p95 / 60, 3) << ','
      << Fmt(t.time_from_arrival_s.max / 60, 3) << ',' << Fmt(t.time_in_system_s.mean / 60, 3) << ','
      << Fmt(t.upstream_wait_s.mean / 60, 3) << ',' << (run.sweep ? "" : std::to_string(max_queue)) << ','
      << run.vehicle_updates << ',' << Fmt(run.wall_s, 3) << '\n';
  }
  return s.str();
}

namespace {

Json EstimateJson(const Estimate& e) { return Json{{"mean", e.mean}, {"ci95", e.half_width}, {"n", e.n}}; }

}  // namespace

std::string StudyJson(const StudyResult& r) {
  const StudyOptions& o = r.options;
  Json j;
  j["study"] = "layout";
  j["demand"] = {{"name", r.demand.name},
                 {"file", r.demand.file},
                 {"expected_trucks_per_day", r.demand.TrucksPerDay()},
                 {"vn_to_cn_per_day", r.demand.TrucksPerDay(world::Direction::kVnToCn)},
                 {"cn_to_vn_per_day", r.demand.TrucksPerDay(world::Direction::kCnToVn)}};
  j["options"] = {{"replications", o.replications},
                  {"base_seed", o.base_seed},
                  {"jobs", r.jobs},
                  {"threshold_min", o.threshold_min},
                  {"step_s", o.sim.step_s},
                  {"start", engine::FormatRfc3339(o.sim.start_us)},
                  {"duration_s", static_cast<double>(o.sim.duration_us) / 1e6},
                  {"drain_s", static_cast<double>(o.sim.drain_us) / 1e6},
                  {"queue_interval_s", o.queue_interval_s},
                  {"sweep", o.sweep ? Json{{"from_tpd", o.grid.from_tpd},
                                           {"to_tpd", o.grid.to_tpd},
                                           {"step_tpd", o.grid.step_tpd},
                                           {"replications", o.sweep_replications},
                                           {"step_s", o.sweep_step_s}}
                                    : Json(nullptr)}};
  j["wall_s"] = r.wall_s;
  j["conclusion"] = StudyConclusion(r);
  Json layouts = Json::array();
  for (size_t l = 0; l < r.layouts.size(); ++l) {
    const LayoutFigures& f = r.figures[l];
    Json lj;
    lj["name"] = LayoutName(r.layouts[l]);
    lj["phase"] = r.layouts[l].world->phase;
    lj["file"] = r.layouts[l].file;
    lj["lanes"] = r.layouts[l].world->lanes.size();
    lj["booths"] = r.layouts[l].world->booths.size();
    lj["time_from_arrival_min"] = {
        {"mean", EstimateJson(f.mean_min)}, {"p50", EstimateJson(f.p50_min)}, {"p95", EstimateJson(f.p95_min)}};
    lj["time_in_system_mean_min"] = EstimateJson(f.in_system_mean_min);
    lj["upstream_wait_mean_min"] = EstimateJson(f.upstream_wait_mean_min);
    lj["completed"] = EstimateJson(f.completed);
    lj["still_inside"] = EstimateJson(f.still_inside);
    lj["max_queue_trucks"] = EstimateJson(f.max_queue);
    const Capacity c = l < r.capacity.size() ? r.capacity[l] : Capacity{};
    lj["capacity"] = {{"kind", CapacityKindName(c.kind)},
                      {"trucks_per_day", c.kind == Capacity::Kind::kNoSweep ? Json(nullptr) : Json(c.trucks_per_day)}};
    Json sweep = Json::array();
    for (const SweepPoint& p : r.sweep[l])
      sweep.push_back({{"trucks_per_day", p.trucks_per_day},
                       {"mean_min", EstimateJson(p.mean_min)},
                       {"still_inside", p.still_inside.mean}});
    lj["sweep"] = sweep;
    lj["queue_mean_trucks"] = f.queue_mean;
    layouts.push_back(lj);
  }
  j["layouts"] = layouts;
  return j.dump(2) + "\n";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] the HTML page and writing the files
// ---------------------------------------------------------------------------------------------

namespace {
// "20 / 10 / 5 %": a direction's X-ray, weighbridge and quarantine shares
std::string Mix(const std::array<double, kInspectionCount>& shares) {
  return Fmt(100 * shares[1], 0) + " / " + Fmt(100 * shares[2], 0) + " / " + Fmt(100 * shares[3], 0) + " %";
}
}  // namespace

std::string StudyHtml(const StudyResult& r) {
  const StudyOptions& o = r.options;
  const std::string demand_name = r.demand.name.empty() ? "demand" : r.demand.name;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>Layout study — " << Escape(demand_name) << "</title>\n<style>\n"
    << "body{font-family:'Noto Sans','DejaVu "
       "Sans',Helvetica,Arial,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}\n"
    << "main{max-width:1120px;margin:0 auto;padding:24px 32px 48px;background:#fff;box-shadow:0 0 12px #0001}\n"
    << "h1{font-size:26px;margin:4px 0 2px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid #e3e6eb;"
       "padding-bottom:4px}\n"
    << ".sub{color:#5a6372;margin:0 0 16px}.conclusion{background:#eef5fb;border-left:5px solid #0072B2;padding:12px "
       "16px;font-size:16px;line-height:1.5}\n"
    << "table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:5px 8px;border-bottom:1px solid "
       "#e3e6eb;text-align:right}th{background:#f1f3f6}td:first-child,th:first-child{text-align:left}\n"
    << ".swatch{display:inline-block;width:11px;height:11px;margin-right:6px;vertical-align:-1px}\n"
    << "svg{max-width:100%;height:auto;font-size:12px}svg .axis-label{font-size:13px;fill:#333}svg "
       ".note{font-size:11px;"
       "fill:#444}svg .cap{font-size:11px;font-weight:bold}\n"
    << ".fig{margin:8px 0 4px}.caption{color:#5a6372;font-size:13px;margin:2px 0 12px}.small{font-size:13px;color:"
       "#5a6372}\n"
    << "</style>\n</head>\n<body>\n<main>\n";
  h << "<h1>Layout study: " << Escape(demand_name) << " on " << r.layouts.size() << " layouts</h1>\n"
    << "<p class=\"sub\">gatetwin · Hữu Nghị – Youyiguan freight road 1119–1120 · " << o.replications
    << " runs per layout (seeds " << o.base_seed << "–" << o.base_seed + static_cast<uint64_t>(o.replications) - 1
    << ") · arrivals from " << Escape(engine::FormatRfc3339(o.sim.start_us).substr(0, 16)) << " for "
    << Fmt(static_cast<double>(o.sim.duration_us) / 3.6e9, 0) << " h</p>\n";
  h << "<h2>Conclusion</h2>\n<p class=\"conclusion\">" << Escape(StudyConclusion(r)) << "</p>\n";

  h << "<h2>Demand</h2>\n<table>\n<tr><th>name</th><th>file</th><th>trucks/day (expected)</th><th>vn_to_cn</th>"
       "<th>cn_to_vn</th><th>X-ray / weighbridge / quarantine</th><th>perishable</th></tr>\n";
  h << "<tr><td>" << Escape(demand_name) << (r.demand.names.en.empty() ? "" : " — " + Escape(r.demand.names.en))
    << "</td><td>" << Escape(r.demand.file.empty() ? "(default gate day)" : r.demand.file) << "</td><td>"
    << Count(r.demand.TrucksPerDay()) << "</td><td>" << Count(r.demand.TrucksPerDay(world::Direction::kVnToCn))
    << "</td><td>" << Count(r.demand.TrucksPerDay(world::Direction::kCnToVn)) << "</td><td>"
    << Mix(r.demand.inspection_share[0]) << " (vn_to_cn), " << Mix(r.demand.inspection_share[1])
    << " (cn_to_vn)</td><td>" << Fmt(100 * r.demand.perishable_share, 0) << " %</td></tr>\n</table>\n";

  h << "<h2>Results at this demand</h2>\n<table>\n<tr><th>layout</th><th>lanes</th><th>booths</th>"
       "<th>mean, min</th><th>p50, min</th><th>p95, min</th><th>upstream wait, min</th><th>in system, min</th>"
       "<th>through</th><th>still inside</th><th>max waiting</th><th>capacity, trucks/day</th></tr>\n";
  for (size_t l = 0; l < r.figures.size(); ++l) {
    const LayoutFigures& f = r.figures[l];
    const world::World& w = *r.layouts[l].world;
    h << "<tr><td><span class=\"swatch\" style=\"background:" << Colour(l) << "\"></span>"
      << Escape(LayoutName(r.layouts[l])) << "<br><span class=\"small\">" << Escape(r.layouts[l].file)
      << "</span></td><td>" << w.lanes.size() << "</td><td>" << w.booths.size() << "</td><td>" << WithCi(f.mean_min, 1)
      << "</td><td>" << WithCi(f.p50_min, 1) << "</td><td>" << WithCi(f.p95_min, 1) << "</td><td>"
      << WithCi(f.upstream_wait_mean_min, 1) << "</td><td>" << WithCi(f.in_system_mean_min, 1) << "</td><td>"
      << Count(f.completed.mean) << "</td><td>" << Count(f.still_inside.mean) << "</td><td>" << Count(f.max_queue.mean)
      << "</td><td>" << Escape(l < r.capacity.size() ? CapacityText(r.capacity[l], o.grid) : "") << "</td></tr>\n";
  }
  h << "</table>\n<p class=\"small\">Times are from a truck's arrival in the gate area to its exit read: what a "
       "driver lives, including the wait upstream in the logistics area before a lane has room. ± is the 95 % "
       "confidence interval of the mean over runs (Student t). Lanes counts every lane of the world, link roads "
       "included.</p>\n";

  h << "<h2>Trucks waiting over the day</h2>\n<div class=\"fig\">" << QueueChart(r) << "</div>\n"
    << "<p class=\"caption\">Trucks that have arrived and are not yet in service (upstream or queued on a lane), "
       "every "
    << o.queue_interval_s / 60 << " minutes, mean of " << o.replications << " runs.</p>\n";
  h << "<h2>Time from arrival to exit</h2>\n<div class=\"fig\">" << DistributionChart(r) << "</div>\n"
    << "<p class=\"caption\">Bars: each statistic's mean over runs; whiskers: its 95 % confidence interval.</p>\n";
  if (o.sweep) {
    h << "<h2>Capacity</h2>\n<div class=\"fig\">" << CapacityChart(r) << "</div>\n"
      << "<p class=\"caption\">The demand scaled from " << Count(o.grid.from_tpd) << " to " << Count(o.grid.to_tpd)
      << " trucks/day in steps of " << Count(o.grid.step_tpd) << ", " << o.sweep_replications
      << (o.sweep_replications == 1 ? " run a point (no interval with one run)"
          : o.sweep_replications == 2
              ? " runs a point (the 95 % intervals are wide: Student t with 1 degree of freedom)"
              : " runs a point")
      << ", integration step " << Fmt(o.sweep_step_s, 2) << " s (the main runs use " << Fmt(o.sim.step_s, 2)
      << " s; the coarser step keeps the sweep fast). Capacity (▲) is where the curve crosses the threshold, by linear "
         "interpolation between points.</p>\n";
  }
  h << "<h2>Method and files</h2>\n<p class=\"small\">Microsimulation (IDM car following, booths, yards; "
       "replay/sim/microsim.h), ground truth of each run. Replication r uses seed "
    << o.base_seed << " + r on every layout, and the arrivals do not depend on the layout, so the layouts see the same "
    << "trucks. " << r.runs.size() << " runs on " << r.jobs << " threads in " << Fmt(r.wall_s, 1)
    << " s. Figures: <a href=\"summary.csv\">summary.csv</a>, <a href=\"sweep.csv\">sweep.csv</a>, "
       "<a href=\"queue.csv\">queue.csv</a>, <a href=\"runs.csv\">runs.csv</a>, <a href=\"study.json\">study.json</a>."
       "</p>\n</main>\n</body>\n</html>\n";
  return h.str();
}

bool WriteStudyReport(const StudyResult& r, const std::string& dir, std::vector<std::string>* errors) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    errors->push_back(dir + ": cannot create the report directory (" + ec.message() + ")");
    return false;
  }
  const std::pair<const char*, std::string> files[] = {{"index.html", StudyHtml(r)}, {"summary.csv", SummaryCsv(r)},
                                                       {"sweep.csv", SweepCsv(r)},   {"queue.csv", QueueCsv(r)},
                                                       {"runs.csv", RunsCsv(r)},     {"study.json", StudyJson(r)}};
  bool ok = true;
  for (const auto& [name, text] : files) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      errors->push_back(path + ": cannot write the report file there");
      ok = false;
    }
  }
  return ok;
}

}  // namespace gatetwin::replay::sim
