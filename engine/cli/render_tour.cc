// The tour render: check the inputs, replay (or simulate) the day, render each frame, encode, stills.
#include "engine/cli/render_tour.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "engine/cli/cli_common.h"
#include "engine/cli/tour_day.h"
#include "engine/viewer/tour_player.h"
#include "engine/viewer/video_writer.h"
#include "replay/synth.h"

namespace gatetwin::cli {
namespace {

// the limits of a briefing video: a phone-sized preview up to 4K, a slideshow up to smooth motion
constexpr int kMinWidth = 160, kMinHeight = 90, kMaxWidth = 3840, kMaxHeight = 2160;
constexpr double kMinFps = 1, kMaxFps = 60;

constexpr const char* kWho = "gatetwin render";

// "03_booth_plaza.png"
std::string StillName(int shot, const std::string& name) {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%02d_", shot + 1);
  return prefix + name + ".png";
}

void DrawProgress(int frame, int frames, int shot, int shots, double elapsed_s) {
  const double fps = elapsed_s > 0 ? frame / elapsed_s : 0;
  const double eta_s = fps > 0 ? (frames - frame) / fps : 0;
  std::fprintf(stderr, "\r\033[K  frame %d/%d  shot %d/%d  %.1f frames/s  %.0f s left", frame, frames, shot + 1, shots,
               fps, eta_s);
  if (frame == frames) std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace

int RunRenderTour(const RenderTourArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  int width = 0, height = 0;
  if (!ParseSizeArg(a.size, &width, &height) || width < kMinWidth || height < kMinHeight || width > kMaxWidth ||
      height > kMaxHeight || width % 2 != 0 || height % 2 != 0) {
    std::cerr << kWho << ": --size `" << a.size
              << "` must be WIDTHxHEIGHT, even numbers from 160x90 to 3840x2160 (H.264 yuv420p), e.g. 1920x1080\n";
    return kExitUsage;
  }
  if (!(a.fps >= kMinFps && a.fps <= kMaxFps)) {
    std::cerr << kWho << ": --fps " << a.fps << " is out of range: give 1 to 60 frames per second, e.g. 30\n";
    return kExitUsage;
  }
  const auto language = viewer::ParseLanguage(a.language);
  if (!language) {
    std::cerr << kWho << ": --language `" << a.language << "` is not vi, zh or en\n";
    return kExitUsage;
  }
  if (a.colour != "stage" && a.colour != "direction") {
    std::cerr << kWho << ": --colour `" << a.colour << "` is not stage or direction\n";
    return kExitUsage;
  }
  // --out DIR/ writes stills only; --out FILE the video (and --stills DIR beside it)
  std::string video = a.out, stills = a.stills;
  if (!a.out.empty() && (a.out.back() == '/' || std::filesystem::is_directory(a.out))) {
    if (!a.stills.empty()) {
      std::cerr << kWho << ": --out " << a.out << " is a folder (stills only): drop --stills, or give --out FILE.mp4\n";
      return kExitUsage;
    }
    stills = a.out;
    video.clear();
  }
  if (video.empty() && stills.empty()) {
    std::cerr << kWho << ": give --out brief.mp4 (a video), --out DIR/ (a still per shot) or --stills DIR\n";
    return kExitUsage;
  }

  const std::unique_ptr<TourRun> run = OpenTourRun(a.tour, kWho);
  if (!run) return kExitUsage;
  const viewer::Tour* tour = &run->day.tour;
  viewer::TourRenderOptions ro;
  ro.width = width;
  ro.height = height;
  ro.fps = a.fps;
  ro.language = *language;
  ro.presentation = !a.no_overlay;
  ro.colour_by_direction = a.colour == "direction";
  std::string error;
  auto tour_player = viewer::TourPlayer::Create(*tour, run->day.world, *run->player, ro, &error,
                                                run->compare ? &*run->compare : nullptr);
  if (!tour_player) {
    std::cerr << kWho << ": " << error << "\n";
    return kExitUsage;
  }
  std::unique_ptr<viewer::VideoWriter> writer;
  if (!video.empty()) {
    writer = viewer::VideoWriter::Open(video, width, height, a.fps, &error);
    if (!writer) {
      std::cerr << kWho << ": " << error << "\n";
      return kExitUsage;
    }
  }
  if (!stills.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(stills, ec);
    if (ec) {
      std::cerr << kWho << ": cannot make the stills folder " << stills << ": " << ec.message() << "\n";
      return kExitUsage;
    }
  }

  const int frames = tour_player->frame_count();
  const std::vector<int> still_frames = viewer::LastFrameOfEachShot(*tour, a.fps);
  const bool progress = StderrIsTty();
  int stills_written = 0;
  for (int k = 0; k < frames; ++k) {
    const viewer::Image image = tour_player->Render(k);
    if (writer && !writer->Write(image, &error)) {
      std::cerr << "\n" << kWho << ": " << video << ": " << error << "\n";
      return kExitUsage;
    }
    for (size_t s = 0; s < still_frames.size(); ++s) {
      if (stills.empty() || still_frames[s] != k) continue;
      const std::string path =
          (std::filesystem::path(stills) / StillName(static_cast<int>(s), tour->shots[s].name)).string();
      if (!viewer::WritePng(image, path, &error)) {
        std::cerr << "\n" << kWho << ": " << error << "\n";
        return kExitUsage;
      }
      ++stills_written;
    }
    if (progress) {
      DrawProgress(k + 1, frames, tour_player->ShotOf(k), static_cast<int>(tour->shots.size()),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
  if (writer && !writer->Close(&error)) {
    std::cerr << kWho << ": " << video << ": " << error << "\n";
    return kExitUsage;
  }
  for (const auto& w : tour_player->warnings()) std::cerr << "warning: " << w << "\n";
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "wrote ";
  if (writer)
    std::cout << video << " (" << frames << " frames, " << width << "x" << height << " at " << a.fps << " fps)";
  if (writer && stills_written > 0) std::cout << " and ";
  if (stills_written > 0) std::cout << stills_written << " stills in " << stills;
  std::printf(" from %s in %.1f s (%.1f frames/s) on %s\n", a.tour.c_str(), s, frames / s,
              tour_player->renderer_name().c_str());
  return kExitOk;
}

}  // namespace gatetwin::cli
