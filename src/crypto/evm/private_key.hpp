// private_key.hpp — a secp256k1 private key: 32 bytes, big-endian, 0 < k < n.
//
// Source: the caller (the venue layer reads it from its environment; this kit never reads
// files or variables). Validation: secp256k1_ec_seckey_verify (refuses 0 and k >= n).
// Secrecy: there is no way to print or format a key; the bytes are wiped on destruction
// (explicit_bzero). The accessor exists for libsecp256k1 calls only.
// Errors: the factories return nullopt on a malformed or out-of-range key.
// Threads: immutable after construction; any thread may sign with it. No allocation.
#pragma once
#include <optional>
#include <string_view>

#include "crypto/evm/bytes.hpp"

namespace xtb::crypto::evm {

class PrivateKey {
 public:
  /// 32 big-endian bytes; nullopt when the value is 0 or ≥ n.
  static std::optional<PrivateKey> from_bytes(const Bytes32& be) noexcept;
  /// 64 hex digits, optional 0x prefix; nullopt when malformed or out of range.
  static std::optional<PrivateKey> from_hex(std::string_view hex) noexcept;

  /// The secret bytes, for libsecp256k1 calls only (never log them).
  const std::uint8_t* secret() const noexcept { return k_.data(); }

  ~PrivateKey();  // wipes k_ (copies are allowed and wiped too)

 private:
  PrivateKey() = default;
  Bytes32 k_{};
};

}  // namespace xtb::crypto::evm
