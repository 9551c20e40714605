// offline.hpp — Binance USD-M for replays and backtests (OfflineVenue, venue/offline_venue.hpp):
// its decoder, the in-process simulated egress that answers in its REST / user-stream
// protocol, the capture feed, exchangeInfo as the instrument list, and the face's state dump.
// Cold path; see venue/offline_venue.hpp for the contract.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "venue/binance/command_costs.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/sim/capture_feed.hpp"
#include "venue/binance/sim/sim_egress_stage.hpp"
#include "venue/binance/sim/state_dump.hpp"
#include "venue/binance/venue_id.hpp"
#include "venue/offline_venue.hpp"

namespace xtb::binance {

struct Offline {
  static constexpr Venue kVenue = kVenueId;
  static constexpr std::string_view kName = kVenueName;
  using Decoder = binance::Decoder;
  using SimEgress = SimEgressStage;
  using CaptureFeed = sim::binance_usdm::CaptureFeed;

  /// exchangeInfo JSON → `table`; "" or the loader's error.
  static std::string load_symbols(std::string_view exchange_info, SymbolTable& table) {
    const ExchangeInfoResult r = load_exchange_info(exchange_info, table);
    return r.ok() ? std::string{} : r.error;
  }
  static std::unique_ptr<Decoder> make_decoder(const SymbolTable& table, std::size_t max_frame_bytes) {
    return std::make_unique<Decoder>(table, max_frame_bytes);
  }
  static std::string state_json(const sim::SimExchange& x) { return sim::binance_usdm::dump_state_json(x); }
  static engine::CommandCosts command_costs() noexcept { return usdm_command_costs(); }
};
static_assert(OfflineVenue<Offline>);

}  // namespace xtb::binance
