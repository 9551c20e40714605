// decode_rest.cpp — see decode_rest.hpp.
#include "venue/binance/decode_rest.hpp"

#include "venue/binance/decode_enums.hpp"
#include "venue/binance/decode_market.hpp"
#include "venue/binance/decode_rest_rows.hpp"
#include "venue/binance/decode_user.hpp"
#include "venue/binance/errors.hpp"

namespace xtb::binance::detail {
namespace {

// Fills the transport part of an OrderAck from the request context.
Event* emit_ack(const RestContext& rc, Ctx& c, SymbolId symbol) noexcept {
  Event* ev = c.emit(EventType::OrderAck, symbol, 0);
  if (!ev) return nullptr;
  OrderAck& a = ev->order_ack;
  a.client_id = rc.client_id;
  a.request_kind = static_cast<std::uint8_t>(rc.command);
  a.http_status = rc.http_status;
  a.retry_after_s = rc.retry_after_s;
  a.used_weight_1m = rc.used_weight_1m;
  a.order_count_10s = rc.order_count_10s;
  a.generation = rc.generation;
  return ev;
}

DecodeStatus emit_error_ack(const RestContext& rc, Ctx& c, std::int32_t code) noexcept {
  Event* ev = emit_ack(rc, c, rc.symbol);
  if (!ev) return DecodeStatus::SinkFull;
  ev->order_ack.error_code = code;
  ev->order_ack.status = classify_error(code, rc.http_status).status;
  // A query answered -2013 "Order does not exist.": the venue holds no such order (never
  // placed). That is an answer, not a failed query: Failed, which the engine resolves an
  // UNKNOWN order with (OrderStateMachine::on_query_not_found). As Rejected it was taken
  // for "the query itself failed" and the order stayed UNKNOWN forever (issue 6 faults).
  if (rc.command == CommandKind::QueryOrder && code == -2013) ev->order_ack.status = OrderStatus::Failed;
  c.kind = MsgKind::RestError;
  return DecodeStatus::VenueError;
}

// Accepted order (or algo order) → OrderAck.
// Status of an accepted order-entry answer: the body's status (algo or regular); a bare
// {"code":200,"msg":..} (cancel-all, algo cancel) means the request itself succeeded.
DecodeStatus ack_status(const RestContext& rc, const OrderRow& row, Qty qty, Qty cum, OrderStatus& out) noexcept {
  if (row.algo && !row.algo_status.empty()) {
    AlgoStatus as{};
    if (!parse_algo_status(row.algo_status, as)) return DecodeStatus::UnknownEnum;
    std::uint8_t ignored = 0;
    out = algo_order_status(as, qty, cum, ignored);
    return DecodeStatus::Ok;
  }
  if (!row.text.status.empty()) return parse_order_status(row.text.status, out) ? DecodeStatus::Ok : DecodeStatus::UnknownEnum;
  if (!row.has_code) return DecodeStatus::MissingField;
  const bool cancel = rc.command == CommandKind::CancelOrder || rc.command == CommandKind::CancelAll;
  out = cancel ? OrderStatus::Canceled : OrderStatus::Open;
  return DecodeStatus::Ok;
}

// Accepted order (or algo order) → OrderAck. Bodies without a symbol (cancel answers)
// use the request's symbol.
DecodeStatus emit_order_ack(const RestContext& rc, Ctx& c, const OrderRow& row) noexcept {
  const OrderText& t = row.text;
  const SymbolRules* r = t.symbol.empty() ? c.symbols.try_rules(rc.symbol) : c.rules(t.symbol);
  if (!r) return t.symbol.empty() ? DecodeStatus::MissingField : DecodeStatus::UnknownSymbol;
  Qty qty = 0, cum = 0;
  Price avg = 0;
  Conv cv;
  cv.qty(*r, t.qty, qty, true);
  cv.qty(*r, row.algo ? row.algo_executed : t.cum_qty, cum, true);
  cv.ref_price(*r, t.avg_px, avg);
  if (const DecodeStatus s = c.take(cv); s != DecodeStatus::Ok) return s;
  OrderStatus status{};
  if (const DecodeStatus s = ack_status(rc, row, qty, cum, status); s != DecodeStatus::Ok) return s;
  Event* ev = emit_ack(rc, c, r->id);
  if (!ev) return DecodeStatus::SinkFull;
  OrderAck& a = ev->order_ack;
  assign_id(a.client_id, t.client_id);
  a.venue_order_id = t.order_id;
  a.status = status;
  a.cum_qty = cum;
  a.avg_px = avg;
  ev->h.venue_time_ms = t.txn_ms;
  ev->h.flags = row.algo ? kOrderFlagAlgo : 0;
  return DecodeStatus::Ok;
}

// A REST order row → OrderUpdate (query order, open orders, open algo orders).
DecodeStatus emit_order_row(Ctx& c, const OrderRow& row) noexcept {
  OrderUpdate u{};
  const SymbolRules* r = nullptr;
  std::uint8_t flags = kOrderFlagRestRow;
  if (row.algo) {
    if (const DecodeStatus s = convert_algo_row(c, row, u, r); s != DecodeStatus::Ok) return s;
    flags |= kOrderFlagAlgo;
  } else {
    std::uint8_t id_flags = 0;
    if (const DecodeStatus s = convert_order(c, row.text, u, r, id_flags); s != DecodeStatus::Ok) return s;
    flags |= id_flags;
  }
  Event* ev = c.emit(EventType::OrderUpdate, r->id, row.text.txn_ms, flags);
  if (!ev) return DecodeStatus::SinkFull;
  ev->order_update = u;
  return DecodeStatus::Ok;
}

// Object body for an order-entry request: accepted order, or error.
DecodeStatus decode_order_object(od::object& o, const RestContext& rc, Ctx& c, bool as_update) noexcept {
  OrderRow row;
  if (const DecodeStatus s = read_order_row(o, row); s != DecodeStatus::Ok) return s;
  if (row.has_code && (row.code < 0 || rc.http_status >= 400)) return emit_error_ack(rc, c, row.code);
  if (rc.http_status >= 400) return emit_error_ack(rc, c, 0);
  return as_update ? emit_order_row(c, row) : emit_order_ack(rc, c, row);
}

// Array body of order rows: open orders / open algo orders (rows + end marker) or batch
// answers (one ack per row; error rows are acks with their code, client id unknown).
DecodeStatus decode_order_array(od::array& arr, const RestContext& rc, Ctx& c) noexcept {
  const bool batch = rc.kind == RestKind::BatchOrders;
  for (auto ir : arr) {
    od::object o;
    if (auto e = ir.get_object().get(o)) return map_error(e);
    OrderRow row;
    if (const DecodeStatus s = read_order_row(o, row); s != DecodeStatus::Ok) return s;
    DecodeStatus s;
    if (row.has_code && row.code < 0) {
      RestContext row_ctx = rc;
      row_ctx.client_id = ClientOrderId{};
      s = emit_error_ack(row_ctx, c, row.code);
      if (s == DecodeStatus::VenueError) s = DecodeStatus::Ok;  // one bad row, list continues
    } else {
      s = batch ? emit_order_ack(rc, c, row) : emit_order_row(c, row);
    }
    if (s == DecodeStatus::UnknownSymbol && !batch) {
      DecodeStats::bump(c.stats.skipped_unknown_symbol);
      continue;
    }
    if (s != DecodeStatus::Ok) return s;
  }
  if (batch) return DecodeStatus::Ok;
  Event* end = emit_ack(rc, c, rc.symbol);  // end-of-list marker (an empty list has no rows)
  if (!end) return DecodeStatus::SinkFull;
  end->order_ack.status = OrderStatus::Open;
  return DecodeStatus::Ok;
}

DecodeStatus decode_position_array(od::array& arr, Ctx& c) noexcept {
  AccountWriter w(c, AccountReason::RestPositionRisk);
  for (auto ir : arr) {
    od::object o;
    if (auto e = ir.get_object().get(o)) return map_error(e);
    PositionRiskText t;
    if (const DecodeStatus s = read_position_risk_row(o, t); s != DecodeStatus::Ok) return s;
    if (const DecodeStatus s = convert_position(c, t.pos, w); s != DecodeStatus::Ok) return s;
  }
  return w.finish(0, 0);
}

DecodeStatus decode_balance_array(od::array& arr, Ctx& c, AccountWriter& w) noexcept {
  for (auto ir : arr) {
    od::object o;
    if (auto e = ir.get_object().get(o)) return map_error(e);
    BalanceText t;
    if (const DecodeStatus s = read_balance_row(o, t); s != DecodeStatus::Ok) return s;
    if (const DecodeStatus s = convert_balance(c, t, w); s != DecodeStatus::Ok) return s;
  }
  return DecodeStatus::Ok;
}

// GET account: {"assets":[balance rows], "positions":[position rows], ...}.
DecodeStatus decode_account_object(od::object& o, Ctx& c) noexcept {
  AccountWriter w(c, AccountReason::RestAccount);
  std::int64_t update_ms = 0;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t, std::string_view key, od::value& v) {
    if (key == "updateTime") return read_i64(v, update_ms);
    if (key != "assets" && key != "positions") return DecodeStatus::Ok;
    od::array arr;
    if (auto e = v.get_array().get(arr)) return map_error(e);
    if (key == "assets") return decode_balance_array(arr, c, w);
    for (auto ir : arr) {
      od::object po;
      if (auto e = ir.get_object().get(po)) return map_error(e);
      PositionRiskText t;
      if (const DecodeStatus s = read_position_risk_row(po, t); s != DecodeStatus::Ok) return s;
      if (const DecodeStatus s = convert_position(c, t.pos, w); s != DecodeStatus::Ok) return s;
    }
    return DecodeStatus::Ok;
  });
  if (st != DecodeStatus::Ok) return st;
  return w.finish(update_ms, update_ms);
}

// Object body where a list or snapshot was expected: an error (or not understood).
DecodeStatus decode_error_object(od::object& o, const RestContext& rc, Ctx& c) noexcept {
  std::int64_t code = 0;
  bool has_code = false;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k != "code"_k) return DecodeStatus::Ok;
    has_code = true;
    return read_i64(v, code);
  });
  if (st != DecodeStatus::Ok) return st;
  if (!has_code && rc.http_status < 400) return DecodeStatus::Unsupported;
  return emit_error_ack(rc, c, static_cast<std::int32_t>(code));
}

MsgKind kind_of(RestKind k) noexcept {
  switch (k) {
    case RestKind::Order: case RestKind::BatchOrders: case RestKind::AlgoOrder: return MsgKind::RestOrder;
    case RestKind::QueryOrder: case RestKind::OpenOrders: return MsgKind::RestOrderList;
    case RestKind::OpenAlgoOrders: return MsgKind::RestAlgoOrderList;
    case RestKind::PositionRisk: return MsgKind::RestPositionRisk;
    case RestKind::Balance: return MsgKind::RestBalance;
    case RestKind::Account: return MsgKind::RestAccount;
    case RestKind::DepthSnapshot: return MsgKind::DepthSnapshot;
  }
  return MsgKind::None;
}

DecodeStatus decode_object_body(od::object& o, const RestContext& rc, Ctx& c) noexcept {
  switch (rc.kind) {
    case RestKind::Order:
    case RestKind::AlgoOrder: return decode_order_object(o, rc, c, false);
    case RestKind::QueryOrder: return decode_order_object(o, rc, c, true);
    case RestKind::Account:
    case RestKind::DepthSnapshot: {
      if (rc.http_status >= 400) return decode_error_object(o, rc, c);
      od::value code;
      // An error body on a 2xx answer still starts with "code"; probe for it first.
      const simdjson::error_code e = o.find_field_unordered("code").get(code);
      if (e == simdjson::SUCCESS) {
        std::int64_t v = 0;
        if (const DecodeStatus s = read_i64(code, v); s != DecodeStatus::Ok) return s;
        return emit_error_ack(rc, c, static_cast<std::int32_t>(v));
      }
      if (e != simdjson::NO_SUCH_FIELD) return map_error(e);
      bool reset_ok = false;
      if (auto r = o.reset().get(reset_ok)) return map_error(r);
      return rc.kind == RestKind::Account ? decode_account_object(o, c) : decode_depth_snapshot(o, c, rc.symbol);
    }
    default: return decode_error_object(o, rc, c);
  }
}

DecodeStatus decode_array_body(od::array& arr, const RestContext& rc, Ctx& c) noexcept {
  switch (rc.kind) {
    case RestKind::BatchOrders:
    case RestKind::OpenOrders:
    case RestKind::OpenAlgoOrders: return decode_order_array(arr, rc, c);
    case RestKind::PositionRisk: return decode_position_array(arr, c);
    case RestKind::Balance: {
      AccountWriter w(c, AccountReason::RestBalance);
      if (const DecodeStatus s = decode_balance_array(arr, c, w); s != DecodeStatus::Ok) return s;
      return w.finish(0, 0);
    }
    default: return DecodeStatus::WrongType;
  }
}

}  // namespace

DecodeStatus decode_rest_body(od::document& doc, const RestContext& rc, Ctx& c) noexcept {
  c.kind = kind_of(rc.kind);
  od::json_type t{};
  if (auto e = doc.type().get(t)) return map_error(e);
  if (t == od::json_type::object) {
    od::object o;
    if (auto e = doc.get_object().get(o)) return map_error(e);
    return decode_object_body(o, rc, c);
  }
  if (t == od::json_type::array) {
    if (rc.http_status >= 400) return emit_transport_error(rc, c);
    od::array arr;
    if (auto e = doc.get_array().get(arr)) return map_error(e);
    return decode_array_body(arr, rc, c);
  }
  return rc.http_status >= 400 ? emit_transport_error(rc, c) : DecodeStatus::WrongType;
}

DecodeStatus emit_transport_error(const RestContext& rc, Ctx& c) noexcept {
  c.kind = MsgKind::RestError;
  return emit_error_ack(rc, c, 0);
}

DecodeStatus emit_code_ack(const RestContext& rc, Ctx& c, std::int32_t code) noexcept {
  return emit_error_ack(rc, c, code);
}

}  // namespace xtb::binance::detail
