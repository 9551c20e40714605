// evm_test_util.hpp — helpers for the EVM signing kit tests: vector files of
// ../shared/data (XTB_DATA_DIR) through simdjson's DOM, JSON → eip712::Value, hex.
// A missing or unreadable file throws (the test fails: no vacuous pass).
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/evm/bytes.hpp"
#include "crypto/evm/eip712_value.hpp"
#include "crypto/evm/secp256k1_context.hpp"

namespace xtb::crypto::evm::test {

/// The tests' one secp256k1 context (created on first use).
const Secp256k1& ctx();

/// Parses XTB_DATA_DIR/<relative>; the parser must outlive the element. Integer literals
/// wider than 64 bits (GRVT's decimal r and s) are read as strings.
simdjson::dom::element load_data(simdjson::dom::parser& parser, const std::string& relative);

/// A JSON scalar as abi_word value text: strings as they are, integers in decimal, bools.
std::string scalar_text(simdjson::dom::element e);
/// A JSON value as a Value tree (objects → structs, arrays → arrays, scalars → text).
eip712::Value to_value(simdjson::dom::element e);
/// A string member, or "" when absent.
std::string str(simdjson::dom::element obj, std::string_view key);

Bytes32 b32(std::string_view hex);
/// Lower-case hex without prefix.
std::string hex(std::span<const std::uint8_t> bytes);

/// Decimal text × 10^places, truncated (GRVT's fixed-point rule); throws on bad text.
std::uint64_t scale_decimal(std::string_view text, int places);

}  // namespace xtb::crypto::evm::test
