// run_setup.hpp — cold start-up steps of `xtb run` (docs/run.md, docs/live-pipeline.md
// "Start-up order"), each one blocking call on the main thread before the stage threads
// exist: credentials, server time, exchangeInfo, the signed positionRisk read that gives
// the closer its liquidation prices, and the connection-role table of the sequencer.
// Everything here may allocate and throws std::runtime_error with a readable message.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/live/live_endpoint.hpp"
#include "app/run/run_config.hpp"
#include "app/sequencer_stage.hpp"
#include "market/symbol_table.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/signer_credentials.hpp"

namespace xtb::run {

/// RawFrame conn_id plan of a live run (SequencerConfig::roles is indexed by it, < 64).
struct LiveTags {
  static constexpr std::uint16_t kFirstMarket = 1;   ///< market feeds 1..n_market
  static constexpr std::uint16_t kUser = 20;         ///< user-data stream
  static constexpr std::uint16_t kFirstOrder = 30;   ///< order connections 30..30+n-1
  static constexpr std::uint16_t kReconcile = 40;    ///< answers to QueryOpenOrders / QueryPositions
  static constexpr std::uint16_t kLocal = 41;        ///< local refusals of order commands
};

/// Roles for `n_market` market feeds and `n_order` order connections. Throws when a tag
/// would not fit the table.
std::array<ConnRole, SequencerConfig::kMaxConns> live_roles(std::size_t n_market, std::size_t n_order);

/// API key + secret from XTB_API_KEY / XTB_API_SECRET; when both are unset and both
/// endpoints are loopback, the docs' example pair (xtb-sim's default) with a note in
/// `note`. Throws when they are missing against a non-loopback venue or malformed.
binance::Credentials load_run_credentials(const VenueConfig& v, std::string& note);

/// Offset (venue ms − local wall ms) from GET /fapi/v1/time, midpoint of the round trip.
std::int64_t fetch_time_offset_ms(const live::LiveEndpoint& rest);

/// GET /fapi/v1/exchangeInfo → `symbols`. Returns the number of symbols loaded.
std::size_t fetch_exchange_info(const live::LiveEndpoint& rest, SymbolTable& symbols);

/// One hedge side's venue facts at start-up (signed GET /fapi/v2/positionRisk).
struct SideRisk {
  Qty amount = 0;        ///< signed steps (SHORT negative)
  Price liq_px = 0;      ///< ticks (nearest), 0 = none / unreachable
  std::int32_t leverage = 1;
  bool isolated = false;
  bool found = false;
};
struct PositionRisk {
  SideRisk long_side, short_side;
};

/// Signed GET /fapi/v2/positionRisk?symbol=S for each symbol; parsed with simdjson (cold).
/// Throws on transport errors, a non-200 answer or an unparsable body.
std::vector<PositionRisk> fetch_position_risk(const live::LiveEndpoint& rest, const binance::Credentials& cred,
                                              const binance::HmacSha256Signer& signer, std::int64_t offset_ms,
                                              const SymbolTable& symbols, const std::vector<SymbolId>& tracked);

/// Parses one positionRisk body (array of rows) for `symbol`. Throws on malformed JSON.
PositionRisk parse_position_risk(std::string_view body, const SymbolTable& symbols, SymbolId symbol);

/// closer.set_position_risk for both sides of `symbol` (before trading).
void apply_position_risk(SequencerStage& seq, SymbolId symbol, const PositionRisk& r);

}  // namespace xtb::run
