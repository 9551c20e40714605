// decode_rest.cpp — Decoder::decode_response (decoder.hpp): REST answers of the order,
// position and depth endpoints, and error bodies (errors.hpp).
#include "core/command.hpp"
#include "venue/backpack/decode_account.hpp"
#include "venue/backpack/decode_market.hpp"
#include "venue/backpack/decoder.hpp"
#include "venue/backpack/errors.hpp"

namespace xtb::backpack {
namespace od = simdjson::ondemand;
using detail::Ctx;
using detail::FieldMap;
using detail::JsonKind;
using detail::Scalar;

namespace {

bool about_existing_order(std::uint8_t command) noexcept {
  const auto k = static_cast<CommandKind>(command);
  return k == CommandKind::CancelOrder || k == CommandKind::CancelAll || k == CommandKind::QueryOrder;
}

Event* ack(Ctx& c, const ResponseMeta& meta, OrderStatus status, BackpackError code) noexcept {
  Event* e = c.next(EventType::OrderAck, meta.symbol, 0);
  if (e == nullptr) return nullptr;
  OrderAck& a = e->order_ack;
  a.client_id = meta.client_id;
  a.status = status;
  a.request_kind = meta.command;
  a.http_status = meta.http_status;
  a.error_code = static_cast<std::int32_t>(code);
  a.retry_after_s = meta.retry_after_s;
  a.generation = meta.generation;
  return e;
}

// Order execute / cancel answer: the order object → OrderAck with its status and fill.
DecodeStatus order_ack(const FieldMap& fm, const ResponseMeta& meta, Ctx& c) noexcept {
  std::string_view x;
  XTB_BP_TRY(detail::text_of(fm.get("status"), x));
  OrderStatus status;
  bool trigger = false;
  if (!detail::map_order_status(x, status, trigger)) return DecodeStatus::UnknownEnum;
  std::uint64_t id = 0;
  XTB_BP_TRY(detail::u64_of(fm.get("id"), id));
  const Scalar s = fm.get("symbol");
  const SymbolId sym = detail::find_symbol(c, s);
  if (sym == kNoSymbol) return s.present() ? DecodeStatus::UnknownSymbol : DecodeStatus::MissingField;
  Qty cum = 0;
  XTB_BP_TRY(detail::dec_of(c, fm.get("executedQuantity"), c.symbols.rules(sym).qty, Rounding::Exact, cum, false));
  Event* e = ack(c, meta, status, BackpackError::None);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->h.symbol = sym;
  e->order_ack.venue_order_id = id;
  e->order_ack.cum_qty = cum;
  return DecodeStatus::Ok;
}

// Emits `acc` as one AccountUpdate chunk and empties it.
DecodeStatus emit_account(Ctx& c, AccountUpdate& acc, bool& first_chunk, bool last) noexcept {
  Event* e = c.next(EventType::AccountUpdate, kNoSymbol, 0);
  if (e == nullptr) return DecodeStatus::SinkFull;
  e->h.flags = static_cast<std::uint8_t>((first_chunk ? AccountUpdate::kFirstChunk : 0) |
                                         (last ? AccountUpdate::kLastChunk : 0));
  e->account_update = acc;
  acc.n_positions = acc.n_balances = 0;
  first_chunk = false;
  return DecodeStatus::Ok;
}

}  // namespace

// {"USDC":{"available":"120","locked":"0","staked":"0"},..} → balance chunks.
DecodeStatus Decoder::rest_balances(od::document& doc, Ctx& c) noexcept {
  od::object top;
  if (doc.get_object().get(top)) return DecodeStatus::WrongType;
  AccountUpdate acc{};
  acc.reason = static_cast<std::uint8_t>(AccountReason::RestBalances);
  bool first_chunk = true;
  for (auto field : top) {
    std::string_view asset_name;
    od::object o;
    if (field.unescaped_key().get(asset_name) || field.value().get_object().get(o)) return DecodeStatus::WrongType;
    FieldMap fm;
    XTB_BP_TRY(detail::scan_object(o, fm, nullptr));
    const AssetId asset = c.symbols.find_asset(asset_name);
    if (asset == kNoAsset) {
      ++c.skipped_rows;
      continue;
    }
    Amount avail = 0, locked = 0, staked = 0;
    XTB_BP_TRY(detail::dec_of(c, fm.get("available"), kAmountDecimalScale, Rounding::Nearest, avail, true));
    XTB_BP_TRY(detail::dec_of(c, fm.get("locked"), kAmountDecimalScale, Rounding::Nearest, locked, false));
    XTB_BP_TRY(detail::dec_of(c, fm.get("staked"), kAmountDecimalScale, Rounding::Nearest, staked, false));
    if (acc.n_balances == AccountUpdate::kMaxBalances) XTB_BP_TRY(emit_account(c, acc, first_chunk, false));
    AccountUpdate::Balance& b = acc.balances[acc.n_balances++];
    b.asset = asset;
    b.wallet = avail + locked + staked;
    b.cross_wallet = avail;
  }
  return emit_account(c, acc, first_chunk, true);
}

// HTTP >= 400, no answer, or a local refusal → one OrderAck (VenueError).
DecodeStatus Decoder::rest_error(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                 const ResponseMeta& meta, Ctx& c) noexcept {
  BackpackError code = BackpackError::None;
  if (meta.local_refusal != 0) {
    code = local_refusal_error(static_cast<LocalRefusal>(meta.local_refusal));
  } else if (meta.transport_error == 0 && len != 0) {
    od::document doc;
    od::object o;
    FieldMap fm;
    if (start(bytes, len, capacity, doc) == DecodeStatus::Ok && !doc.get_object().get(o) &&
        detail::scan_object(o, fm, nullptr) == DecodeStatus::Ok) {
      if (const Scalar s = fm.get("code"); s.kind == JsonKind::String) code = parse_error_code(s.text);
    }
  }
  const std::uint16_t http = meta.transport_error != 0 ? 0 : meta.http_status;
  const ErrorInfo info = classify_error(code, http, about_existing_order(meta.command));
  return ack(c, meta, info.status, info.code) == nullptr ? DecodeStatus::SinkFull : DecodeStatus::VenueError;
}

// Arrays of order rows (open orders, cancel-all) or positions.
DecodeStatus Decoder::rest_list(od::document& doc, const ResponseMeta& meta, Ctx& c) noexcept {
  od::array arr;
  if (doc.get_array().get(arr)) return DecodeStatus::WrongType;
  const bool positions = static_cast<RestKind>(meta.rest_kind) == RestKind::Positions;
  AccountUpdate acc{};
  acc.reason = static_cast<std::uint8_t>(AccountReason::RestPositions);
  bool first_chunk = true;
  auto flush = [&](bool last) { return emit_account(c, acc, first_chunk, last); };
  for (auto item : arr) {
    od::object o;
    if (item.get_object().get(o)) return DecodeStatus::WrongType;
    FieldMap fm;
    XTB_BP_TRY(detail::scan_object(o, fm, nullptr));
    DecodeStatus st;
    if (positions) {
      if (acc.n_positions == AccountUpdate::kMaxPositions) XTB_BP_TRY(flush(false));
      st = detail::decode_position_row(fm, c, acc.positions[acc.n_positions]);
      if (st == DecodeStatus::Ok) ++acc.n_positions;
    } else {
      SymbolId sym;
      st = detail::decode_order_row(fm, c, sym);
    }
    if (st == DecodeStatus::UnknownSymbol) ++c.skipped_rows;  // other markets: the list goes on
    else if (st != DecodeStatus::Ok) return st;
  }
  return positions ? flush(true) : DecodeStatus::Ok;
}

DecodeStatus Decoder::rest_ok(od::document& doc, const ResponseMeta& meta, Ctx& c, MsgKind& kind) noexcept {
  const auto rk = static_cast<RestKind>(meta.rest_kind);
  switch (rk) {
    case RestKind::OpenOrders: {
      kind = MsgKind::RestOrderList;
      XTB_BP_TRY(rest_list(doc, meta, c));
      // End-of-list marker (an empty list has no rows): the reconciliation counts it
      // (pipeline/sequencer/reconcile_session.hpp; Backpack lists every open order in one answer).
      return ack(c, meta, OrderStatus::Open, BackpackError::None) == nullptr ? DecodeStatus::SinkFull : DecodeStatus::Ok;
    }
    case RestKind::Positions: kind = MsgKind::RestPositions; return rest_list(doc, meta, c);
    case RestKind::Balances: kind = MsgKind::RestBalances; return rest_balances(doc, c);
    case RestKind::CancelAll:
      kind = MsgKind::RestOrderList;
      if (ack(c, meta, OrderStatus::Canceled, BackpackError::None) == nullptr) return DecodeStatus::SinkFull;
      return rest_list(doc, meta, c);
    case RestKind::OrderExecute: case RestKind::OrderCancel: case RestKind::OrderQuery: case RestKind::DepthSnapshot:
      break;
    default: return DecodeStatus::Unsupported;
  }
  od::object o;
  if (doc.get_object().get(o)) return DecodeStatus::WrongType;
  FieldMap fm;
  detail::LevelScratch lv = scratch();
  XTB_BP_TRY(detail::scan_object(o, fm, rk == RestKind::DepthSnapshot ? &lv : nullptr));
  if (rk == RestKind::DepthSnapshot)
    return kind = MsgKind::DepthSnapshot, detail::decode_depth_snapshot(fm, lv, meta.symbol, c);
  kind = MsgKind::RestOrder;
  if (rk == RestKind::OrderQuery) {
    SymbolId sym;
    return detail::decode_order_row(fm, c, sym);
  }
  return order_ack(fm, meta, c);
}

DecodeResult Decoder::decode_response(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                      const ResponseMeta& meta, EventSink& sink, TscTicks rx_tsc,
                                      std::uint16_t conn_id) noexcept {
  Ctx c{sink, symbols_, ids_, rx_tsc, conn_id};
  if (meta.local_refusal != 0 || meta.transport_error != 0 || meta.http_status == 0 || meta.http_status >= 400)
    return finish(rest_error(bytes, len, capacity, meta, c), MsgKind::RestError, c, len);
  MsgKind kind = MsgKind::None;
  od::document doc;
  DecodeStatus st = start(bytes, len, capacity, doc);
  if (st == DecodeStatus::Ok) st = rest_ok(doc, meta, c, kind);
  return finish(st, kind, c, len);
}

}  // namespace xtb::backpack
