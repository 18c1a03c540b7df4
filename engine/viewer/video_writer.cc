// ffmpeg as a child process: posix_spawn with a stdin pipe, stderr to a temp file for errors.
#include "engine/viewer/video_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

extern char** environ;

namespace gatetwin::viewer {

namespace {

constexpr size_t kStderrTailBytes = 600;  // enough for ffmpeg's last error lines

bool IsExecutable(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// the last lines of a file, on one line each, trimmed to kStderrTailBytes
std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > kStderrTailBytes) text = "…" + text.substr(text.size() - kStderrTailBytes);
  return text;
}

}  // namespace

std::string FindFfmpeg() {
  if (const char* env = std::getenv("GATETWIN_FFMPEG"); env != nullptr && *env != '\0') {
    return IsExecutable(env) ? env : "";
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/ffmpeg";
    if (IsExecutable(candidate)) return candidate;
  }
  return "";
}

std::unique_ptr<VideoWriter> VideoWriter::Open(const std::string& path, int width, int height, double fps,
                                               std::string* error) {
  const std::string ffmpeg = FindFfmpeg();
  if (ffmpeg.empty()) {
    *error =
        "ffmpeg is not installed (or $GATETWIN_FFMPEG is not a program): apt-get install ffmpeg, or run "
        "bash scripts/setup.sh; without it, write stills only with --out DIR/";
    return nullptr;
  }
  if (width % 2 != 0 || height % 2 != 0) {
    *error =
        "H.264 in yuv420p needs an even width and height, got " + std::to_string(width) + "x" + std::to_string(height);
    return nullptr;
  }
  std::unique_ptr<VideoWriter> w(new VideoWriter());
  w->width_ = width;
  w->height_ = height;
  char tmpl[] = "/tmp/gatetwin-ffmpeg-XXXXXX";
  const int err_fd = mkstemp(tmpl);
  if (err_fd < 0) {
    *error = std::string("cannot make a temporary file for ffmpeg's messages: ") + std::strerror(errno);
    return nullptr;
  }
  w->stderr_path_ = tmpl;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    close(err_fd);
    *error = std::string("cannot make a pipe to ffmpeg: ") + std::strerror(errno);
    return nullptr;
  }
  char size[32], rate[32];
  std::snprintf(size, sizeof size, "%dx%d", width, height);
  std::snprintf(rate, sizeof rate, "%g", fps);
  std::vector<std::string> args = {
      ffmpeg,    "-hide_banner", "-nostdin", "-loglevel",  "error",   "-y",        "-f",         "rawvideo", "-pix_fmt",
      "rgb24",   "-s",           size,       "-framerate", rate,      "-i",        "-",          "-an",      "-c:v",
      "libx264", "-preset",      "veryfast", "-pix_fmt",   "yuv420p", "-movflags", "+faststart", path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, ffmpeg.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[0]);
  close(err_fd);
  if (rc != 0) {
    close(pipe_fds[1]);
    *error = "cannot start " + ffmpeg + ": " + std::strerror(rc);
    return nullptr;
  }
  // a dead ffmpeg must turn into an error message, not a SIGPIPE that kills us silently
  signal(SIGPIPE, SIG_IGN);
  w->pid_ = pid;
  w->stdin_fd_ = pipe_fds[1];
  return w;
}

VideoWriter::~VideoWriter() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  if (!stderr_path_.empty()) std::remove(stderr_path_.c_str());
}

std::string VideoWriter::Failure(const std::string& what) const {
  const std::string tail = Tail(stderr_path_);
  return what + (tail.empty() ? "" : "; ffmpeg said: " + tail);
}

bool VideoWriter::Write(const Image& frame, std::string* error) {
  if (frame.width != width_ || frame.height != height_ || stdin_fd_ < 0) {
    *error = "video frame of the wrong size or after Close";
    return false;
  }
  const size_t pixels = static_cast<size_t>(width_) * height_;
  rgb_.resize(pixels * 3);
  for (size_t i = 0; i < pixels; ++i) {
    rgb_[i * 3 + 0] = static_cast<char>(frame.rgba[i * 4 + 0]);
    rgb_[i * 3 + 1] = static_cast<char>(frame.rgba[i * 4 + 1]);
    rgb_[i * 3 + 2] = static_cast<char>(frame.rgba[i * 4 + 2]);
  }
  size_t sent = 0;
  while (sent < rgb_.size()) {
    const ssize_t n = write(stdin_fd_, rgb_.data() + sent, rgb_.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // ffmpeg stopped reading: it has exited or is about to; its exit status says why
      close(stdin_fd_);
      stdin_fd_ = -1;
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
      *error = Failure("ffmpeg stopped taking frames (exit status " +
                       std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
      return false;
    }
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool VideoWriter::Close(std::string* error) {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
  if (pid_ <= 0) {
    *error = Failure("ffmpeg has already stopped");
    return false;
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    *error =
        Failure("ffmpeg failed (exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
    return false;
  }
  return true;
}

}  // namespace gatetwin::viewer
