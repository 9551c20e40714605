// decode_account.hpp — Backpack orders and positions → Events (internal to the decoder).
//
// WS account.orderUpdate[.<symbol>] (https://docs.backpack.exchange/#tag/Streams/Private;
// bpx-api-client @dc5d8b1c types/src/order.rs; shared/venue-docs/backpack/change_log.md):
//   e  orderAccepted | orderFill | orderCancelled | orderExpired | orderModified |
//      triggerPlaced | triggerFailed        → ExecType New/Trade/Canceled/Expired/Amendment/New/Expired
//   i order id (decimal string), c clientId (u32, optional), X status, S Bid|Ask,
//   o LIMIT|MARKET, f GTC|IOC|FOK, r reduceOnly, p price, P trigger price, q quantity,
//   z executed quantity, l/L last fill qty/price, n/N fee/fee symbol, t trade id, m maker,
//   T engine time (µs)                      → one OrderUpdate
// Status X → OrderStatus: New→Open, PartiallyFilled, Filled, Cancelled→Canceled, Expired,
//   TriggerPending/Triggered→Open (+kOrderFlagTrigger); anything else UnknownEnum.
// REST order rows (POST/GET/DELETE /api/v1/order, GET/DELETE /api/v1/orders;
// private/get_open_orders.md): id, clientId, status, side, orderType Limit|Market,
// timeInForce, postOnly, reduceOnly, price, quantity, executedQuantity, triggerPrice.
// WS account.positionUpdate: e positionOpened|positionAdjusted|positionClosed, s, q net
//   quantity (signed), B entry price, b break-even price, P unrealized PnL → AccountUpdate
//   with one position (side Both: one-way net positions). REST GET /api/v1/position rows
//   (private/get_open_positions.md): symbol, netQuantity, entryPrice, breakEvenPrice,
//   pnlUnrealized → AccountUpdate chunks of ≤ 3 positions (reason RestPositions).
// Client ids: ClientIdMap::from_venue; an absent or foreign clientId sets kOrderFlagForeignId.
#pragma once
#include "venue/backpack/decode_fields.hpp"

namespace xtb::backpack::detail {

DecodeStatus decode_order_update(const FieldMap& fm, std::string_view event, Ctx& c) noexcept;
DecodeStatus decode_position_update(const FieldMap& fm, std::string_view event, Ctx& c) noexcept;

/// One REST order object → an OrderUpdate (kOrderFlagRestRow), its symbol in `sym`.
DecodeStatus decode_order_row(const FieldMap& fm, Ctx& c, SymbolId& sym) noexcept;
/// One REST position object → `pos` (false symbol: UnknownSymbol).
DecodeStatus decode_position_row(const FieldMap& fm, Ctx& c, AccountUpdate::Position& pos) noexcept;

/// Backpack's order status word → engine status; false when unknown.
bool map_order_status(std::string_view x, OrderStatus& out, bool& trigger) noexcept;

}  // namespace xtb::backpack::detail
