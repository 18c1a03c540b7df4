// Plugin loading (dlopen, descriptor and ABI checks), phase calls guarded against exceptions.
#include "engine/plugin_host.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "engine/engine.h"
#include "engine/plugin_state.h"
#include "plugins/api/plugin.h"

namespace gatetwin::engine {

namespace fs = std::filesystem;

// the API's enums are copies of the engine's: keep them in step
static_assert(static_cast<int>(plugin::Stage::kExited) == static_cast<int>(Stage::kExited));
static_assert(plugin::kStageCount == kStageCount);
static_assert(static_cast<int>(plugin::TripEnd::kSuperseded) == static_cast<int>(TripEnd::kSuperseded));
static_assert(static_cast<int>(plugin::VehicleClass::kOther) == static_cast<int>(world::VehicleClass::kOther));
static_assert(static_cast<int>(plugin::BoothKind::kQuarantine) == static_cast<int>(world::BoothKind::kQuarantine));
static_assert(static_cast<int>(plugin::SensorHealth::kOffline) == static_cast<int>(SensorHealth::State::kOffline));

namespace {

constexpr std::string_view kFilePrefix = "gatetwin_plugin_";
constexpr std::string_view kFileSuffix = ".so";

bool ValidName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string ExecutableDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

// a dlopen'ed library, closed when the last user goes
struct Library {
  void* handle = nullptr;
  explicit Library(void* h) : handle(h) {}
  ~Library() {
    if (handle) dlclose(handle);
  }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
};

// opens `path` and validates its descriptor; on failure returns nullptr with `error`
const plugin::Descriptor* OpenDescriptor(const std::string& path, std::unique_ptr<Library>* library,
                                         std::string* error) {
  dlerror();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    *error = path + ": cannot load the plugin library: " + (why ? why : "unknown dlopen error");
    return nullptr;
  }
  *library = std::make_unique<Library>(handle);
  using EntryFn = const plugin::Descriptor* (*)();
  auto entry = reinterpret_cast<EntryFn>(dlsym(handle, "gatetwin_plugin_descriptor"));
  if (!entry) {
    *error = path + ": not a gatetwin plugin (no gatetwin_plugin_descriptor symbol; declare it with GATETWIN_PLUGIN)";
    return nullptr;
  }
  const plugin::Descriptor* d = entry();
  if (!d) {
    *error = path + ": the plugin's descriptor is null";
    return nullptr;
  }
  // the first two fields are stable across versions: check them before reading the rest
  if (d->abi_version != GATETWIN_PLUGIN_ABI_VERSION || d->size != sizeof(plugin::Descriptor)) {
    *error = path + ": built for plugin ABI version " + std::to_string(d->abi_version) + ", this gatetwin has " +
             std::to_string(GATETWIN_PLUGIN_ABI_VERSION) + "; rebuild the plugin against this gatetwin's plugins/api/";
    return nullptr;
  }
  if (!d->name || !ValidName(d->name) || !d->create || !d->destroy) {
    *error = path + ": the plugin's descriptor is incomplete (name must be [a-z0-9_]+, create and destroy set)";
    return nullptr;
  }
  return d;
}

class Context final : public plugin::ConfigureContext {
 public:
  Context(const PluginRequest& request, std::string output_dir, int64_t step_us)
      : request_(request), output_dir_(std::move(output_dir)), step_us_(step_us) {}
  std::string_view Param(std::string_view key, std::string_view fallback) const override {
    const auto it = request_.params.find(key);
    return it == request_.params.end() ? fallback : std::string_view(it->second);
  }
  double NumberParam(std::string_view key, double fallback) const override {
    const auto it = request_.params.find(key);
    if (it == request_.params.end()) return fallback;
    const std::string& text = it->second;
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      throw std::invalid_argument("parameter " + std::string(key) + "=" + text + " is not a number");
    }
    return value;
  }
  std::string_view output_dir() const override {
    if (!output_dir_.empty()) {
      std::error_code ec;
      fs::create_directories(output_dir_, ec);
    }
    return output_dir_;
  }
  int64_t step_us() const override { return step_us_; }

 private:
  const PluginRequest& request_;
  std::string output_dir_;
  int64_t step_us_;
};

class Collect final : public plugin::Outputs {
 public:
  explicit Collect(PluginPublished* out) : out_(out) {}
  void Kpi(std::string_view name, double value, std::string_view unit) override {
    out_->kpis.push_back({std::string(name), value, std::string(unit)});
  }
  void SeriesPoint(std::string_view series, int64_t t_us, double value, std::string_view unit) override {
    // a plugin writes one series at a time: the last one is the likely match
    auto it = std::find_if(out_->series.rbegin(), out_->series.rend(),
                           [&](const PluginPublished::Series& s) { return s.name == series; });
    if (it == out_->series.rend()) {
      out_->series.push_back({std::string(series), std::string(unit), {}});
      out_->series.back().points.emplace_back(t_us, value);
    } else {
      it->points.emplace_back(t_us, value);
    }
  }
  void LaneOverlay(size_t lane, double from_m, double to_m, double value) override {
    out_->overlays.push_back({static_cast<int>(lane), from_m, to_m, std::clamp(value, 0.0, 1.0)});
  }
  void PanelRow(std::string_view label, std::string_view value) override {
    out_->panel.emplace_back(std::string(label), std::string(value));
  }

 private:
  PluginPublished* out_;
};

class EngineCommands final : public plugin::Commands {
 public:
  explicit EngineCommands(Engine& engine) : engine_(engine) {}
  void SetSensorHealth(size_t sensor, plugin::SensorHealth health) override {
    if (sensor >= engine_.world().sensors.size()) {
      throw std::out_of_range("SetSensorHealth: no sensor " + std::to_string(sensor));
    }
    engine_.SetSensorHealth(static_cast<int>(sensor), static_cast<SensorHealth::State>(health), engine_.now_us());
  }

 private:
  Engine& engine_;
};

}  // namespace

bool ParsePluginRequest(std::string_view text, PluginRequest* out, std::string* error) {
  *out = {};
  const size_t colon = text.find(':');
  out->name_or_path = std::string(text.substr(0, colon));
  if (out->name_or_path.empty()) {
    *error = "--plugin: give a plugin name or a path to its .so, e.g. --plugin congestion:period_s=60";
    return false;
  }
  if (colon == std::string_view::npos) return true;
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view pair = rest.substr(0, comma);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      *error = "--plugin " + std::string(text) + ": parameter '" + std::string(pair) + "' is not key=value";
      return false;
    }
    out->params[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return true;
}

std::vector<std::string> DefaultPluginSearchPath() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("GATETWIN_PLUGIN_PATH")) {
    std::string_view rest = env;
    while (!rest.empty()) {
      const size_t colon = rest.find(':');
      if (colon != 0) dirs.emplace_back(rest.substr(0, colon));
      rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
  }
  const std::string exe_dir = ExecutableDir();
  if (!exe_dir.empty()) {
    dirs.push_back(exe_dir + "/plugins");
    dirs.push_back(exe_dir + "/../lib/gatetwin/plugins");
  }
  return dirs;
}

std::string PluginFileName(std::string_view name) {
  return std::string(kFilePrefix) + std::string(name) + std::string(kFileSuffix);
}

std::vector<FoundPlugin> ListPlugins(const std::vector<std::string>& search_path) {
  std::vector<FoundPlugin> found;
  for (const std::string& dir : search_path) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string file = entry.path().filename().string();
      if (file.starts_with(kFilePrefix) && file.ends_with(kFileSuffix)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      FoundPlugin f;
      f.path = path.string();
      std::unique_ptr<Library> library;
      if (const plugin::Descriptor* d = OpenDescriptor(f.path, &library, &f.error)) {
        f.name = d->name;
        f.version = d->version ? d->version : "";
        f.summary = d->summary ? d->summary : "";
        f.abi_version = d->abi_version;
      }
      found.push_back(std::move(f));
    }
  }
  return found;
}

// ---- PluginHost ----

struct PluginHost::Loaded {
  std::unique_ptr<Library> library;
  const plugin::Descriptor* descriptor = nullptr;
  PluginRequest request;
  plugin::Plugin* instance = nullptr;

  void Destroy() {
    if (instance) descriptor->destroy(instance);
    instance = nullptr;
  }
  ~Loaded() { Destroy(); }
};

struct PluginHost::StateCache {
  const Engine* engine = nullptr;
  std::unique_ptr<EngineGateState> state;

  EngineGateState& For(const Engine& e) {
    if (engine != &e) {
      engine = &e;
      state = std::make_unique<EngineGateState>(e);
    }
    state->Invalidate();
    return *state;
  }
};

PluginHost::PluginHost() : search_path_(DefaultPluginSearchPath()), state_(std::make_unique<StateCache>()) {}

PluginHost::~PluginHost() {
  // instances before their libraries
  for (auto& p : plugins_) p->Destroy();
}

bool PluginHost::Load(const PluginRequest& request, std::string* error) {
  const std::string& what = request.name_or_path;
  std::string path;
  if (what.find('/') != std::string::npos || what.ends_with(kFileSuffix)) {
    path = what;
  } else {
    if (!ValidName(what)) {
      *error = "plugin '" + what + "': a plugin name is lower case letters, digits and _ (or give a path to a .so)";
      return false;
    }
    std::string searched;
    for (const std::string& dir : search_path_) {
      const std::string candidate = dir + "/" + PluginFileName(what);
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) {
        path = candidate;
        break;
      }
      searched += (searched.empty() ? "" : ", ") + dir;
    }
    if (path.empty()) {
      *error = "plugin '" + what + "' not found: looked for " + PluginFileName(what) + " in " +
               (searched.empty() ? "(no directories)" : searched) +
               "; set GATETWIN_PLUGIN_PATH or give the path to the .so (`gatetwin plugin list` shows what is there)";
      return false;
    }
  }
  auto loaded = std::make_unique<Loaded>();
  loaded->descriptor = OpenDescriptor(path, &loaded->library, error);
  if (!loaded->descriptor) return false;
  for (const PluginStatus& s : status_) {
    if (s.name == loaded->descriptor->name) {
      *error = path + ": a plugin named '" + s.name + "' is already loaded (from " + s.path +
               "); plugin names must be unique";
      return false;
    }
  }
  loaded->request = request;
  PluginStatus status;
  status.name = loaded->descriptor->name;
  status.version = loaded->descriptor->version ? loaded->descriptor->version : "";
  status.summary = loaded->descriptor->summary ? loaded->descriptor->summary : "";
  status.path = path;
  status_.push_back(std::move(status));
  plugins_.push_back(std::move(loaded));
  return true;
}

template <typename F>
void PluginHost::RunPhase(const char* phase, const Engine& engine, F&& call) {
  for (size_t i = 0; i < plugins_.size(); ++i) {
    Loaded& p = *plugins_[i];
    PluginStatus& s = status_[i];
    if (!s.enabled || !p.instance) continue;
    std::string why;
    try {
      call(p, s);
      continue;
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
      why = "an exception that is not a std::exception";
    }
    s.enabled = false;
    s.error = std::string(phase) + " at " + FormatRfc3339(engine.now_us(), engine.world().params.utc_offset_min) +
              " threw: " + why;
    messages_.push_back("plugin " + s.name + " disabled: " + s.error + "; the run goes on without it");
    p.Destroy();
  }
}

void PluginHost::Start(const Engine& engine) {
  for (size_t i = 0; i < plugins_.size(); ++i) {
    Loaded& p = *plugins_[i];
    PluginStatus& s = status_[i];
    p.Destroy();
    s.enabled = true;
    s.error.clear();
    s.published = {};
    try {
      p.instance = p.descriptor->create();
    } catch (const std::exception& e) {
      s.enabled = false;
      s.error = std::string("create threw: ") + e.what();
      messages_.push_back("plugin " + s.name + " disabled: " + s.error + "; the run goes on without it");
    }
  }
  EngineGateState& state = state_->For(engine);
  RunPhase("configure", engine, [&](Loaded& p, PluginStatus& s) {
    const std::string dir = output_dir_.empty() ? std::string() : output_dir_ + "/" + s.name;
    Context context(p.request, dir, engine.options().step_us);
    p.instance->Configure(state, context);
  });
}

void PluginHost::PreUpdate(Engine& engine) {
  EngineGateState& state = state_->For(engine);
  EngineCommands commands(engine);
  RunPhase("pre-update", engine, [&](Loaded& p, PluginStatus&) {
    p.instance->PreUpdate(state, commands);
    state.Invalidate();
  });
}

void PluginHost::PostUpdate(const Engine& engine) {
  EngineGateState& state = state_->For(engine);
  RunPhase("post-update", engine, [&](Loaded& p, PluginStatus&) { p.instance->PostUpdate(state); });
}

void PluginHost::Publish(const Engine& engine) {
  EngineGateState& state = state_->For(engine);
  RunPhase("publish", engine, [&](Loaded& p, PluginStatus& s) {
    PluginPublished fresh;
    Collect out(&fresh);
    p.instance->Publish(state, out);
    s.published = std::move(fresh);
  });
}

std::vector<std::string> PluginHost::TakeMessages() {
  std::vector<std::string> out;
  out.swap(messages_);
  return out;
}

}  // namespace gatetwin::engine
