// Test plugin: sends a command in pre-update (puts a sensor offline) and checks it took effect.
#include <stdexcept>
#include <string>

#include "plugins/api/plugin.h"

namespace {

class SensorDrill final : public gatetwin::plugin::Plugin {
 public:
  void Configure(const gatetwin::plugin::GateState& state, const gatetwin::plugin::ConfigureContext& context) override {
    const std::string_view id = context.Param("sensor");
    for (size_t i = 0; i < state.sensor_count(); ++i) {
      if (state.sensor_info(i).id == id) sensor_ = i;
    }
    if (sensor_ == kNone) throw std::invalid_argument("no sensor " + std::string(id));
  }
  void PreUpdate(const gatetwin::plugin::GateState&, gatetwin::plugin::Commands& commands) override {
    if (!sent_) commands.SetSensorHealth(sensor_, gatetwin::plugin::SensorHealth::kOffline);
    sent_ = true;
  }
  void PostUpdate(const gatetwin::plugin::GateState& state) override {
    if (state.sensor_health(sensor_) == gatetwin::plugin::SensorHealth::kOffline) ++offline_steps_;
  }
  void Publish(const gatetwin::plugin::GateState&, gatetwin::plugin::Outputs& out) override {
    out.Kpi("offline_steps", offline_steps_, "steps");
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  size_t sensor_ = kNone;
  bool sent_ = false;
  int offline_steps_ = 0;
};

}  // namespace

GATETWIN_PLUGIN(SensorDrill, "sensor_drill", "0.1", "Puts a sensor offline (tests)")
