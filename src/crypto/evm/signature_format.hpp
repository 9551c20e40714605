// signature_format.hpp — the wire forms of an ECDSA Signature (ecdsa.hpp).
//
// Shapes: Rsv65 = r (32 B) ‖ s (32 B) ‖ v (1 B); hex text = "0x" + 130 lower-case digits
// (132 chars). VStyle::Legacy27 writes v = 27 + recid (Ethereum personal/typed-data
// signatures: eth_account, ethers, GRVT "v": 27|28, Polymarket); VStyle::Raw01 writes
// v = recid (0/1: the "yParity" form). Parsing accepts v in {0, 1, 27, 28}.
// Errors: the parsers return false for a bad length, bad hex or another v.
// Threads: pure, any thread. Hot path: to_rsv and write_rsv_hex are allocation-free;
// rsv_hex allocates (cold convenience).
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "crypto/evm/ecdsa.hpp"

namespace xtb::crypto::evm {

enum class VStyle : std::uint8_t { Legacy27, Raw01 };

using Rsv65 = std::array<std::uint8_t, 65>;
inline constexpr std::size_t kRsvHexChars = 2 + 2 * 65;

constexpr std::uint8_t v_byte(const Signature& sig, VStyle style) noexcept {
  return static_cast<std::uint8_t>(style == VStyle::Legacy27 ? 27 + sig.recid : sig.recid);
}

Rsv65 to_rsv(const Signature& sig, VStyle style) noexcept;
/// "0x" + hex of to_rsv(sig, style), written to out (no terminator).
void write_rsv_hex(const Signature& sig, VStyle style, std::span<char, kRsvHexChars> out) noexcept;
std::string rsv_hex(const Signature& sig, VStyle style);

bool parse_rsv(std::span<const std::uint8_t, 65> rsv, Signature& out) noexcept;
bool parse_rsv_hex(std::string_view hex, Signature& out) noexcept;

}  // namespace xtb::crypto::evm
