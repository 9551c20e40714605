// span_bio.cpp — see span_bio.hpp.
#include "net/tls/span_bio.hpp"

#include <cstring>

namespace xtb::net::detail {
namespace {

int span_write(BIO* b, const char* data, std::size_t len, std::size_t* written) {
  BIO_clear_retry_flags(b);
  auto* st = static_cast<SpanBioState*>(BIO_get_data(b));
  const std::size_t n = st->out->write_cipher(reinterpret_cast<const std::uint8_t*>(data), len);
  if (n == 0) {
    BIO_set_retry_write(b);
    return 0;
  }
  *written = n;
  return 1;
}

int span_read(BIO* b, char* buf, std::size_t len, std::size_t* readbytes) {
  BIO_clear_retry_flags(b);
  auto* st = static_cast<SpanBioState*>(BIO_get_data(b));
  if (st->in_len == 0) {
    BIO_set_retry_read(b);
    return 0;
  }
  const std::size_t n = len < st->in_len ? len : st->in_len;
  std::memcpy(buf, st->in, n);
  st->in += n;
  st->in_len -= n;
  *readbytes = n;
  return 1;
}

long span_ctrl(BIO* b, int cmd, long /*num*/, void* /*ptr*/) {
  switch (cmd) {
    case BIO_CTRL_FLUSH: return 1;  // writes already reached the sink
    case BIO_CTRL_PENDING: return static_cast<long>(static_cast<SpanBioState*>(BIO_get_data(b))->in_len);
    case BIO_CTRL_WPENDING: return 0;
    default: return 0;
  }
}

int span_create(BIO* b) {
  BIO_set_init(b, 1);
  return 1;
}

int span_destroy(BIO* b) {
  BIO_set_data(b, nullptr);  // state is owned by the TlsSession
  return 1;
}

BIO_METHOD* make_method() noexcept {
  BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "xtb span");
  if (m == nullptr) return nullptr;
  BIO_meth_set_write_ex(m, span_write);
  BIO_meth_set_read_ex(m, span_read);
  BIO_meth_set_ctrl(m, span_ctrl);
  BIO_meth_set_create(m, span_create);
  BIO_meth_set_destroy(m, span_destroy);
  return m;
}

}  // namespace

BIO* new_span_bio(SpanBioState* state) noexcept {
  static BIO_METHOD* const method = make_method();  // once per process, never freed
  if (method == nullptr) return nullptr;
  BIO* b = BIO_new(method);
  if (b != nullptr) BIO_set_data(b, state);
  return b;
}

}  // namespace xtb::net::detail
