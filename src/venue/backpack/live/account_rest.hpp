// account_rest.hpp — Backpack's cold start-up reads for a live run, each one blocking REST
// call on the calling (main) thread: the Ed25519 credentials, the clock offset, the
// markets (→ SymbolTable) and the signed positions read (→ PositionRisk).
// Everything here may allocate; failures throw std::runtime_error with the venue's answer
// (never a key, a seed or a signature) in the message.
// Sources: https://docs.backpack.exchange/#section/Authentication (keys),
// https://docs.backpack.exchange/#tag/System/operation/get_time (GET /api/v1/time, the
// server's unix ms as the bare body), https://docs.backpack.exchange/#tag/Markets/operation/get_markets,
// https://docs.backpack.exchange/#tag/Futures/operation/get_positions (GET /api/v1/position,
// instruction positionQuery: an array of {symbol, netQuantity, estLiquidationPrice, ...}).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "market/symbol_table.hpp"
#include "net/client/live_endpoint.hpp"
#include "venue/backpack/signer.hpp"
#include "venue/live_venue.hpp"

namespace xtb::backpack {

/// The default environment variables of a Backpack live run (venue.api_key_env /
/// api_secret_env name others): the API key (base64 Ed25519 public
/// key, optional: derived from the secret when unset, refused when it does not match) and
/// the API secret (base64 32-byte Ed25519 seed).
inline constexpr const char* kApiKeyEnv = "XTB_BACKPACK_API_KEY";
inline constexpr const char* kApiSecretEnv = "XTB_BACKPACK_API_SECRET";
/// The loopback-only default seed: RFC 8032 §7.1 TEST 1's secret key (public test value),
/// used when both variables are unset and both endpoints are loopback (a local simulator).
inline constexpr std::string_view kLoopbackSeedB64 = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

/// Keys `signer` for a run against `v` (one signer per signing thread: call once for each).
/// `lookup` replaces std::getenv (tests). `note` receives a line for the log (which source
/// was used; the redacted public key) — never the secret. Throws std::runtime_error when the
/// secret is missing against a non-loopback venue, malformed, or does not match the key.
void load_signer(const VenueConfig& v, Ed25519Signer& signer, std::string& note, EnvLookup lookup = nullptr);

/// "abcd…wxyz" (first and last 4 characters) of a public key, for logs.
std::string redact_key(std::string_view key);

/// Offset (venue ms − local wall ms) from GET /api/v1/time, midpoint of the round trip.
/// Returns false (offset untouched, `why` set) when the venue gives no usable answer.
bool fetch_time_offset_ms(const live::LiveEndpoint& rest, std::int64_t& offset_ms, std::string& why);
/// The server time of a GET /api/v1/time body (bare integer, optionally quoted / spaced).
bool parse_server_time(std::string_view body, std::int64_t& ms) noexcept;

/// GET /api/v1/markets → `symbols` (perpetuals only). Returns the number loaded.
std::size_t fetch_markets(const live::LiveEndpoint& rest, SymbolTable& symbols);

/// Signed GET /api/v1/position (all positions, one call) → one PositionRisk per `tracked`.
std::vector<PositionRisk> fetch_positions(const live::LiveEndpoint& rest, Ed25519Signer& signer,
                                          std::int64_t offset_ms, const SymbolTable& symbols,
                                          const std::vector<SymbolId>& tracked);

/// Parses a positions body. Backpack positions are net (one-way): netQuantity > 0 fills
/// long_side, < 0 short_side (amount signed, steps), 0 marks long_side found with 0.
/// Liquidation price: estLiquidationPrice on the tick grid (nearest), 0 = none/unreachable.
/// Leverage is not in the answer (account-level leverageLimit): 1; margin mode cross.
/// Throws std::runtime_error on a body that is not a JSON array or a bad quantity.
std::vector<PositionRisk> parse_positions(std::string_view body, const SymbolTable& symbols,
                                          const std::vector<SymbolId>& tracked);

}  // namespace xtb::backpack
