// auth_token.hpp — Lighter's auth token for private REST calls (Authorization header or
// ?auth=) and private WS channels ("auth" field).
//
// token = "<deadline_unix_s>:<account_index>:<api_key_index>:<hex(sig)>" where sig signs
// HashToQuinticExtension(message bytes packed 8 per Goldilocks element, little-endian, the
// last one zero-padded) and message = the first three fields joined by ':'. SDKs keep the
// deadline within 8 hours (nautilus LIGHTER_AUTH_TOKEN_MAX_TTL).
// Contract: write_auth_token writes into the caller's buffer (kAuthTokenMaxBytes suffices)
// and returns the length (0 if too small); verify_auth_token checks the format and the
// signature under an encoded public key. noexcept, allocation-free, any thread.
// Reference: https://github.com/elliottech/lighter-go types/tx_request.go ConstructAuthToken;
// poseidon_crypto field/goldilocks ArrayFromCanonicalLittleEndianBytes.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/lighter/fp5.hpp"
#include "crypto/lighter/private_key.hpp"

namespace xtb::crypto::lighter {

inline constexpr std::size_t kAuthTokenMaxBytes = 64 + 2 * Signature::kBytes;

/// HashToQuintic of a byte string packed 8 bytes per element (little-endian, zero-padded).
Fp5 hash_message_bytes(std::string_view message) noexcept;

std::size_t write_auth_token(std::span<char> out, const PrivateKey& key, std::int64_t deadline_unix_s,
                             std::int64_t account_index, std::uint8_t api_key_index,
                             std::span<const std::uint8_t> aux = {}) noexcept;

/// True when token = "<message>:<160 hex digits>" and the signature verifies under pk.
bool verify_auth_token(std::string_view token, const Fp5& pk) noexcept;

}  // namespace xtb::crypto::lighter
