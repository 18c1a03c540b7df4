// Test plugin: a descriptor claiming another ABI version, as an outdated plugin would.
#include "plugins/api/plugin.h"

namespace {
gatetwin::plugin::Plugin* Create() { return new gatetwin::plugin::Plugin; }
void Destroy(gatetwin::plugin::Plugin* p) { delete p; }
}  // namespace

extern "C" __attribute__((visibility("default"))) const gatetwin::plugin::Descriptor* gatetwin_plugin_descriptor() {
  static const gatetwin::plugin::Descriptor d{
      999, sizeof(gatetwin::plugin::Descriptor), "wrong_abi", "0.1", "Built for ABI 999 (tests)", Create, Destroy};
  return &d;
}
