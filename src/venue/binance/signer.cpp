// signer.cpp — see signer.hpp for the protocol and for why the low-level SHA256 API.
//
// OPENSSL_SUPPRESS_DEPRECATED must precede every OpenSSL include in this file only: the
// SHA256_Init/Update/Final declarations carry deprecation attributes in 3.0, and the
// build runs with -Werror.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "venue/binance/signer.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

namespace xtb::binance {

namespace {

constexpr std::size_t kBlock = SHA256_CBLOCK;  // 64-byte SHA-256 block (RFC 2104 "B")

SHA256_CTX& as_ctx(unsigned char* p) noexcept { return *reinterpret_cast<SHA256_CTX*>(p); }
const SHA256_CTX& as_ctx(const unsigned char* p) noexcept {
  return *reinterpret_cast<const SHA256_CTX*>(p);
}

}  // namespace

static_assert(sizeof(SHA256_CTX) <= 128, "HmacSha256Signer::kStateBytes too small for SHA256_CTX");
static_assert(alignof(SHA256_CTX) <= 16, "HmacSha256Signer state alignment too small");
static_assert(SHA256_DIGEST_LENGTH == HmacSha256Signer::kMacBytes);

HmacSha256Signer::~HmacSha256Signer() {
  OPENSSL_cleanse(inner_, sizeof inner_);
  OPENSSL_cleanse(outer_, sizeof outer_);
}

void HmacSha256Signer::set_key(std::string_view secret) noexcept {
  // K0: the key zero-padded to the block size, or its digest when longer (RFC 2104 §2).
  unsigned char k0[kBlock] = {};
  if (secret.size() > kBlock) {
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), k0);
  } else {
    std::memcpy(k0, secret.data(), secret.size());
  }
  unsigned char pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<unsigned char>(k0[i] ^ 0x36);
  SHA256_Init(&as_ctx(inner_));
  SHA256_Update(&as_ctx(inner_), pad, kBlock);
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<unsigned char>(k0[i] ^ 0x5c);
  SHA256_Init(&as_ctx(outer_));
  SHA256_Update(&as_ctx(outer_), pad, kBlock);
  OPENSSL_cleanse(k0, sizeof k0);
  OPENSSL_cleanse(pad, sizeof pad);
  has_key_ = true;
}

void HmacSha256Signer::sign(std::string_view msg, std::uint8_t (&mac)[kMacBytes]) const noexcept {
  // Plain struct copies of the precomputed states: this is the zero-allocation path.
  SHA256_CTX ctx = as_ctx(inner_);
  SHA256_Update(&ctx, msg.data(), msg.size());
  unsigned char inner_digest[SHA256_DIGEST_LENGTH];
  SHA256_Final(inner_digest, &ctx);
  ctx = as_ctx(outer_);
  SHA256_Update(&ctx, inner_digest, sizeof inner_digest);
  SHA256_Final(mac, &ctx);
  // No wipe needed: after SHA256_Final the chaining values hold digests, not the
  // key-equivalent ipad/opad states, and OpenSSL already cleanses the block buffer.
}

void HmacSha256Signer::sign_hex(std::string_view msg, char* out) const noexcept {
  std::uint8_t mac[kMacBytes];
  sign(msg, mac);
  to_hex_lower(mac, kMacBytes, out);
}

void to_hex_lower(const std::uint8_t* bytes, std::size_t len, char* out) noexcept {
  // One 2-byte table load per input byte (512-byte table, built at compile time).
  static constexpr struct Pairs {
    char v[512] = {};
    constexpr Pairs() {
      constexpr char kHex[] = "0123456789abcdef";
      for (int i = 0; i < 256; ++i) {
        v[2 * i] = kHex[i >> 4];
        v[2 * i + 1] = kHex[i & 0xF];
      }
    }
  } kPairs{};
  for (std::size_t i = 0; i < len; ++i) std::memcpy(out + 2 * i, kPairs.v + 2 * bytes[i], 2);
}

}  // namespace xtb::binance
