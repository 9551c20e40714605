// decode_market.hpp — Backpack public market messages → Events (internal to the decoder).
//
//   depth       {e:"depth",E,T,U,u,s,a:[[p,q]],b:[[p,q]]} → DepthUpdate chunks: bids first,
//               then asks, ≤ 11 levels each, kFirstChunk/kLastChunk; first_update_id = U,
//               final_update_id = u, prev_final_id = U − 1: Backpack has no `pu`; its
//               continuity rule "U == previous u + 1" (else resync from a REST snapshot)
//               is then BookSync's "pu == previous u" (market/book_sync.hpp) unchanged.
//               Quantity "0" deletes the level.
//               https://docs.backpack.exchange/#tag/Streams/Depth
//   REST depth  {asks,bids,lastUpdateId (string or int),timestamp} → the same chunks with
//               kSnapshot, U = u = lastUpdateId (public/get_depth.md).
//   bookTicker  {e,E,s,a,A,b,B,u,T} → BestBidOffer (update_id u, txn_time_ms T/1000)
//   trade       {e,E,s,p,q,b,a,t,T,m} → Trade (trade_id t; m: buyer is maker)
//   markPrice   {e,E,s,p,f,i,n} → MarkPrice (mark p, index i rounded to the tick, funding
//               rate f ×1e8 rounded, next funding n in ms)
// Times: E and T are microseconds (header venue_time_ms = E / 1000).
// Prices must lie on the symbol's tick grid and quantities on its step grid (BadDecimal
// otherwise) except index/mark reference prices (rounded).
#pragma once
#include "venue/backpack/decode_fields.hpp"

namespace xtb::backpack::detail {

DecodeStatus decode_depth(const FieldMap& fm, const LevelScratch& lv, Ctx& c) noexcept;
DecodeStatus decode_depth_snapshot(const FieldMap& fm, const LevelScratch& lv, SymbolId sym, Ctx& c) noexcept;
DecodeStatus decode_book_ticker(const FieldMap& fm, Ctx& c) noexcept;
DecodeStatus decode_trade(const FieldMap& fm, Ctx& c) noexcept;
DecodeStatus decode_mark_price(const FieldMap& fm, Ctx& c) noexcept;

}  // namespace xtb::backpack::detail
