// main.cpp — `xtb-sim`: a simulated venue on loopback (docs/simulator.md); --venue picks
// the protocol face (face_registry.hpp; default: the registry's first face).
//
//   xtb-sim [--venue NAME] --capture FILE [--snapshots FILE] [--speed X] [--hold] [--port N]
//           [--cert-dir DIR] [--account FILE] [--exchange-info FILE] [--faults FILE] [--dump FILE] [--symbol S]...
//           [--max-gap-s S] [--header-timeout-ms N] [--idle-timeout-ms N]
// (--cert-dir defaults to a per-user cache directory and its certificate is reused;
// docs/simulator.md "Files", "Connections and timeouts".)
//
// Prints exactly one line on stdout once listening:
//   ready rest=https://127.0.0.1:N ws=wss://127.0.0.1:N cert=DIR/cert.pem
// and serves until SIGTERM/SIGINT, then writes the fill ledger + state dump (JSON) and
// exits 0. Everything else (faults, replay progress, errors) goes to stderr. An unknown
// --venue exits 2 naming the known ones; so does any start-up error.
// Credentials: the docs' example key pair unless XTB_SIM_API_KEY / XTB_SIM_API_SECRET are set.
#include <CLI/CLI.hpp>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "net/tls/openssl_alloc.hpp"
#include "net/uring/net_log.hpp"
#include "sim/server/face_registry.hpp"
#include "sim/server/server_files.hpp"
#include "sim/server/sim_server.hpp"

namespace {

xtb::sim::server::SimServer* g_server = nullptr;

extern "C" void on_signal(int) { if (g_server != nullptr) g_server->request_stop(); }

constexpr double kMaxSpeed = 1e6;
constexpr std::int64_t kMaxListenKeyMs = 24LL * 3600 * 1000;

// 0..1e6 and finite: NaN would make pacing undefined (D15/S3); the message names the
// bound in plain digits (S2: CLI11's NonNegativeNumber printed DBL_MAX in full).
CLI::Validator speed_check() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(s, v) || !std::isfinite(v) || v < 0 || v > kMaxSpeed)
          return "--speed must be a number from 0 to 1000000 (0 = as fast as clients read), got '" + s + "'";
        return {};
      },
      "0..1000000");
}

// The --venue value, looked up before CLI11 parses the rest, so an unknown venue is named
// (exit 2) even when other options are missing. False (and said) when it is unknown.
bool venue_known(int argc, char** argv) {
  std::string v;  // "" when not given: the default face
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--venue" && i + 1 < argc) v = argv[i + 1];
    if (a.rfind("--venue=", 0) == 0) v = a.substr(8);
  }
  if (xtb::sim::server::find_face(v) != nullptr) return true;
  std::fprintf(stderr, "xtb-sim: unknown venue '%s' (known venues: %s)\n", v.c_str(),
               xtb::sim::server::face_names().c_str());
  return false;
}

std::string venue_help() {
  std::string h = "venue face to serve (default " + std::string(xtb::sim::server::faces().front().name) + "):";
  for (const xtb::sim::server::FaceEntry& f : xtb::sim::server::faces())
    h += "\n  " + std::string(f.name) + ": " + std::string(f.summary);
  return h;
}

void quiet_sink(xtb::net::LogLevel level, const char* line) noexcept {
  if (level >= xtb::net::LogLevel::Warn) std::fprintf(stderr, "%s\n", line);
}

}  // namespace

int main(int argc, char** argv) {
  xtb::net::install_openssl_allocator();  // before OpenSSL's first allocation
  xtb::sim::server::ServerOptions opt;
  if (!venue_known(argc, argv)) return 2;
  int max_gap_s = 3600;
  CLI::App app{"xtb-sim: venue simulator replaying recorded market data"};
  app.add_option("--venue", opt.venue, venue_help());
  app.add_option("--capture", opt.capture_path, "capture file (hftbacktest `<ns> <json>` or cryptofeed)")->required();
  app.add_option("--snapshots", opt.snapshots_path, "cryptofeed REST depth snapshots to merge into the replay");
  app.add_option("--speed", opt.speed, "replay speed: 1 = recorded pace, 10 = 10x, 0 = as fast as clients read")
      ->check(speed_check());
  app.add_option("--max-gap-s", max_gap_s,
                 "capture time gaps longer than this are counted as time jumps and not waited for")
      ->check(CLI::Range(1, 7 * 86400))
      ->capture_default_str();
  app.add_flag("--hold", opt.hold, "start the replay at the first market subscription (or POST /sim/start)");
  app.add_option("--port", opt.port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--cert-dir", opt.cert_dir,
                 "directory of the self-signed cert.pem / key.pem, reused when still valid (default " +
                     xtb::sim::server::default_cert_dir() + ")");
  app.add_option("--account", opt.account_path, "YAML starting account (configs/sim-account.yaml)");
  app.add_option("--exchange-info", opt.exchange_info_path, "exchangeInfo JSON (or a cryptofeed REST capture of it)");
  app.add_option("--faults", opt.faults_path, "YAML fault plan");
  app.add_option("--dump", opt.dump_path, "ledger + state JSON written on exit (default <cert-dir>/sim-dump.json)");
  app.add_option("--symbol", opt.symbols, "simulated symbol (repeatable; default: the capture's symbols)");
  app.add_option("--max-connections", opt.max_sessions, "concurrent HTTP/WS connections")->check(CLI::Range(1, 1000));
  app.add_option("--header-timeout-ms", opt.header_timeout_ms,
                 "close a connection whose request header is not complete after this long (slowloris bound)")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{600'000}))
      ->capture_default_str();
  app.add_option("--idle-timeout-ms", opt.http_idle_timeout_ms,
                 "close an HTTP keep-alive connection idle this long after its last answer")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{3'600'000}))
      ->capture_default_str();
  app.add_option("--weight-limit", opt.weight_limit, "REQUEST_WEIGHT per minute (default: exchangeInfo)");
  app.add_option("--orders-10s-limit", opt.orders_10s_limit, "ORDERS per 10 s (default: exchangeInfo)");
  app.add_option("--listen-key-validity-ms", opt.listen_key_validity_ms, "listenKey validity (default 60 min)")
      ->check(CLI::Range(std::int64_t{1000}, kMaxListenKeyMs, "1000..86400000 (1 s to 24 h)"));
  app.add_flag("--quiet", opt.quiet, "transport log at WARN and above only");
  CLI11_PARSE(app, argc, argv);
  opt.max_gap_ms = static_cast<std::int64_t>(max_gap_s) * 1000;
  if (const char* k = std::getenv("XTB_SIM_API_KEY")) opt.api_key = k;
  if (const char* s = std::getenv("XTB_SIM_API_SECRET")) opt.api_secret = s;
  if (opt.cert_dir.empty()) opt.cert_dir = xtb::sim::server::default_cert_dir();
  if (opt.dump_path.empty()) opt.dump_path = opt.cert_dir + "/sim-dump.json";
  if (opt.quiet) xtb::net::set_log_sink(&quiet_sink);

  try {
    xtb::sim::server::SimServer server(opt);
    g_server = &server;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    if (server.cert_reused()) std::fprintf(stderr, "xtb-sim: reusing %s\n", server.cert_path().c_str());
    std::printf("%s\n", server.ready_line().c_str());
    std::fflush(stdout);
    const int rc = server.run();
    g_server = nullptr;
    if (!server.write_dump(opt.dump_path)) {
      std::fprintf(stderr, "xtb-sim: cannot write %s\n", opt.dump_path.c_str());
      return 1;
    }
    std::fprintf(stderr, "xtb-sim: stopped, dump written to %s\n", opt.dump_path.c_str());
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "xtb-sim: %s\n", e.what());
    return 2;
  }
}
