// ws_mask.cpp — WsMaskSource refills from OpenSSL's DRBG (getrandom fallback).
#include "net/ws/ws_mask.hpp"

#include <openssl/rand.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>

namespace xtb::net {

void WsMaskSource::refill() noexcept {
  if (RAND_bytes(pool_, static_cast<int>(kPoolBytes)) != 1) {
    std::size_t got = 0;
    while (got < kPoolBytes) {
      const ssize_t r = getrandom(pool_ + got, kPoolBytes - got, 0);
      if (r > 0) got += static_cast<std::size_t>(r);
      else if (errno != EINTR) break;  // keep the previous (random) pool bytes
    }
  }
  pos_ = 0;
}

void WsMaskSource::next(std::uint8_t out[4]) noexcept {
  if (pos_ + 4 > kPoolBytes) refill();
  std::memcpy(out, pool_ + pos_, 4);
  pos_ += 4;
}

}  // namespace xtb::net
