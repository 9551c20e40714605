// tls_context.hpp — OpenSSL 3 SSL_CTX set-up for our TLS client and server, plus the
// client's session cache (resumption).
//
// Client defaults are the safe ones: TLS >= 1.2, peer verification ON against the system
// CA store (SSL_CTX_set_default_verify_paths), host-name check against the SNI name,
// ALPN "http/1.1" (RFC 7301). `ca_file` replaces the system store (the simulator's
// self-signed CA). `insecure` turns verification off; it exists for tests only and is
// logged at WARN when the context is built and again for every session.
//
// Session resumption (RFC 8446 §2.2 / RFC 5077): the client keeps the newest resumable
// session per "host:port" and offers it on the next connect to the same peer, so a
// reconnect after a venue's 24 h stream rotation costs one round trip less.
//
// Threading: build contexts on any thread at start-up; afterwards a context is used by
// the one thread that owns its connections (the session cache is not locked).
#pragma once
#include <cstdint>
#include <memory>
#include <openssl/ssl.h>
#include <string>
#include <unordered_map>

namespace xtb::net {

struct TlsClientOptions {
  std::string ca_file;            ///< PEM bundle to trust; empty = system CA store
  bool insecure = false;          ///< no certificate verification (tests only; loud)
  std::string alpn = "http/1.1";  ///< one ALPN protocol to offer; empty = none
  bool session_cache = true;      ///< remember sessions per host:port and resume
};

struct TlsServerOptions {
  std::string cert_file;          ///< PEM certificate chain (leaf first)
  std::string key_file;           ///< PEM private key of the leaf
  std::string alpn = "http/1.1";  ///< protocol selected when the client offers it
};

class TlsContext {
 public:
  /// Builds a client context. nullptr + `error` ("ca_file /x: No such file...") on failure.
  static std::unique_ptr<TlsContext> client(const TlsClientOptions& opt, std::string* error = nullptr);
  /// Builds a server context from PEM files. nullptr + `error` on failure.
  static std::unique_ptr<TlsContext> server(const TlsServerOptions& opt, std::string* error = nullptr);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* native() const noexcept { return ctx_; }
  bool is_server() const noexcept { return server_; }
  bool insecure() const noexcept { return insecure_; }
  bool session_cache_enabled() const noexcept { return session_cache_; }

  /// Client cache: the session to offer for `key` (borrowed; nullptr if none). Cold path.
  SSL_SESSION* cached_session(const std::string& key) const;
  /// Client cache: keeps `session` (takes over the caller's reference) for `key`,
  /// releasing the previous one. Called from OpenSSL's new-session callback.
  void store_session(const std::string& key, SSL_SESSION* session);
  /// Number of cached sessions (tests, diagnostics).
  std::size_t cached_sessions() const noexcept { return sessions_.size(); }

  /// SSL ex_data index under which a client TlsSession stores a `const std::string*`
  /// cache key ("host:port") for the new-session callback. Internal to net/tls.
  static int cache_key_index() noexcept;
  /// ALPN protocol list in wire format (RFC 7301 §3.1: length-prefixed names).
  const std::string& alpn_wire() const noexcept { return alpn_wire_; }

 private:
  TlsContext(SSL_CTX* ctx, bool server) : ctx_(ctx), server_(server) {}

  SSL_CTX* ctx_;
  bool server_;
  bool insecure_ = false;
  bool session_cache_ = false;
  std::string alpn_wire_;
  std::unordered_map<std::string, SSL_SESSION*> sessions_;
};

}  // namespace xtb::net
