// tls_context.cpp — see tls_context.hpp.
#include "net/tls/tls_context.hpp"

#include <openssl/err.h>

#include "net/tls/openssl_alloc.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::net {
namespace {

std::string ssl_error_text(const std::string& what) {
  char buf[256] = "unknown error";
  if (const unsigned long e = ERR_peek_last_error(); e != 0) ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return what + ": " + buf;
}

std::unique_ptr<TlsContext> fail(std::string* error, const std::string& text) {
  if (error) *error = text;
  log(LogLevel::Error, "tls context: %s", text.c_str());
  return nullptr;
}

/// "http/1.1" → "\x08http/1.1" (RFC 7301 §3.1). Empty for no ALPN; false if too long.
bool to_alpn_wire(const std::string& proto, std::string* wire) {
  wire->clear();
  if (proto.empty()) return true;
  if (proto.size() > 255) return false;
  wire->push_back(static_cast<char>(proto.size()));
  *wire += proto;
  return true;
}

/// OpenSSL's new-session callback (client): a session (TLS 1.2) or ticket (TLS 1.3,
/// arriving after the handshake) became available. Returning 1 keeps our reference.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto* key = static_cast<const std::string*>(SSL_get_ex_data(ssl, TlsContext::cache_key_index()));
  auto* ctx = static_cast<TlsContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  if (key == nullptr || ctx == nullptr || SSL_SESSION_is_resumable(session) == 0) return 0;
  ctx->store_session(*key, session);
  return 1;
}

/// Server ALPN choice: our protocol if the client offers it, else continue without ALPN.
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                unsigned int inlen, void* arg) {
  const auto* wire = static_cast<const std::string*>(arg);
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, outlen, reinterpret_cast<const unsigned char*>(wire->data()),
                            static_cast<unsigned>(wire->size()), in, inlen) == OPENSSL_NPN_NEGOTIATED) {
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

void common_options(SSL_CTX* ctx) {
  static bool told = false;
  if (!told && !openssl_allocator_installed()) {
    told = true;
    log(LogLevel::Info, "tls: OpenSSL small-block pool not installed; every TLS record costs 1-3 heap "
                        "allocations (call install_openssl_allocator() first thing in main)");
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // PARTIAL_WRITE: SSL_write returns after each record so we can stop at a full tx
  // queue; MOVING buffer: a retried write may come from a different address.
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // No AUTO_RETRY: after a non-application record SSL_read returns WANT_READ instead of
  // asking our BIO again; we loop ourselves.
  SSL_CTX_clear_mode(ctx, SSL_MODE_AUTO_RETRY);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
}

}  // namespace

int TlsContext::cache_key_index() noexcept {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

std::unique_ptr<TlsContext> TlsContext::client(const TlsClientOptions& opt, std::string* error) {
  SSL_CTX* raw = SSL_CTX_new(TLS_client_method());
  if (raw == nullptr) return fail(error, ssl_error_text("SSL_CTX_new"));
  std::unique_ptr<TlsContext> ctx(new TlsContext(raw, false));
  SSL_CTX_set_app_data(raw, ctx.get());
  common_options(raw);
  if (!to_alpn_wire(opt.alpn, &ctx->alpn_wire_)) return fail(error, "alpn protocol name too long");
  if (!ctx->alpn_wire_.empty() &&
      SSL_CTX_set_alpn_protos(raw, reinterpret_cast<const unsigned char*>(ctx->alpn_wire_.data()),
                              static_cast<unsigned>(ctx->alpn_wire_.size())) != 0)
    return fail(error, ssl_error_text("SSL_CTX_set_alpn_protos"));

  ctx->insecure_ = opt.insecure;
  if (opt.insecure) {
    SSL_CTX_set_verify(raw, SSL_VERIFY_NONE, nullptr);
    log(LogLevel::Warn, "TLS INSECURE MODE: peer certificates will NOT be verified (tests only; never "
                        "use against a real venue)");
  } else {
    SSL_CTX_set_verify(raw, SSL_VERIFY_PEER, nullptr);
    const bool loaded = opt.ca_file.empty()
                            ? SSL_CTX_set_default_verify_paths(raw) == 1
                            : SSL_CTX_load_verify_locations(raw, opt.ca_file.c_str(), nullptr) == 1;
    if (!loaded)
      return fail(error, ssl_error_text(opt.ca_file.empty() ? "system CA store" : "ca_file " + opt.ca_file));
  }
  ctx->session_cache_ = opt.session_cache;
  if (opt.session_cache) {
    // We keep sessions ourselves (per host:port); OpenSSL's internal client store is
    // not keyed by peer, so it is disabled.
    SSL_CTX_set_session_cache_mode(raw, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(raw, on_new_session);
  } else {
    SSL_CTX_set_session_cache_mode(raw, SSL_SESS_CACHE_OFF);
  }
  return ctx;
}

std::unique_ptr<TlsContext> TlsContext::server(const TlsServerOptions& opt, std::string* error) {
  SSL_CTX* raw = SSL_CTX_new(TLS_server_method());
  if (raw == nullptr) return fail(error, ssl_error_text("SSL_CTX_new"));
  std::unique_ptr<TlsContext> ctx(new TlsContext(raw, true));
  SSL_CTX_set_app_data(raw, ctx.get());
  common_options(raw);
  if (SSL_CTX_use_certificate_chain_file(raw, opt.cert_file.c_str()) != 1)
    return fail(error, ssl_error_text("cert_file " + opt.cert_file));
  if (SSL_CTX_use_PrivateKey_file(raw, opt.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return fail(error, ssl_error_text("key_file " + opt.key_file));
  if (SSL_CTX_check_private_key(raw) != 1)
    return fail(error, ssl_error_text("key does not match certificate"));
  if (!to_alpn_wire(opt.alpn, &ctx->alpn_wire_)) return fail(error, "alpn protocol name too long");
  if (!ctx->alpn_wire_.empty()) SSL_CTX_set_alpn_select_cb(raw, select_alpn, &ctx->alpn_wire_);
  static const unsigned char kSidCtx[] = "xtb";
  SSL_CTX_set_session_id_context(raw, kSidCtx, sizeof kSidCtx - 1);
  return ctx;
}

TlsContext::~TlsContext() {
  for (auto& [key, session] : sessions_) SSL_SESSION_free(session);
  SSL_CTX_free(ctx_);
}

SSL_SESSION* TlsContext::cached_session(const std::string& key) const {
  const auto it = sessions_.find(key);
  return it == sessions_.end() ? nullptr : it->second;
}

void TlsContext::store_session(const std::string& key, SSL_SESSION* session) {
  auto [it, inserted] = sessions_.try_emplace(key, session);
  if (!inserted) {
    SSL_SESSION_free(it->second);
    it->second = session;
  }
}

}  // namespace xtb::net
