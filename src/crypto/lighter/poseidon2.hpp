// poseidon2.hpp — the Poseidon2 permutation over Goldilocks (t = 12) and the sponge modes
// Lighter hashes with.
//
// Contract: State is 12 Fp lanes. permute() applies: external layer, 4 full rounds, 22
// partial rounds, 4 full rounds (round = add constants, x^7 S-box, linear layer). The sponge
// ("no pad", overwrite mode) absorbs the input 8 elements at a time by OVERWRITING lanes
// 0..7 (a short last chunk overwrites only its own lanes) and permutes after each chunk;
// it squeezes lanes 0..7, permuting between blocks of 8. An empty input is not permuted.
// hash_to_quintic = the first 5 squeezed elements as an Fp5. With AVX2 (the haswell
// baseline) the S-boxes of the full rounds run four lanes per instruction (vpmuludq-based
// Goldilocks product); the scalar path is used otherwise, with identical results. All
// functions are constant time in the data, noexcept, allocation-free and callable from
// any thread.
// Reference: elliottech/poseidon_crypto hash/poseidon2_goldilocks_plonky2/poseidon2.go
// (HashNToMNoPad, HashToQuinticExtension, HashNToHashNoPad, HashTwoToOne, HashNToOne);
// Poseidon2 paper: Grassi, Khovratovich, Schofnegger, https://eprint.iacr.org/2023/323.
#pragma once
#include <array>
#include <span>

#include "crypto/lighter/fp.hpp"
#include "crypto/lighter/fp5.hpp"
#include "crypto/lighter/poseidon2_constants.hpp"

namespace xtb::crypto::lighter::poseidon2 {

using State = std::array<Fp, kWidth>;
/// A 4-element digest (plonky2's HashOut).
using HashOut = std::array<Fp, 4>;

/// The Poseidon2 permutation, in place.
void permute(State& state) noexcept;

/// Absorbs `in` into `state` (overwrite mode, permuting after each chunk of <= 8).
void absorb(State& state, std::span<const Fp> in) noexcept;
/// Squeezes out.size() elements from an absorbed state (permuting between blocks of 8).
void squeeze(State& state, std::span<Fp> out) noexcept;

/// HashNToMNoPad: a fresh zero state, absorb(in), squeeze(out).
void hash_n_to_m_no_pad(std::span<const Fp> in, std::span<Fp> out) noexcept;
/// HashToQuinticExtension: the first five outputs as c0..c4.
Fp5 hash_to_quintic(std::span<const Fp> in) noexcept;
/// HashNToHashNoPad: the first four outputs.
HashOut hash_no_pad(std::span<const Fp> in) noexcept;
/// HashTwoToOne: hash_no_pad(a || b).
HashOut hash_two_to_one(const HashOut& a, const HashOut& b) noexcept;
/// HashNToOne: in[0] if one input, else the left fold of hash_two_to_one. in must be non-empty.
HashOut hash_n_to_one(std::span<const HashOut> in) noexcept;

}  // namespace xtb::crypto::lighter::poseidon2
