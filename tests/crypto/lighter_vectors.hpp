// lighter_vectors.hpp — test helpers: load the Lighter signing vectors of
// ../shared/data/lighter (XTB_DATA_DIR) with simdjson's DOM and convert hex / limbs.
#pragma once
#include <simdjson.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/lighter/fp.hpp"
#include "crypto/lighter/fp5.hpp"
#include "crypto/lighter/scalar.hpp"

namespace xtb::crypto::lighter::test {

/// Parses XTB_DATA_DIR/lighter/<relative>; the parser must outlive the element.
simdjson::dom::element load_vectors(simdjson::dom::parser& parser, const std::string& relative);

std::vector<std::uint8_t> unhex(std::string_view hex);
std::string to_hex(const std::uint8_t* data, std::size_t n);

/// 8 little-endian bytes in hex -> Fp.
Fp fp_from_hex(std::string_view hex);
std::string fp_to_hex(Fp x);
/// 40 little-endian bytes in hex -> Fp5 (coefficients taken as they are).
Fp5 fp5_from_hex(std::string_view hex);
std::string fp5_to_hex(const Fp5& x);
std::array<std::uint8_t, 40> bytes40(std::string_view hex);
Scalar scalar_from_hex(std::string_view hex);
std::string scalar_to_hex(const Scalar& s);

/// A JSON array of unsigned integers as limbs.
std::vector<std::uint64_t> u64_array(simdjson::dom::element arr);
Fp5 fp5_from_limbs(simdjson::dom::element arr);

}  // namespace xtb::crypto::lighter::test
