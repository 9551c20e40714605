// bytes.hpp — the fixed byte shapes of the EVM signing kit and their hex text.
//
// Shapes: Bytes32 (a 256-bit word, big-endian: hashes, r, s, ABI words), Address (20 bytes,
// the last 20 bytes of keccak256 of the 64-byte uncompressed public key), PublicKey (64
// bytes X ‖ Y, big-endian, without the 0x04 prefix).
// Hex: lower-case output; input accepts an optional "0x"/"0X" prefix and either case.
// Errors: parse_hex returns false on odd length, a non-hex digit or a size mismatch; the
// output is then unspecified. Threads: pure functions, any thread; no allocation except
// to_hex_string (cold-path convenience).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace xtb::crypto::evm {

using Bytes32 = std::array<std::uint8_t, 32>;
using Address = std::array<std::uint8_t, 20>;
using PublicKey = std::array<std::uint8_t, 64>;

/// Value of one hex digit, or -1.
constexpr int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Drops a leading "0x"/"0X".
constexpr std::string_view strip_0x(std::string_view s) noexcept {
  return s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? s.substr(2) : s;
}

/// Parses exactly out.size() bytes of hex (optional 0x prefix). False on any defect.
bool parse_hex(std::string_view hex, std::span<std::uint8_t> out) noexcept;

/// Writes 2·in.size() lower-case hex digits to out (no prefix, no terminator); out must
/// hold at least 2·in.size() chars. Allocation-free.
void write_hex(std::span<const std::uint8_t> in, char* out) noexcept;

/// "0x" + lower-case hex (cold path: allocates the string).
std::string to_hex_string(std::span<const std::uint8_t> in);

}  // namespace xtb::crypto::evm
