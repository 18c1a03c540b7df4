// A mosquitto broker of our own: config, launch, readiness, stop, kill, restart.
#include "replay/live/local_broker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace gatetwin::replay::live {
namespace {

bool CanConnect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

std::string Tail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > max_bytes) s = "..." + s.substr(s.size() - max_bytes);
  return s;
}

std::string FindBinary(const std::string& wanted) {
  if (!wanted.empty()) return wanted;
  if (access("/usr/sbin/mosquitto", X_OK) == 0) return "/usr/sbin/mosquitto";
  return "mosquitto";  // execvp searches PATH
}

}  // namespace

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

LocalBroker::LocalBroker(LocalBrokerOptions options) : options_(std::move(options)) {}

LocalBroker::~LocalBroker() { Stop(); }

std::string LocalBroker::url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }

bool LocalBroker::Start(std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(options_.dir, ec);
  if (ec) {
    *error = "cannot create the broker's folder '" + options_.dir + "': " + ec.message();
    return false;
  }
  // a port picked free can be taken before the broker binds it: try a few
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = options_.port != 0 ? options_.port : FreeLoopbackPort();
    if (port_ == 0) {
      *error = "no free loopback port for the broker";
      return false;
    }
    if (Launch(error)) return true;
    if (options_.port != 0) return false;
  }
  return false;
}

bool LocalBroker::Restart(std::string* error) {
  if (running()) Stop();
  return Launch(error);
}

bool LocalBroker::Launch(std::string* error) {
  const std::string config = options_.dir + "/mosquitto.conf";
  const std::string log = options_.dir + "/mosquitto.log";
  {
    std::ofstream out(config);
    out << "# written by gatetwin: a broker on loopback only, for this machine's twin\n"
        << "listener " << port_ << " 127.0.0.1\n"
        << "allow_anonymous true\n"
        << "max_queued_messages 0\n"
        << "max_inflight_messages 100\n"
        << "persistence " << (options_.persistent ? "true" : "false") << "\n";
    // as root the broker would switch to the `mosquitto` user and not reach our folder
    if (geteuid() == 0) out << "user root\n";
    if (options_.persistent)
      out << "persistence_location " << options_.dir << "/\n"
          << "autosave_interval 1\n";
    out << "log_dest file " << log << "\n"
        << "log_type error\nlog_type warning\nlog_type notice\n";
    if (!out) {
      *error = "cannot write the broker's config '" + config + "'";
      return false;
    }
  }
  const std::string binary = FindBinary(options_.binary);
  const pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("cannot start the broker: fork: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    // the broker's own output goes to its log; it must not write into our terminal
    std::FILE* f = std::freopen(log.c_str(), "a", stdout);
    if (f != nullptr) dup2(fileno(stdout), STDERR_FILENO);
    execlp(binary.c_str(), binary.c_str(), "-c", config.c_str(), static_cast<char*>(nullptr));
    std::fprintf(stderr, "cannot run '%s': %s\n", binary.c_str(), std::strerror(errno));
    _exit(127);
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      const bool missing = WIFEXITED(status) && WEXITSTATUS(status) == 127;
      *error = missing
                   ? "the MQTT broker 'mosquitto' is not installed (bash scripts/setup.sh installs it)"
                   : "the broker on port " + std::to_string(port_) + " stopped at once; its log:\n" + Tail(log, 2000);
      return false;
    }
    if (CanConnect(port_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Kill();
  *error = "the broker did not accept connections on 127.0.0.1:" + std::to_string(port_) + " within 5 s; its log:\n" +
           Tail(log, 2000);
  return false;
}

void LocalBroker::Wait(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (pid_ > 0) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void LocalBroker::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  Wait(5000);
  if (pid_ > 0) Kill();
}

void LocalBroker::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace gatetwin::replay::live
