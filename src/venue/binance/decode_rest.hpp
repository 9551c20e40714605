// decode_rest.hpp — Binance USD-M REST response bodies → events.
//
// A REST body does not say which request it answers, so the caller (egress, which owns
// the order-entry connection) passes a RestContext. Mapping:
//   Order          POST/DELETE/PUT /fapi/v1/order            → OrderAck (accepted or error)
//   BatchOrders    POST/DELETE /fapi/v1/batchOrders (array)  → one OrderAck per row, in order
//   QueryOrder     GET /fapi/v1/order                        → OrderUpdate (kOrderFlagRestRow)
//   OpenOrders     GET /fapi/v1/openOrders (array)           → OrderUpdate per row, then one
//                  OrderAck (status Open, cum_qty = row count) marking the end of the list
//   AlgoOrder      POST/DELETE /fapi/v1/algoOrder            → OrderAck (ids are algo ids)
//   OpenAlgoOrders GET /fapi/v1/openAlgoOrders (array)       → OrderUpdate (kOrderFlagAlgo |
//                  kOrderFlagRestRow) per row, then the end-of-list OrderAck
//   PositionRisk   GET /fapi/v2|v3/positionRisk (array)      → AccountUpdate chunks (positions)
//   Balance        GET /fapi/v2|v3/balance (array)           → AccountUpdate chunks (balances)
//   Account        GET /fapi/v2|v3/account                   → AccountUpdate chunks (both)
//   DepthSnapshot  GET /fapi/v1/depth                        → DepthUpdate chunks (kSnapshot)
// Any body `{"code":<neg>,"msg":..}` (and any HTTP >= 400) → one OrderAck with error_code,
// the mapped status (errors.hpp) and status VenueError in the DecodeResult.
// Sources: ../shared/venue-docs/binance/usdm/endpoints/{public,private}/*.md.
// Threads: decode thread. No allocation.
#pragma once
#include "core/command.hpp"
#include "venue/binance/decode_fields.hpp"

namespace xtb::binance {

enum class RestKind : std::uint8_t {
  Order, BatchOrders, QueryOrder, OpenOrders, AlgoOrder, OpenAlgoOrders,
  PositionRisk, Balance, Account, DepthSnapshot,
};

/// What the response answers, plus transport facts from the HTTP layer.
struct RestContext {
  RestKind kind = RestKind::Order;
  CommandKind command = CommandKind::None;  ///< copied to OrderAck::request_kind
  std::uint16_t http_status = 200;
  std::uint32_t retry_after_s = 0;          ///< Retry-After header (429/418)
  std::uint32_t used_weight_1m = 0;         ///< X-MBX-USED-WEIGHT-1M
  std::uint32_t order_count_10s = 0;        ///< X-MBX-ORDER-COUNT-10S
  std::uint64_t generation = 0;             ///< echoed into OrderAck::generation
  SymbolId symbol = kNoSymbol;              ///< DepthSnapshot (body has no symbol); ack header
  ClientOrderId client_id{};                ///< request's id (error bodies do not echo it)
};

namespace detail {
/// Decodes the parsed body `doc` per `rc`. Internal: called by Decoder::decode_rest.
DecodeStatus decode_rest_body(od::document& doc, const RestContext& rc, Ctx& c) noexcept;
/// One OrderAck for an error answer without a parseable body (empty, HTML, ...).
DecodeStatus emit_transport_error(const RestContext& rc, Ctx& c) noexcept;
/// One OrderAck carrying `code`, as an answer with that error code would (no body read):
/// requests that got no answer and local refusals (Decoder::decode_response).
DecodeStatus emit_code_ack(const RestContext& rc, Ctx& c, std::int32_t code) noexcept;
}  // namespace detail

}  // namespace xtb::binance
