// gatetwin: the command line (subcommands: world, replay, feed).
#include <cstdio>

int main() {
  std::puts("gatetwin: under construction");
  return 0;
}
