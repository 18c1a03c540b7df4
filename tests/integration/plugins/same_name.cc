// Test plugin: takes the name of the example plugin, which the loader must refuse as a duplicate.
#include "plugins/api/plugin.h"

namespace {
class SameName final : public gatetwin::plugin::Plugin {};
}  // namespace

GATETWIN_PLUGIN(SameName, "stage_census", "0.1", "Duplicate name (tests)")
