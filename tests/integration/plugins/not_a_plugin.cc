// Test library: a shared object without the plugin entry point.
extern "C" __attribute__((visibility("default"))) int gatetwin_not_a_plugin() { return 42; }
