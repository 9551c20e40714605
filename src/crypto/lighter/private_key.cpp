// private_key.cpp — see private_key.hpp.
#include "crypto/lighter/private_key.hpp"

#include <openssl/evp.h>
#include <string.h>  // explicit_bzero

#include <string_view>

#include "crypto/lighter/scalar_mul.hpp"

namespace xtb::crypto::lighter {
namespace {

bool sha256_prefixed(std::uint8_t prefix, std::span<const std::uint8_t> seed, std::uint8_t* out) noexcept {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return false;
  unsigned len = 0;
  const bool ok = EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, &prefix, 1) == 1 &&
                  EVP_DigestUpdate(ctx, seed.data(), seed.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == 32;
  EVP_MD_CTX_free(ctx);
  return ok;
}

int hex_nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

PrivateKey::~PrivateKey() {
  explicit_bzero(&sk_, sizeof sk_);
  explicit_bzero(&sk_monty_, sizeof sk_monty_);
  explicit_bzero(&nonce_prefix_, sizeof nonce_prefix_);
}

std::optional<PrivateKey> PrivateKey::from_scalar(const Scalar& sk) noexcept {
  if (sk.is_zero()) return std::nullopt;
  PrivateKey k;
  k.sk_ = sk;
  k.sk_monty_ = Scalar::to_monty(sk);
  k.pk_ = mul_generator(sk).encode();
  k.nonce_prefix_ = NoncePrefix::for_key(sk);
  return k;
}

std::optional<PrivateKey> PrivateKey::from_bytes(std::span<const std::uint8_t, kBytes> le) noexcept {
  return from_scalar(Scalar::from_bytes_reduce(le));
}

std::optional<PrivateKey> PrivateKey::from_hex(std::string_view hex) noexcept {
  if (hex.starts_with("0x") || hex.starts_with("0X")) hex.remove_prefix(2);
  if (hex.size() != 2 * kBytes) return std::nullopt;
  std::array<std::uint8_t, kBytes> b;
  for (std::size_t i = 0; i < kBytes; ++i) {
    const int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    b[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return from_bytes(b);
}

std::optional<PrivateKey> PrivateKey::from_seed(std::span<const std::uint8_t> seed) noexcept {
  if (seed.size() < 32) return std::nullopt;
  std::array<std::uint8_t, 32> part1, part2;
  if (!sha256_prefixed(1, seed, part1.data()) || !sha256_prefixed(2, seed, part2.data())) return std::nullopt;
  std::array<std::uint8_t, kBytes> be;
  for (std::size_t i = 0; i < 32; ++i) be[i] = part1[i];
  for (std::size_t i = 0; i < 8; ++i) be[32 + i] = part2[i];
  return from_scalar(Scalar::from_be_bytes_reduce(be));
}

std::array<std::uint8_t, Fp5::kBytes> PrivateKey::public_key_bytes() const noexcept {
  std::array<std::uint8_t, Fp5::kBytes> out;
  pk_.to_bytes(out);
  return out;
}

std::array<std::uint8_t, PrivateKey::kBytes> PrivateKey::bytes() const noexcept {
  std::array<std::uint8_t, kBytes> out;
  sk_.to_bytes(out);
  return out;
}

Signature PrivateKey::sign(const Fp5& hashed_msg, std::span<const std::uint8_t> aux) const noexcept {
  return schnorr_sign_with_nonce(hashed_msg, sk_monty_, deterministic_nonce(nonce_prefix_, hashed_msg, aux));
}

Signature PrivateKey::sign_with_nonce(const Fp5& hashed_msg, const Scalar& k) const noexcept {
  return schnorr_sign_with_nonce(hashed_msg, sk_monty_, k);
}

}  // namespace xtb::crypto::lighter
