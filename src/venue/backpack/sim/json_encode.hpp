// json_encode.hpp — the Backpack face's JSON objects, written into a caller's JsonWriter.
//
//   write_order           REST order object (POST/DELETE/GET /api/v1/order, GET/DELETE
//                         /api/v1/orders rows): id, clientId, symbol, side Bid|Ask,
//                         orderType Limit|Market, timeInForce GTC|IOC|FOK, postOnly,
//                         reduceOnly, price, quantity, executedQuantity,
//                         executedQuoteQuantity, status New|PartiallyFilled|Filled|Cancelled|
//                         Expired, selfTradePrevention, createdAt (ms), trigger fields null.
//                         Field set: ccxt@4.5.84 js/src/backpack.js parseOrder examples.
//   write_order_event     account.orderUpdate `data`: e orderAccepted|orderFill|
//                         orderCancelled|orderExpired, E/T µs, s, c, S, o LIMIT|MARKET, f, q,
//                         p, X, i, z, Z, r, O "USER", V; fills add t, l, L, m, n, N.
//                         Source: bpx-api-client types/src/order.rs test literals,
//                         ccxt pro/backpack.js handleOrder.
//   write_position        GET /api/v1/position row (ccxt parsePosition example): symbol,
//                         netQuantity (signed), netExposureQuantity (|q|), netCost (signed),
//                         entryPrice, breakEvenPrice, markPrice, estLiquidationPrice,
//                         pnlUnrealized, pnlRealized, imf, mmf, positionId, ...
//   write_position_event  account.positionUpdate `data`: e positionOpened|positionAdjusted|
//                         positionClosed, E/T µs, s, q (signed), Q (|q|), B entry, b
//                         break-even, M mark, P unrealized, p realized, n notional, i, l.
// Units: prices and sizes on the market's grid; amounts (1e-8 USDC) as decimals; times as
// the venue writes them (REST createdAt ms, stream E/T µs).
// Threads: exchange (server) thread. No allocation.
#pragma once
#include <cstdint>
#include <string_view>

#include "sim/core/exchange.hpp"
#include "sim/core/json_writer.hpp"
#include "sim/core/reports.hpp"

namespace xtb::sim::backpack_sim {

std::string_view status_word(SimStatus s) noexcept;
std::string_view side_word(Side s) noexcept;

void write_order(JsonWriter& w, const SimOrder& o, const SymbolTable& symbols) noexcept;
void write_order_event(JsonWriter& w, const OrderUpdateReport& r, const SymbolTable& symbols,
                       std::string_view fee_asset) noexcept;
void write_position(JsonWriter& w, const SimExchange& x, SymbolId s) noexcept;
/// `event`: positionOpened / positionAdjusted / positionClosed.
void write_position_event(JsonWriter& w, const SimExchange& x, SymbolId s, std::string_view event,
                          EpochMs now_ms) noexcept;

}  // namespace xtb::sim::backpack_sim
