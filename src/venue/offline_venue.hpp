// offline_venue.hpp — what `xtb replay`, `xtb backtest` and `xtb sim-account` ask of a
// venue, as one traits type per venue (static dispatch: the replay and backtest pipelines
// are templates instantiated per venue; venue/offline_venues.hpp picks one by name).
//
//   V::kVenue, V::kName            id and name (core/types.hpp Venue, `binance_usdm`)
//   V::Decoder                     the venue's decoder (pipeline/decode/venue_decoder.hpp)
//   V::SimEgress                   the backtest's simulated egress: OrderCommands applied to
//                                  the in-process exchange (sim/core), answered in the venue's
//                                  protocol; built from SimEgressRings / SimEgressOptions
//                                  (sim/core/sim_egress_types.hpp)
//   V::CaptureFeed                 a capture (sim/capture.hpp) as decoded events, one record
//                                  at a time: next(events, n, now_ms), position()
//   V::load_symbols(text, table)   the venue's instrument list (its REST answer, as recorded)
//                                  into `table`; "" or the error
//   V::make_decoder(table, bytes)  a decoder for frames up to `bytes`
//   V::state_json(exchange)        the simulated venue's state as the venue's face dumps it
//   V::command_costs()             what each command costs against its rate limits
// Threads: cold path (start-up and reports). Errors: load_symbols returns them.
#pragma once
#include <concepts>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "engine/risk.hpp"
#include "market/symbol_table.hpp"
#include "pipeline/decode/venue_decoder.hpp"
#include "sim/core/exchange.hpp"

namespace xtb {

template <class V>
concept OfflineVenue = requires(std::string_view text, SymbolTable& table, const SymbolTable& ctable,
                                const sim::SimExchange& x) {
  { V::kVenue } -> std::convertible_to<Venue>;
  { V::kName } -> std::convertible_to<std::string_view>;
  requires VenueDecoder<typename V::Decoder>;
  typename V::SimEgress;
  typename V::CaptureFeed;
  { V::load_symbols(text, table) } -> std::same_as<std::string>;
  { V::make_decoder(ctable, std::size_t{}) } -> std::same_as<std::unique_ptr<typename V::Decoder>>;
  { V::state_json(x) } -> std::same_as<std::string>;
  { V::command_costs() } -> std::same_as<engine::CommandCosts>;
};

}  // namespace xtb
