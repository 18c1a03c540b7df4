// The MQTT connection options of the commands that talk to a broker (live, publish, view): flags and their checks.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "replay/live/mqtt_client.h"

namespace gatetwin::cli {

/// What the flags say; MakeMqttOptions turns it into the client's options.
struct MqttArgs {
  std::string url;
  std::string client_id;
  std::string username, password_file;
  std::string cafile, capath, cert, key;
  bool insecure = false;
  bool clean_session = false;
  int qos = 1;
  double connect_timeout_s = 10;
};

/// Adds --mqtt (required when `url_required`), --client-id, credentials, TLS, --qos and
/// --connect-timeout to `cmd`.
void AddMqttOptions(CLI::App* cmd, MqttArgs* m, bool url_required);

/// The client options for `url` with the flags' credentials (a password file or
/// GATETWIN_MQTT_PASSWORD) and TLS files. False, having printed what to fix as `gatetwin
/// COMMAND: ...`, when the URL or a file is wrong.
bool MakeMqttOptions(const MqttArgs& m, const std::string& url, const char* command, replay::live::MqttOptions* o);

}  // namespace gatetwin::cli
