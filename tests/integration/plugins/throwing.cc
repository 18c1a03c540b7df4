// Test plugin: throws in post-update once the clock passes `after_steps` steps.
#include <stdexcept>

#include "plugins/api/plugin.h"

namespace {

class Throwing final : public gatetwin::plugin::Plugin {
 public:
  void Configure(const gatetwin::plugin::GateState&, const gatetwin::plugin::ConfigureContext& context) override {
    after_steps_ = static_cast<int>(context.NumberParam("after_steps", 10));
  }
  void PostUpdate(const gatetwin::plugin::GateState&) override {
    if (++steps_ > after_steps_) throw std::runtime_error("deliberate failure for the test");
  }
  void Publish(const gatetwin::plugin::GateState&, gatetwin::plugin::Outputs& out) override {
    out.Kpi("steps", steps_, "steps");
  }

 private:
  int steps_ = 0, after_steps_ = 10;
};

}  // namespace

GATETWIN_PLUGIN(Throwing, "throwing", "0.1", "Throws in post-update (tests)")
