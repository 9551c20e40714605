// keccak.hpp — Keccak-256, the Ethereum hash (original Keccak padding 0x01, NOT SHA3-256's
// 0x06): 32-byte output, any input length.
//
// Implementation: Crypto++'s CryptoPP::Keccak_256 (Debian libcrypto++-dev, pkg-config
// libcrypto++). The project rule is that a well-kept library beats our own code, and
// OpenSSL 3.0 (already linked) has SHA3 but no pre-standard Keccak. Its state is a fixed
// 200-byte array inside the object (FixedSizeSecBlock), so hashing never allocates; the
// one heap allocation is Keccak256's construction (pimpl, keeps Crypto++ headers out of
// ours). bench/evm measures the stack one-shot against a reused hasher.
// Vectors: tests/crypto/evm/test_keccak.cpp (published Keccak-256 answers, sources there).
// Threads: keccak256() is reentrant; a Keccak256 object belongs to one thread at a time.
// Errors: none (any byte string hashes).
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "crypto/evm/bytes.hpp"

namespace xtb::crypto::evm {

/// One-shot Keccak-256 of `data` (a hasher on the stack; allocation-free, hot-path safe).
Bytes32 keccak256(std::span<const std::uint8_t> data) noexcept;
/// Keccak-256 of the bytes of `text` (no terminator).
Bytes32 keccak256(std::string_view text) noexcept;

/// A reusable incremental hasher: update() any number of times, then finish(), which
/// returns the digest and restarts the state for the next message. Construction is cold
/// (one allocation); update/finish are hot-path safe and allocation-free.
class Keccak256 {
 public:
  Keccak256();
  ~Keccak256();  // move-only (unique_ptr member)

  void update(std::span<const std::uint8_t> data) noexcept;
  Bytes32 finish() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xtb::crypto::evm
