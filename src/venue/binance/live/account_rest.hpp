// account_rest.hpp — Binance USD-M's cold start-up reads for a live run, each one blocking
// REST call on the main thread before the stage threads exist: credentials, server time,
// exchangeInfo, the signed positionRisk read (liquidation prices), and the plan of
// connection ids the live stages use. Everything here may allocate and throws
// std::runtime_error with the venue's answer in the message.
// Sources: https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api
// (Check-Server-Time, Exchange-Information) and .../trade/rest-api/Position-Information-V2.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/conn_role.hpp"
#include "market/symbol_table.hpp"
#include "net/client/live_endpoint.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/signer_credentials.hpp"
#include "venue/live_venue.hpp"

namespace xtb::binance {

/// RawFrame conn_id plan of a live run (the sequencer's role table is indexed by it, < 64).
struct LiveTags {
  static constexpr std::uint16_t kFirstMarket = 1;   ///< market feeds 1..n_market
  static constexpr std::uint16_t kUser = 20;         ///< user-data stream
  static constexpr std::uint16_t kFirstOrder = 30;   ///< order connections 30..30+n-1
  static constexpr std::uint16_t kReconcile = 40;    ///< answers to QueryOpenOrders / QueryPositions
  static constexpr std::uint16_t kLocal = 41;        ///< local refusals of order commands
};

/// Roles for `n_market` market feeds and `n_order` order connections. Throws when a tag
/// would not fit the table.
ConnRoles live_roles(std::size_t n_market, std::size_t n_order);

/// API key + secret from XTB_API_KEY / XTB_API_SECRET, else BINANCE_API_KEY /
/// BINANCE_API_SECRET (seed 002's names); when all are unset and both endpoints are
/// loopback, the docs' example pair (xtb-sim's default) with a note in `note`. Throws when
/// they are missing against a non-loopback venue or malformed. Never logs the secret.
Credentials load_run_credentials(const VenueConfig& v, std::string& note);

/// Offset (venue ms − local wall ms) from GET /fapi/v1/time, midpoint of the round trip.
std::int64_t fetch_time_offset_ms(const live::LiveEndpoint& rest);

/// GET /fapi/v1/exchangeInfo → `symbols`. Returns the number of symbols loaded.
std::size_t fetch_exchange_info(const live::LiveEndpoint& rest, SymbolTable& symbols);

/// Signed GET /fapi/v2/positionRisk?symbol=S for each symbol; parsed with simdjson (cold).
/// A symbol the venue refuses with -1121 (not listed) gives an empty PositionRisk.
/// Throws on transport errors, another non-200 answer or an unparsable body.
std::vector<PositionRisk> fetch_position_risk(const live::LiveEndpoint& rest, const Credentials& cred,
                                              const HmacSha256Signer& signer, std::int64_t offset_ms,
                                              const SymbolTable& symbols, const std::vector<SymbolId>& tracked);

/// Parses one positionRisk body (array of rows) for `symbol`. Throws on malformed JSON.
PositionRisk parse_position_risk(std::string_view body, const SymbolTable& symbols, SymbolId symbol);

}  // namespace xtb::binance
