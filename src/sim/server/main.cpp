// main.cpp — `xtb-sim`: the simulated Binance USD-M venue on loopback (docs/simulator.md).
//
//   xtb-sim --capture FILE [--snapshots FILE] [--speed X] [--hold] [--port N] [--cert-dir DIR]
//           [--account FILE] [--exchange-info FILE] [--faults FILE] [--dump FILE] [--symbol S]...
//
// Prints exactly one line on stdout once listening:
//   ready rest=https://127.0.0.1:N ws=wss://127.0.0.1:N cert=DIR/cert.pem
// and serves until SIGTERM/SIGINT, then writes the fill ledger + state dump (JSON) and
// exits 0. Everything else (faults, replay progress, errors) goes to stderr.
// Credentials: the docs' example key pair unless XTB_SIM_API_KEY / XTB_SIM_API_SECRET are set.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "net/tls/openssl_alloc.hpp"
#include "net/uring/net_log.hpp"
#include "sim/server/sim_server.hpp"

namespace {

xtb::sim::server::SimServer* g_server = nullptr;

extern "C" void on_signal(int) { if (g_server != nullptr) g_server->request_stop(); }

void quiet_sink(xtb::net::LogLevel level, const char* line) noexcept {
  if (level >= xtb::net::LogLevel::Warn) std::fprintf(stderr, "%s\n", line);
}

}  // namespace

int main(int argc, char** argv) {
  xtb::net::install_openssl_allocator();  // before OpenSSL's first allocation
  xtb::sim::server::ServerOptions opt;
  CLI::App app{"xtb-sim: Binance USD-M compatible venue simulator replaying recorded market data"};
  app.add_option("--capture", opt.capture_path, "capture file (hftbacktest `<ns> <json>` or cryptofeed)")->required();
  app.add_option("--snapshots", opt.snapshots_path, "cryptofeed REST depth snapshots to merge into the replay");
  app.add_option("--speed", opt.speed, "replay speed: 1 = recorded pace, 10 = 10x, 0 = as fast as clients read")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--hold", opt.hold, "start the replay at the first market subscription (or POST /sim/start)");
  app.add_option("--port", opt.port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--cert-dir", opt.cert_dir, "directory for the self-signed cert.pem / key.pem");
  app.add_option("--account", opt.account_path, "YAML starting account (configs/sim-account.yaml)");
  app.add_option("--exchange-info", opt.exchange_info_path, "exchangeInfo JSON (or a cryptofeed REST capture of it)");
  app.add_option("--faults", opt.faults_path, "YAML fault plan");
  app.add_option("--dump", opt.dump_path, "ledger + state JSON written on exit (default <cert-dir>/sim-dump.json)");
  app.add_option("--symbol", opt.symbols, "simulated symbol (repeatable; default: the capture's symbols)");
  app.add_option("--max-connections", opt.max_sessions, "concurrent HTTP/WS connections")->check(CLI::Range(1, 1000));
  app.add_option("--weight-limit", opt.weight_limit, "REQUEST_WEIGHT per minute (default: exchangeInfo)");
  app.add_option("--orders-10s-limit", opt.orders_10s_limit, "ORDERS per 10 s (default: exchangeInfo)");
  app.add_option("--listen-key-validity-ms", opt.listen_key_validity_ms, "listenKey validity (default 60 min)");
  app.add_flag("--quiet", opt.quiet, "transport log at WARN and above only");
  CLI11_PARSE(app, argc, argv);
  if (const char* k = std::getenv("XTB_SIM_API_KEY")) opt.api_key = k;
  if (const char* s = std::getenv("XTB_SIM_API_SECRET")) opt.api_secret = s;
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
