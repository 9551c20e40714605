// capture_reexpress.hpp — a Binance USD-M capture record re-expressed as the Backpack
// message a Backpack perpetual would have sent for the same market event. No long Backpack
// recording exists (issue 17), so xtb-sim --venue backpack replays the real BTCUSDT
// capture (../shared/data/binance-usdm/capture/btcusdt_20240808.gz) this way, for the
// Backpack instrument named by backpack_symbol() ("BTCUSDT" → "BTC_USDC_PERP").
//
// Record kinds and their Backpack shapes (https://docs.backpack.exchange/#tag/Streams;
// real messages in ../shared/data/backpack/: ccxt's pro/backpack.js examples, the
// bpx-api-client test literals):
//   <s>@depth[@Nms] {"e":"depthUpdate","E","T","U","u","pu","b","a"}
//     → {"stream":"depth.<S>","data":{"e":"depth","E":µs,"s":<S>,"a":[[p,q]..],"b":[[p,q]..],
//        "U":pu+1,"u":u,"T":µs}}
//     Backpack's continuity is U == previous u + 1 (no `pu`): U is rebuilt from Binance's
//     `pu` chain, so a gap-free Binance chain is a gap-free Backpack chain with the same `u`.
//   <s>@bookTicker  → {"stream":"bookTicker.<S>","data":{"e":"bookTicker","E":µs,"s","a","A","b","B","u","T":µs}}
//   <s>@trade       → {"stream":"trade.<S>","data":{"e":"trade","E":µs,"s","p","q","t","m","T":µs}}
//     (no maker/taker order ids `a`/`b`: the recording has none)
//   REST depth snapshot {"lastUpdateId","E","T","bids","asks"}
//     → GET /api/v1/depth's body {"asks":[..],"bids":[..],"lastUpdateId":"<id>","timestamp":µs}
//     (asks and bids in ascending price, as the venue lists them).
// Units: times ms → µs (× 1000, Backpack's stream and depth timestamps); prices rounded to
// the nearest tick and sizes to the nearest step of the Backpack market's rules, then
// written with the market's decimals (tick 0.1 / step 0.00001: the recorded values are
// kept exactly). Other streams (aggTrade, markPrice, kline…) have no re-expression.
//
// Threads: cold path (start-up); allocates (simdjson DOM, std::string).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "market/symbol_table.hpp"

namespace xtb::sim::backpack_sim {

enum class RecordKind : std::uint8_t { None, Depth, BookTicker, Trade, Snapshot };

/// Backpack perpetual for a Binance USD-M symbol: "<BASE>USDT" → "<BASE>_USDC_PERP"
/// ("" when the name does not end in USDT).
std::string backpack_symbol(std::string_view binance_symbol);

struct Reexpressed {
  RecordKind kind = RecordKind::None;
  std::string stream;                         ///< "depth.BTC_USDC_PERP" (empty for a snapshot)
  std::string json;                           ///< the whole message ({"stream":..,"data":..} or the REST body)
  std::size_t data_offset = 0, data_len = 0;  ///< the `data` payload inside json (streams)
};

/// Re-expresses one capture record for instrument `sym` of `symbols` (rules: tick, step);
/// kind None when the record has no Backpack form or is of another symbol than
/// `binance_symbol` (upper case). A snapshot record carries no symbol: it is taken as one.
Reexpressed reexpress(std::string_view record, std::string_view binance_symbol, const SymbolTable& symbols,
                      SymbolId sym);

}  // namespace xtb::sim::backpack_sim
