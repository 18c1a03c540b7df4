// Reads an expect file (YAML) and checks its bounds against a report (JSON).
#include "replay/expect.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace gatetwin::replay {
namespace {

using Json = nlohmann::json;

std::string Where(const std::string& file, const YAML::Mark& mark) {
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": ";
}

std::string Num(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// finds `a.b.c` in nested objects; a key may itself contain dots, so try the longest first
const Json* Resolve(const Json& node, const std::string& path) {
  if (path.empty()) return &node;
  if (!node.is_object()) return nullptr;
  std::vector<size_t> ends{path.size()};
  for (size_t i = path.size(); i-- > 0;) {
    if (path[i] == '.') ends.push_back(i);
  }
  for (size_t end : ends) {
    auto it = node.find(path.substr(0, end));
    if (it == node.end()) continue;
    const std::string rest = end == path.size() ? "" : path.substr(end + 1);
    if (const Json* found = Resolve(*it, rest)) return found;
  }
  return nullptr;
}

bool ReadNumber(const YAML::Node& n, double* out) {
  if (!n.IsScalar()) return false;
  try {
    *out = n.as<double>();
    return std::isfinite(*out);
  } catch (const YAML::Exception&) {
    return false;
  }
}

}  // namespace

bool ExpectResult::passed() const {
  if (!ok()) return false;
  for (const ExpectCheck& c : checks) {
    if (!c.passed) return false;
  }
  return true;
}

ExpectResult CheckExpectations(const std::string& report_json, const std::string& expect_path) {
  std::ifstream in(expect_path, std::ios::binary);
  if (!in) {
    ExpectResult r;
    r.errors.push_back(expect_path + ": cannot open the expect file");
    return r;
  }
  std::stringstream text;
  text << in.rdbuf();
  return CheckExpectationsText(report_json, text.str(), expect_path);
}

ExpectResult CheckExpectationsText(const std::string& report_json, const std::string& expect_yaml,
                                   const std::string& file) {
  ExpectResult r;
  const Json report = Json::parse(report_json, nullptr, false);
  if (report.is_discarded()) {
    r.errors.push_back("the report is not valid JSON");
    return r;
  }
  YAML::Node root;
  try {
    root = YAML::Load(expect_yaml);
  } catch (const YAML::Exception& e) {
    r.errors.push_back(Where(file, e.mark) + e.msg);
    return r;
  }
  const YAML::Node expect = root.IsMap() ? root["expect"] : YAML::Node();
  if (!expect || !expect.IsMap()) {
    r.errors.push_back(file + ":1:1: expected a map `expect:` of report paths to bounds");
    return r;
  }
  for (const auto& item : expect) {
    const std::string at = Where(file, item.first.Mark());
    if (!item.first.IsScalar() || item.first.Scalar().empty()) {
      r.errors.push_back(at + "each key must be a report path such as `vehicles.completed`");
      continue;
    }
    const std::string path = item.first.Scalar();
    const YAML::Node& spec = item.second;
    const Json* found = Resolve(report, path);
    if (found == nullptr) {
      r.errors.push_back(at + "`" + path + "` is not in the report (see the report JSON for the paths)");
      continue;
    }
    if (!found->is_number()) {
      r.errors.push_back(at + "`" + path + "` is not a number in the report");
      continue;
    }
    ExpectCheck c;
    c.path = path;
    c.value = found->get<double>();
    double min = -INFINITY, max = INFINITY;
    bool bad = false;
    if (spec.IsScalar()) {
      double eq;
      if (!ReadNumber(spec, &eq)) bad = true;
      min = max = eq;
    } else if (spec.IsMap()) {
      double approx = NAN, tol = NAN;
      for (const auto& kv : spec) {
        const std::string key = kv.first.Scalar();
        double v;
        if (!ReadNumber(kv.second, &v)) {
          r.errors.push_back(Where(file, kv.second.Mark()) + "`" + key + "` needs a number");
          bad = true;
          continue;
        }
        if (key == "min")
          min = v;
        else if (key == "max")
          max = v;
        else if (key == "equals")
          min = max = v;
        else if (key == "approx")
          approx = v;
        else if (key == "tol")
          tol = v;
        else {
          r.errors.push_back(Where(file, kv.first.Mark()) + "unknown bound `" + key +
                             "` (use min, max, equals, or approx with tol)");
          bad = true;
        }
      }
      if (!std::isnan(approx)) {
        if (std::isnan(tol) || tol < 0) {
          r.errors.push_back(at + "`approx` needs `tol`, a relative tolerance such as 0.05");
          bad = true;
        } else {
          min = approx - std::fabs(approx) * tol;
          max = approx + std::fabs(approx) * tol;
        }
      }
    } else {
      r.errors.push_back(at + "`" + path + "` needs a number or a map of bounds");
      bad = true;
    }
    if (bad) continue;
    c.passed = c.value >= min && c.value <= max;
    std::string m = path + " = " + Num(c.value);
    if (c.value < min) {
      const double by = min - c.value;
      m += ": below min " + Num(min) + " by " + Num(by);
      if (min != 0) m += " (" + Num(100 * by / std::fabs(min)) + "%)";
    } else if (c.value > max) {
      const double by = c.value - max;
      m += ": above max " + Num(max) + " by " + Num(by);
      if (max != 0) m += " (" + Num(100 * by / std::fabs(max)) + "%)";
    } else if (min == max) {
      m += ": ok (equals " + Num(min) + ")";
    } else {
      std::string bounds;
      if (std::isfinite(min)) bounds += "min " + Num(min);
      if (std::isfinite(max)) bounds += (bounds.empty() ? "max " : ", max ") + Num(max);
      m += ": ok (" + bounds + ")";
    }
    c.message = m;
    r.checks.push_back(std::move(c));
  }
  return r;
}

}  // namespace gatetwin::replay
