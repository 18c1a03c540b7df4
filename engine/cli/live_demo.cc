// A live demo on one machine: a mosquitto of our own on a free loopback port, and recorded feeds published onto it.
#include "engine/cli/live_demo.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

namespace gatetwin::cli {

void AddLiveDemoOptions(CLI::App* cmd, LiveDemoArgs* a, double default_speed) {
  a->publish_speed = default_speed;
  cmd->add_flag("--local-broker", a->local_broker,
                "Start a mosquitto broker of our own on a free loopback port and follow it (demos, one machine)");
  cmd->add_option("--broker-dir", a->broker_dir, "Folder for the local broker's config, log and session store");
  cmd->add_option(
      "--publish", a->publish_feeds,
      "Also publish this recorded feed (JSON Lines, or a recording) onto the broker once listening; repeatable");
  cmd->add_option("--publish-speed", a->publish_speed, "Feed seconds per wall second for --publish")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
}

LiveDemo::~LiveDemo() {
  FinishPublishing();
  if (publisher_) publisher_->Stop();
  if (broker_) broker_->Stop();
}

bool LiveDemo::StartBroker(const std::string& dir, bool quiet) {
  replay::live::LocalBrokerOptions bo;
  bo.dir = !dir.empty()
               ? dir
               : (std::filesystem::temp_directory_path() / ("gatetwin-broker-" + std::to_string(getpid()))).string();
  broker_ = std::make_unique<replay::live::LocalBroker>(bo);
  std::string error;
  if (!broker_->Start(&error)) {
    std::cerr << "gatetwin " << command_ << ": " << error << "\n";
    return false;
  }
  if (!quiet) {
    std::cerr << "gatetwin " << command_ << ": started a local broker at " << broker_->url() << " (log in " << bo.dir
              << ")\n";
  }
  return true;
}

bool LiveDemo::PreparePublisher(const std::vector<std::string>& feeds, double speed,
                                const replay::live::MqttOptions& client, bool quiet) {
  std::string error;
  if (!replay::live::ReadFeedLines(feeds, options_, &lines_, &error)) {
    std::cerr << "gatetwin " << command_ << ": --publish " << error << "\n";
    return false;
  }
  replay::live::MqttOptions pm = client;
  pm.client_id = "gatetwin-publish-" + std::to_string(getpid());
  publisher_ = replay::live::MqttPublisher::Create(pm, &error);
  if (!publisher_ || !publisher_->Start(&error)) {
    std::cerr << "gatetwin " << command_ << ": --publish " << error << "\n";
    publisher_.reset();
    return false;
  }
  options_.speed = speed;
  if (!quiet) {
    std::cerr << "gatetwin " << command_ << ": publishing " << lines_.size() << " lines of " << feeds.front() << " at "
              << speed << "x\n";
  }
  return true;
}

void LiveDemo::StartPublishing(const std::atomic<bool>* stop) {
  if (!publisher_ || thread_.joinable()) return;
  options_.stop = stop;
  thread_ = std::thread([this] {
    if (!publisher_->WaitConnected(10000)) {
      failed_ = true;
      return;
    }
    if (!replay::live::PublishLines(*publisher_, lines_, options_).ok) failed_ = true;
  });
}

bool LiveDemo::FinishPublishing() {
  if (thread_.joinable()) thread_.join();
  return !failed_;
}

}  // namespace gatetwin::cli
