// server_options.hpp — configuration of `xtb-sim` (docs/simulator.md): the network shell's
// own settings and those its venue face reads (credentials, rate limits, user-stream key
// validity, exchange-information file). Plain data filled from the command line
// (main.cpp, CLI11) or by tests that run the server in-process. Cold path only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace xtb::sim::server {

/// The USD-M documentation's example key pair (general-info, "SIGNED Endpoint
/// Examples"): public test values, the simulator's default credentials.
inline constexpr const char* kDocsApiKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
inline constexpr const char* kDocsApiSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

struct ServerOptions {
  std::string venue;               ///< the venue face (face_registry.hpp); "" = the default one
  std::string capture_path;        ///< hftbacktest `<ns> <json>` or cryptofeed capture (gz ok)
  std::string snapshots_path;      ///< optional cryptofeed REST depth snapshots (`<url> -> <s>: <json>`)
  double speed = 1.0;              ///< recorded pace × speed; 0 = as fast as subscribers read
  std::int64_t max_gap_ms = 3'600'000;  ///< longer capture gaps are counted, not waited for (D9)
  bool hold = false;               ///< replay waits for the first market subscriber or POST /sim/start
  std::uint16_t port = 0;          ///< 0 = ephemeral (the ready line says which)
  std::string cert_dir;             ///< cert.pem / key.pem (reused); "" = default_cert_dir() (server_files.hpp)
  std::string account_path;        ///< YAML starting account (sim_config.hpp); empty = defaults
  std::string exchange_info_path;  ///< exchangeInfo JSON, or a cryptofeed `<url> -> <s>: <json>` file
  std::string faults_path;         ///< YAML fault plan (fault_plan.hpp); empty = none
  std::string dump_path;           ///< ledger + state JSON written on exit; empty = <cert_dir>/sim-dump.json
  std::vector<std::string> symbols;///< simulated symbols; empty = every capture symbol in exchangeInfo
  std::string api_key = kDocsApiKey;
  std::string api_secret = kDocsApiSecret;
  std::size_t max_sessions = 32;   ///< concurrent HTTP/WS connections (preallocated; + 1 that answers 503)
  std::int64_t header_timeout_ms = 10'000;     ///< a request header must arrive within (D8, slowloris)
  std::int64_t http_idle_timeout_ms = 30'000;  ///< keep-alive connection closed after this idle time (D8)
  std::uint32_t weight_limit = 0;  ///< REQUEST_WEIGHT per minute; 0 = exchangeInfo rateLimits
  std::uint32_t orders_10s_limit = 0;  ///< ORDERS per 10 s; 0 = exchangeInfo
  std::uint32_t orders_1m_limit = 0;   ///< ORDERS per minute; 0 = exchangeInfo
  std::uint32_t ban_after = 3;     ///< requests inside a 429 back-off that earn a 418 ban
  std::uint32_t ban_seconds = 120; ///< 418 ban length (general-info: "from 2 minutes")
  std::int64_t listen_key_validity_ms = 60 * 60 * 1000;  ///< 60 min, PUT extends
  std::int64_t depth_wait_ms = 10'000;   ///< REST depth waits this long for a synced book
  bool quiet = false;              ///< no per-connection INFO lines from the transport
};

}  // namespace xtb::sim::server
