// span_bio.hpp — internal: an OpenSSL BIO over our own buffers, replacing the pair of
// BIO_s_mem() buffers usually placed between SSL and the socket.
//
// Why not BIO_s_mem: a memory BIO is a growable heap buffer (realloc on growth) and adds
// one copy in each direction (socket bytes → mem BIO → SSL's record buffer; SSL → mem BIO
// → our send buffer). This BIO reads straight from the span the event loop handed us
// (a provided receive buffer) and writes straight into the connection's preallocated tx
// queue through CipherSink. It keeps the memory-BIO property that matters — SSL never
// touches the socket; io_uring does all socket I/O — with zero allocations and one copy
// fewer each way.
//
// Semantics: read returns what is left of the current input span, or "retry" when it is
// empty (SSL then reports WANT_READ). Write hands bytes to the sink; a sink that takes 0
// bytes makes SSL report WANT_WRITE (backpressure), and SSL retries the same record later.
#pragma once
#include <cstddef>
#include <cstdint>
#include <openssl/bio.h>

namespace xtb::net {

/// Receives ciphertext produced by a TlsSession (the connection's tx queue).
class CipherSink {
 public:
  /// Takes up to `len` bytes; returns how many were taken (0 = full, retry later).
  virtual std::size_t write_cipher(const std::uint8_t* data, std::size_t len) noexcept = 0;

 protected:
  ~CipherSink() = default;
};

namespace detail {

/// The state a span BIO reads and writes; owned by the TlsSession.
struct SpanBioState {
  const std::uint8_t* in = nullptr;  ///< unread ciphertext of the current input span
  std::size_t in_len = 0;
  CipherSink* out = nullptr;
};

/// Creates a BIO bound to `state` (not owned). Returns nullptr on allocation failure.
/// Cold path: once per connection attempt.
BIO* new_span_bio(SpanBioState* state) noexcept;

}  // namespace detail
}  // namespace xtb::net
