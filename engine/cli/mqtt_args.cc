// The MQTT connection options of the commands that talk to a broker (live, publish, view): flags and their checks.
#include "engine/cli/mqtt_args.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace gatetwin::cli {

using replay::live::MqttOptions;

void AddMqttOptions(CLI::App* cmd, MqttArgs* m, bool url_required) {
  auto* url =
      cmd->add_option("--mqtt", m->url, "Broker: mqtt://[user[:password]@]HOST[:PORT] or mqtts://... (TLS, port 8883)");
  if (url_required) url->required();
  cmd->add_option("--client-id", m->client_id,
                  "MQTT client id; the broker keeps a persistent session under it (default gatetwin-ROLE@HOST)");
  cmd->add_option("--username", m->username, "MQTT user name");
  cmd->add_option("--password-file", m->password_file,
                  "File whose first line is the MQTT password (or set GATETWIN_MQTT_PASSWORD)");
  cmd->add_option("--cafile", m->cafile, "TLS: CA certificate file that signed the broker's certificate");
  cmd->add_option("--capath", m->capath, "TLS: directory of CA certificates");
  cmd->add_option("--cert", m->cert, "TLS: client certificate (PEM)");
  cmd->add_option("--key", m->key, "TLS: client private key (PEM)");
  cmd->add_flag("--insecure", m->insecure, "TLS: do not check the broker's host name against its certificate");
  cmd->add_flag("--clean-session", m->clean_session,
                "Start a fresh session (default: persistent, so nothing queued for us is lost across reconnects)");
  cmd->add_option("--qos", m->qos, "MQTT quality of service (default 1: at least once)")->check(CLI::Range(0, 1));
  cmd->add_option("--connect-timeout", m->connect_timeout_s,
                  "Give up when there is no connection to the broker after this many seconds (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
}

bool MakeMqttOptions(const MqttArgs& m, const std::string& url, const char* command, MqttOptions* o) {
  std::string error;
  if (!replay::live::ParseMqttUrl(url, o, &error)) {
    std::cerr << "gatetwin " << command << ": --mqtt " << error << "\n";
    return false;
  }
  o->client_id = m.client_id;
  o->clean_session = m.clean_session;
  o->qos = m.qos;
  if (!m.username.empty()) o->username = m.username;
  if (!m.password_file.empty()) {
    std::FILE* f = std::fopen(m.password_file.c_str(), "r");
    if (f == nullptr) {
      std::cerr << "gatetwin " << command << ": --password-file '" << m.password_file << "' cannot be read\n";
      return false;
    }
    char buf[1024] = {};
    if (std::fgets(buf, sizeof buf, f) == nullptr) buf[0] = '\0';
    std::fclose(f);
    o->password = buf;
    while (!o->password.empty() && (o->password.back() == '\n' || o->password.back() == '\r')) o->password.pop_back();
  } else if (const char* env = std::getenv("GATETWIN_MQTT_PASSWORD"); env != nullptr && o->password.empty()) {
    o->password = env;
  }
  o->tls_ca_file = m.cafile;
  o->tls_ca_dir = m.capath;
  o->tls_cert_file = m.cert;
  o->tls_key_file = m.key;
  o->tls_insecure = m.insecure;
  if (!m.cafile.empty() || !m.capath.empty() || !m.cert.empty()) o->tls = true;
  for (const std::string* f : {&m.cafile, &m.cert, &m.key}) {
    if (!f->empty() && !std::filesystem::exists(*f)) {
      std::cerr << "gatetwin " << command << ": TLS file '" << *f << "' does not exist\n";
      return false;
    }
  }
  return true;
}

}  // namespace gatetwin::cli
