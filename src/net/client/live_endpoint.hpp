// live_endpoint.hpp — where a live I/O stage connects: host, port, TLS trust.
//
// Binance USD-M production: market/user WebSockets on fstream.binance.com:443, REST on
// fapi.binance.com:443 (../shared/venue-docs/binance/usdm/network_connectivity.md). The
// simulator and the tests use 127.0.0.1 with a self-signed CA (`ca_file`), and
// `connect_address` to dial a fixed address while TLS still checks `host`.
//
// Cold path: built from the config at start-up.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "net/tls/tls_context.hpp"

namespace xtb::live {

struct LiveEndpoint {
  std::string host;             ///< DNS name (SNI + certificate check) or IP literal
  std::uint16_t port = 443;
  std::string connect_address;  ///< address to dial instead of resolving `host` ("" = host)
  bool tls = true;
  std::string ca_file;          ///< PEM CA bundle to trust instead of the system store
  bool insecure = false;        ///< no certificate verification — tests only, logged loudly

  /// Host header value: "host" on the scheme's default port, else "host:port".
  std::string host_header() const {
    const bool default_port = tls ? port == 443 : port == 80;
    return default_port ? host : host + ":" + std::to_string(port);
  }
};

/// Client TLS context for `ep` (ALPN http/1.1, session resumption); nullptr + `error`
/// when the CA file cannot be loaded. nullptr without error when `ep.tls` is false.
inline std::unique_ptr<net::TlsContext> make_client_tls(const LiveEndpoint& ep, std::string* error) {
  if (!ep.tls) return nullptr;
  net::TlsClientOptions o;
  o.ca_file = ep.ca_file;
  o.insecure = ep.insecure;
  return net::TlsContext::client(o, error);
}

/// True when the host is 127.0.0.0/8, ::1 or localhost.
inline bool is_loopback(const std::string& host) noexcept {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace xtb::live
