// ws_mask.hpp — WsMaskSource: masking keys for client-to-server frames.
//
// RFC 6455 §5.3: the 32-bit masking key "MUST be derived from a strong source of
// entropy" and be unpredictable per frame, so that a hostile page cannot make our bytes
// look like something a proxy would cache. Keys come from OpenSSL's CSPRNG (RAND_bytes,
// a per-thread DRBG: no syscall, no allocation after its first use on a thread) in
// batches of 128 keys, so the per-frame cost is a 4-byte copy; getrandom(2) is the
// fallback should RAND_bytes ever fail.
//
// Threads: owner thread only.
#pragma once
#include <cstddef>
#include <cstdint>

namespace xtb::net {

class WsMaskSource {
 public:
  /// Writes the next 4-byte masking key to `out`.
  void next(std::uint8_t out[4]) noexcept;

 private:
  void refill() noexcept;

  static constexpr std::size_t kPoolBytes = 512;
  std::uint8_t pool_[kPoolBytes];
  std::size_t pos_ = kPoolBytes;
};

}  // namespace xtb::net
