// ws_mask.cpp — WsMaskSource: AES-128-CTR keystream keyed from RAND_bytes.
#include "net/ws/ws_mask.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>

namespace xtb::net {

namespace {
void os_random(std::uint8_t* p, std::size_t n) noexcept {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = getrandom(p + got, n - got, 0);
    if (r > 0)
      got += static_cast<std::size_t>(r);
    else if (errno != EINTR)
      return;  // keep what the buffer held: still unpredictable to a web page
  }
}
}  // namespace

WsMaskSource::WsMaskSource() noexcept {
  std::uint8_t key_iv[32];
  if (RAND_bytes(key_iv, sizeof(key_iv)) != 1) os_random(key_iv, sizeof(key_iv));
  ctx_ = EVP_CIPHER_CTX_new();
  if (ctx_ != nullptr && EVP_EncryptInit_ex(ctx_, EVP_aes_128_ctr(), nullptr, key_iv, key_iv + 16) != 1) {
    EVP_CIPHER_CTX_free(ctx_);
    ctx_ = nullptr;
  }
  std::memset(key_iv, 0, sizeof(key_iv));
}

WsMaskSource::~WsMaskSource() { EVP_CIPHER_CTX_free(ctx_); }

void WsMaskSource::refill() noexcept {
  // CTR keystream = encryption of zeros; the counter advances across calls.
  static const std::uint8_t kZeros[kPoolBytes] = {};
  int out_len = 0;
  if (ctx_ == nullptr || EVP_EncryptUpdate(ctx_, pool_, &out_len, kZeros, static_cast<int>(kPoolBytes)) != 1 ||
      out_len != static_cast<int>(kPoolBytes))
    os_random(pool_, kPoolBytes);
  pos_ = 0;
}

}  // namespace xtb::net
