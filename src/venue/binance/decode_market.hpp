// decode_market.hpp — Binance USD-M market-stream payload decoders (internal; the public
// entry point is decode_frame.hpp). Each takes the payload object (already unwrapped from
// a combined-stream `{"stream":..,"data":..}`) and writes events through the Ctx.
//
// Sources (Binance USD-M "WebSocket Market Streams"):
//   <symbol>@bookTicker      {"e":"bookTicker","u","E","T","s","b","B","a","A"}
//   <symbol>@aggTrade        {"e":"aggTrade","E","a","s","p","q","f","l","T","m"}
//   <symbol>@trade           {"e":"trade","E","T","s","t","p","q","X","m"}
//   <symbol>@markPrice[@1s]  {"e":"markPriceUpdate","E","s","p","i","P","r","T"}
//   <symbol>@depth[@ms]      {"e":"depthUpdate","E","T","s","U","u","pu","b":[[p,q]..],"a":[..]}
//   <symbol>@forceOrder      {"e":"forceOrder","E","o":{"s","S","o","f","q","p","ap","X","l","z","T"}}
// and REST GET /fapi/v1/depth {"lastUpdateId","E","T","bids":[[p,q]..],"asks":[..]}
// (endpoints/public/get_fapi_v1_depth.md).
//
// Units: prices → ticks (Exact; mark/index/settle/average prices → Nearest), quantities
// → steps (Exact), funding rate → Amount (1e-8). A depth level whose price is off the
// tick grid (a resting order from before a tick-size change; seen in real snapshots) is
// skipped and counted in DecodeStats::skipped_off_grid_levels; an off-grid quantity or
// trade/bookTicker price fails the frame (BadDecimal).
// When a combined-stream name chose the decoder, "e" is checked against it (Ctx).
// Threads: decode thread. No allocation.
//
// bookTicker, trade/aggTrade and depthUpdate also take a RawObject (decode_raw.hpp): the
// same decoder over the frame's raw bytes, used by decode_frame's fast path. They touch
// no counter when they succeed, which is what lets that path fall back to On-Demand at
// any point (any non-Ok result from a RawObject overload means "decode it again with
// simdjson", never a verdict).
#pragma once
#include "venue/binance/decode_fields.hpp"
#include "venue/binance/decode_raw.hpp"

namespace xtb::binance::detail {

DecodeStatus decode_book_ticker(od::object& o, Ctx& c) noexcept;
DecodeStatus decode_book_ticker(RawObject& o, Ctx& c) noexcept;
/// `aggregated` selects aggTrade (a/f/l ids) versus raw trade (t).
DecodeStatus decode_trade(od::object& o, Ctx& c, bool aggregated) noexcept;
DecodeStatus decode_trade(RawObject& o, Ctx& c, bool aggregated) noexcept;
DecodeStatus decode_mark_price(od::object& o, Ctx& c) noexcept;
/// One or more DepthUpdate chunks (DepthUpdate::kMaxLevels levels each, bids first).
DecodeStatus decode_depth_update(od::object& o, Ctx& c) noexcept;
DecodeStatus decode_depth_update(RawObject& o, Ctx& c) noexcept;
DecodeStatus decode_force_order(od::object& o, Ctx& c) noexcept;
/// REST depth snapshot of `symbol` (the body does not name it): DepthUpdate chunks with
/// DepthUpdate::kSnapshot, first_update_id = final_update_id = lastUpdateId, prev 0.
DecodeStatus decode_depth_snapshot(od::object& o, Ctx& c, SymbolId symbol) noexcept;

}  // namespace xtb::binance::detail
