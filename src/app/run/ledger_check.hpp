// ledger_check.hpp — the agreement check of `xtb run` (docs/run.md "Agreement"): the
// engine's final state, written as JSON by the engine itself, against xtb-sim's dump
// (written on SIGTERM: {"ledger":{"fills":[...]},"state":{positions, openOrders,
// openAlgoOrders, ...}}, src/sim/server/sim_server.cpp write_dump).
//
// Engine state JSON (engine_state_json):
//   {"prefix":"xtb-run1-","positions":[{"symbol","positionSide","positionAmt"}],
//    "orders":[{"clientOrderId","symbol","side","positionSide","status","origQty",
//               "executedQty","filledQty","live","algo"}],
//    "fills":N,"shutdownComplete":bool,"recycledOrders":N}
// Quantities are decimal texts as the venue writes them (format_qty), statuses Binance's
// (NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED; engine-only FAILED,
// UNKNOWN, SUBMITTING).
//
// Rules (every difference is listed; decimals are compared exactly, as normalised texts):
//   positions  every (symbol, side) with a non-zero amount on either side: equal amounts;
//   open       every venue open order (regular + algo) is live in the engine, with the
//              same status and executedQty; every live engine order is open on the venue;
//   fills      every engine order of this run's prefix: executedQty == Σ ledger fill qty
//              of its client id; FILLED ⇔ that sum == origQty (regular orders); every
//              client id of the prefix in the ledger is known to the engine (no orphan);
//   counts     ledger rows of the prefix vs the engine's applied fills (reported; a
//              dropped user event recovered by reconciliation makes them differ).
// Thread: cold path. Allocates; throws nothing (malformed JSON is a difference).
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/sequencer/sequencer_stage.hpp"
#include "market/symbol_table.hpp"

namespace xtb::run {

/// The engine's final orders and positions (call after the runner returned); with `only`,
/// those of that venue's instruments (a multi-venue run checks each venue's dump against
/// its part; "fills" stays the run's total, reported, not compared).
std::string engine_state_json(const SequencerStage& seq, const SymbolTable& symbols, const std::string& prefix,
                              Venue only = Venue::None);

struct LedgerCheck {
  bool agree = false;
  std::vector<std::string> differences;
  std::uint64_t positions_compared = 0, open_orders_venue = 0, live_orders_engine = 0;
  std::uint64_t orders_checked = 0, ledger_fills = 0, ledger_fills_prefix = 0, engine_fills = 0;
  std::uint64_t orphans = 0;
};

/// The engine's client order id for an id as the venue (and its simulator's dump) writes it
/// (LiveVenue::engine_client_id: Backpack's numeric clientId → "xtb-run1-…-7").
using VenueIdMap = std::function<std::string(std::string_view)>;

/// Compares two JSON texts (engine_state_json, the xtb-sim dump); `venue_ids` translates
/// the dump's client ids (empty: they are the engine's own).
LedgerCheck check_ledger(const std::string& engine_json, const std::string& sim_dump_json,
                         const VenueIdMap& venue_ids = {});

/// Several venues' checks as one: counts summed, each difference prefixed by its venue's
/// name, agree only when every venue agrees.
LedgerCheck merge_ledger_checks(const std::vector<std::pair<std::string, LedgerCheck>>& by_venue);

/// "ENGINE AND VENUE AGREE (...)" or "ENGINE AND VENUE DISAGREE" + one line per difference.
std::string format_ledger_check(const LedgerCheck& c);

/// "-0.0100" → "-0.01", "0.000" → "0", "12" → "12": exact canonical decimal text.
std::string normalize_decimal(std::string_view s);

}  // namespace xtb::run
