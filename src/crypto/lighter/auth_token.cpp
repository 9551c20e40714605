// auth_token.cpp — see auth_token.hpp.
#include "crypto/lighter/auth_token.hpp"

#include <array>

#include "crypto/lighter/buffer_writer.hpp"
#include "crypto/lighter/poseidon2.hpp"

namespace xtb::crypto::lighter {
namespace {

constexpr std::size_t kMaxMessage = 64;  // "<19 digits>:<19 digits>:<3 digits>" fits

int nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Fp5 hash_message_bytes(std::string_view message) noexcept {
  std::array<Fp, kMaxMessage / 8 + 1> elems{};
  const std::size_t n = message.size() < kMaxMessage ? message.size() : kMaxMessage;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t byte = static_cast<unsigned char>(message[i]);
    elems[i / 8] = Fp(elems[i / 8].raw() | byte << (8 * (i % 8)));
  }
  return poseidon2::hash_to_quintic(std::span<const Fp>(elems.data(), (n + 7) / 8));
}

std::size_t write_auth_token(std::span<char> out, const PrivateKey& key, std::int64_t deadline_unix_s,
                             std::int64_t account_index, std::uint8_t api_key_index,
                             std::span<const std::uint8_t> aux) noexcept {
  BufferWriter w(out);
  w.integer(deadline_unix_s).text(":").integer(account_index).text(":").integer(static_cast<unsigned>(api_key_index));
  if (!w.ok() || w.size() > kMaxMessage) return 0;
  const Signature sig = key.sign(hash_message_bytes(w.view()), aux);
  w.text(":").hex(sig.bytes());
  return w.ok() ? w.size() : 0;
}

bool verify_auth_token(std::string_view token, const Fp5& pk) noexcept {
  const std::size_t colon = token.rfind(':');
  if (colon == std::string_view::npos || token.size() - colon - 1 != 2 * Signature::kBytes) return false;
  const std::string_view message = token.substr(0, colon);
  if (message.size() > kMaxMessage) return false;
  std::array<std::uint8_t, Signature::kBytes> raw;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const int hi = nibble(token[colon + 1 + 2 * i]), lo = nibble(token[colon + 2 + 2 * i]);
    if (hi < 0 || lo < 0) return false;
    raw[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  Signature sig;
  if (!Signature::from_bytes(raw, sig)) return false;
  return schnorr_verify(pk, hash_message_bytes(message), sig);
}

}  // namespace xtb::crypto::lighter
