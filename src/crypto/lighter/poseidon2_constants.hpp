// poseidon2_constants.hpp — Poseidon2-Goldilocks parameters used by Lighter: width 12,
// rate 8, S-box x^7, 8 full rounds (4 before, 4 after) and 22 partial rounds.
// Source: elliottech/poseidon_crypto @315971c5 hash/poseidon2_goldilocks_plonky2/config.go
// (https://github.com/elliottech/poseidon_crypto). Read-only data; any thread.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace xtb::crypto::lighter::poseidon2 {

inline constexpr std::size_t kWidth = 12;
inline constexpr std::size_t kRate = 8;
inline constexpr std::size_t kRoundsF = 8;
inline constexpr std::size_t kRoundsFHalf = 4;
inline constexpr std::size_t kRoundsP = 22;

/// Round constants added to all 12 lanes in each full round.
extern const std::array<std::array<std::uint64_t, kWidth>, kRoundsF> kExternalConstants;
/// Round constants added to lane 0 in each partial round.
extern const std::array<std::uint64_t, kRoundsP> kInternalConstants;
/// The internal matrix is 1 + diag(kMatrixDiag) (every lane gets the lane sum plus d_i x_i).
extern const std::array<std::uint64_t, kWidth> kMatrixDiag;

}  // namespace xtb::crypto::lighter::poseidon2
