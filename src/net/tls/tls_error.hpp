// tls_error.hpp — typed TLS failures. Every failure of a TlsSession or TlsContext is one
// of these kinds plus, where it applies, the X509 verification code (X509_V_ERR_*, see
// `man 3 X509_STORE_CTX_get_error` / openssl/x509_vfy.h) and the first OpenSSL error code;
// `detail` carries a human-readable sentence for logs, e.g.
//   "certificate verify failed: certificate has expired (X509_V_ERR 10)".
// Filling `detail` formats into the fixed array (no heap); it happens once per failure.
#pragma once
#include <cstdint>

namespace xtb::net {

enum class TlsError : std::uint8_t {
  None = 0,
  VerifyFailed,      ///< peer certificate rejected; TlsFailure::verify_code says why
  HandshakeFailed,   ///< alert or protocol error during the handshake (no verify problem)
  PeerClosed,        ///< peer sent close_notify (clean TLS shutdown)
  UnexpectedEof,     ///< TCP closed without close_notify (possible truncation)
  ProtocolError,     ///< fatal error after the handshake (bad record MAC, alert, ...)
  HandshakeTimeout,  ///< handshake did not finish in time (reported by the connection)
  InputOverflow,     ///< ciphertext backlog exceeded its fixed capacity
  Config,            ///< context set-up: unreadable cert/key/CA file, bad option
};

/// Stable lower-case name of `e` ("verify_failed", ...), for logs and test messages.
const char* to_string(TlsError e) noexcept;

struct TlsFailure {
  TlsError kind = TlsError::None;
  long verify_code = 0;            ///< X509_V_OK (0) unless kind == VerifyFailed
  unsigned long ssl_code = 0;      ///< ERR_peek_error() packed code, 0 if none
  char detail[256] = {};           ///< NUL-terminated human-readable reason

  explicit operator bool() const noexcept { return kind != TlsError::None; }
};

}  // namespace xtb::net
