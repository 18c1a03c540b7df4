#!/usr/bin/env bash
# Sets up a Debian 12 machine for gatetwin and builds it. Idempotent: run it as often as you like.
#
#   bash scripts/setup.sh                 # packages + Release build in build/
#   BUILD_DIR=build-asan CMAKE_ARGS="-DGATETWIN_SANITIZE=ON" bash scripts/setup.sh
#   SKIP_APT=1 bash scripts/setup.sh      # build only
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the core, its tests and benchmarks need (shared/notes/stack.md)
packages=(
  cmake ninja-build g++ pkg-config
  libbullet-dev libyaml-cpp-dev libsimdjson-dev nlohmann-json3-dev libgeographiclib-dev libcli11-dev
  libgtest-dev googletest libbenchmark-dev
  clang libclang-rt-14-dev clang-format clang-tidy
  # the 3D viewer, offscreen rendering and the fonts for Vietnamese and Chinese labels
  libopenscenegraph-dev libimgui-dev libstb-dev libglfw3-dev libegl-dev libegl1-mesa-dev
  libgl1-mesa-dri xvfb xauth fonts-noto-cjk fonts-dejavu-core
  # live feeds (a local MQTT broker and its client library) and recordings
  mosquitto mosquitto-clients libmosquitto-dev libsqlite3-dev sqlite3
  # SUMO: foreign-trace tests generate FCD/E1 output with it, and the simulation benchmark compares against it;
  # expat parses its XML outputs (replay/sumo_xml.cc), zlib reads them gzipped (replay/gz_file.cc)
  sumo libexpat1-dev zlib1g-dev
  # briefing videos: `gatetwin render --tour` pipes frames into ffmpeg (H.264); its tests use ffprobe
  ffmpeg
)

if [ -z "${SKIP_APT:-}" ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

build_dir="${BUILD_DIR:-build}"
# shellcheck disable=SC2086  # CMAKE_ARGS is a list of -D options
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" ${CMAKE_ARGS:-} > "$build_dir.configure.log" 2>&1 \
  || { cat "$build_dir.configure.log"; exit 1; }
cmake --build "$build_dir" -j "$(nproc)"
echo "setup: built $build_dir/engine/cli/gatetwin"
