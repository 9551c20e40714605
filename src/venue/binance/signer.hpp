// signer.hpp — HMAC-SHA256 request signing for Binance SIGNED endpoints.
//
// Protocol (authentication.md, "SIGNED (TRADE and USER_DATA) Endpoint Security"):
// signature = lower-case hex of HMAC-SHA256(secretKey, totalParams), where totalParams
// is the query string concatenated with the request body exactly as sent, and the
// `signature` parameter is appended last.
//
// Implementation (RFC 2104 §2): HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)).
// The SHA-256 states after absorbing the 64-byte blocks K0^ipad and K0^opad are computed
// once when the key is set. Each signature copies those two plain structs (no heap) and
// finishes both hashes: 2 + ceil((len+9)/64) compression calls.
//
// Why not EVP_MAC: with OpenSSL 3.0.22 we counted heap allocations per signature through
// CRYPTO_set_mem_functions — EVP_MAC_CTX_dup: 11, EVP_MAC_init(ctx, NULL key) reuse: 2,
// EVP_MD_CTX_copy_ex into a preallocated ctx: 1, one-shot HMAC(): 13, SHA256_CTX struct
// copy: 0. Only the last meets the "no allocation on the hot path" rule, so it is used
// (the SHA256_* functions are deprecated in 3.0 but present; their use is confined to
// signer.cpp, which also runs the same SHA-NI/AVX2 block code as the EVP provider).
// tests/venue/signer_test.cpp asserts zero OpenSSL allocations in steady state.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xtb::binance {

class HmacSha256Signer {
 public:
  static constexpr std::size_t kMacBytes = 32;  ///< raw HMAC-SHA256 length
  static constexpr std::size_t kHexChars = 64;  ///< hex signature length

  /// A signer without a key: has_key() is false and sign_*() must not be called.
  HmacSha256Signer() noexcept = default;
  /// Precomputes the inner/outer states for `secret` (any length; keys longer than the
  /// 64-byte block are hashed first, RFC 2104 §2). Cold path.
  explicit HmacSha256Signer(std::string_view secret) noexcept { set_key(secret); }
  /// Wipes the precomputed key states (OPENSSL_cleanse).
  ~HmacSha256Signer();

  // Key material is never copied around implicitly.
  HmacSha256Signer(const HmacSha256Signer&) = delete;
  HmacSha256Signer& operator=(const HmacSha256Signer&) = delete;

  /// (Re)keys the signer; wipes the temporary key block afterwards. Cold path, not
  /// concurrently with sign_*().
  void set_key(std::string_view secret) noexcept;
  bool has_key() const noexcept { return has_key_; }

  /// Raw MAC of `msg`. Hot path: no allocation, no locks; const, so any number of
  /// threads may sign concurrently with one keyed signer.
  void sign(std::string_view msg, std::uint8_t (&mac)[kMacBytes]) const noexcept;
  /// Lower-case hex MAC of `msg` written to out[0..64) (no terminator). Hot path.
  void sign_hex(std::string_view msg, char* out) const noexcept;

 private:
  // Two SHA256_CTX (112 bytes each in OpenSSL 3.0) kept opaque so OpenSSL's deprecated
  // low-level declarations stay out of every includer; signer.cpp static_asserts the size.
  static constexpr std::size_t kStateBytes = 128;
  alignas(16) unsigned char inner_[kStateBytes] = {};
  alignas(16) unsigned char outer_[kStateBytes] = {};
  bool has_key_ = false;
};

/// Writes the lower-case hex of `bytes` into out[0 .. 2*len). Any thread; no allocation.
void to_hex_lower(const std::uint8_t* bytes, std::size_t len, char* out) noexcept;

}  // namespace xtb::binance
