// decode_rest_rows.cpp — see decode_rest_rows.hpp. REST keys are long camelCase names, so
// rows are matched on the key text (these answers are per request, not per market tick).
#include "venue/binance/decode_rest_rows.hpp"

namespace xtb::binance::detail {
namespace {

// Order-row keys that hold strings (nullable), with the OrderRow member they fill.
DecodeStatus order_text_field(OrderRow& r, std::string_view key, od::value& v, bool& matched) noexcept {
  OrderText& t = r.text;
  std::string_view* dst = nullptr;
  if (key == "symbol") dst = &t.symbol;
  else if (key == "clientOrderId") dst = &t.client_id;
  else if (key == "side") dst = &t.side;
  else if (key == "type" || key == "orderType") dst = &t.type;
  else if (key == "timeInForce") dst = &t.tif;
  else if (key == "origQty" || key == "quantity") dst = &t.qty;
  else if (key == "price") dst = &t.px;
  else if (key == "avgPrice") dst = &t.avg_px;
  else if (key == "stopPrice") dst = &t.stop_px;
  else if (key == "executedQty") dst = &t.cum_qty;
  else if (key == "status") dst = &t.status;
  else if (key == "positionSide") dst = &t.position_side;
  else if (key == "workingType") dst = &t.working_type;
  else if (key == "algoStatus") dst = &r.algo_status;
  else if (key == "triggerPrice") dst = &r.trigger_px;
  else if (key == "clientAlgoId") { dst = &t.client_id; r.algo = true; }
  matched = dst != nullptr;
  return dst ? read_text_or_null(v, *dst) : DecodeStatus::Ok;
}

// "code" is a number in error bodies but a string ("200") in some success answers
// (algo-order cancel); accept both.
DecodeStatus read_code(od::value& v, std::int64_t& out) noexcept {
  od::json_type t{};
  if (auto e = v.type().get(t)) return map_error(e);
  if (t != od::json_type::string) return read_i64(v, out);
  std::string_view text;
  if (const DecodeStatus s = read_text(v, text); s != DecodeStatus::Ok) return s;
  return parse_decimal(text, DecimalScale{1, 0}, Rounding::Exact, out) == DecimalError::Ok ? DecodeStatus::Ok
                                                                                          : DecodeStatus::WrongType;
}

}  // namespace

DecodeStatus read_order_row(od::object& o, OrderRow& r) noexcept {
  std::int64_t time_ms = 0;
  DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view key, od::value& v) {
    bool matched = false;
    if (const DecodeStatus s = order_text_field(r, key, v, matched); matched || s != DecodeStatus::Ok) return s;
    if (k == "code"_k) { r.has_code = true; return read_code(v, r.code); }
    if (key == "orderId") return read_u64(v, r.text.order_id);
    if (key == "algoId") { r.algo = true; return read_u64(v, r.text.order_id); }
    if (key == "updateTime") return read_i64(v, r.text.txn_ms);
    if (k == "time"_k) return read_i64(v, time_ms);
    if (key == "reduceOnly") return read_bool(v, r.text.reduce_only);
    if (key == "closePosition") return read_bool(v, r.text.close_position);
    return DecodeStatus::Ok;
  });
  if (r.text.txn_ms == 0) r.text.txn_ms = time_ms;
  if (r.algo) r.algo_executed = r.text.cum_qty;
  return st;
}

DecodeStatus convert_algo_row(Ctx& c, const OrderRow& row, OrderUpdate& u, const SymbolRules*& r) noexcept {
  std::uint8_t flags = 0;
  return convert_algo(c, row.text, row.trigger_px, row.algo_status, row.algo_executed, u, r, flags);
}

DecodeStatus read_position_risk_row(od::object& o, PositionRiskText& t) noexcept {
  return for_each_field(o, [&](std::uint64_t, std::string_view key, od::value& v) {
    if (key == "symbol") return read_text(v, t.pos.symbol);
    if (key == "positionSide") return read_text(v, t.pos.side);
    if (key == "positionAmt") return read_text(v, t.pos.amount);
    if (key == "entryPrice") return read_text(v, t.pos.entry);
    if (key == "breakEvenPrice") return read_text(v, t.pos.break_even);
    if (key == "unRealizedProfit" || key == "unrealizedProfit") return read_text(v, t.pos.upnl);
    if (key == "markPrice") return read_text(v, t.mark_px);
    if (key == "liquidationPrice") return read_text(v, t.liquidation_px);
    if (key == "marginType") return read_text(v, t.margin_type);
    if (key == "isolated") return read_bool(v, t.isolated);
    if (key == "updateTime") return read_i64(v, t.update_ms);
    return DecodeStatus::Ok;
  });
}

DecodeStatus read_balance_row(od::object& o, BalanceText& t) noexcept {
  return for_each_field(o, [&](std::uint64_t, std::string_view key, od::value& v) {
    if (key == "asset") return read_text(v, t.asset);
    if (key == "balance" || key == "walletBalance") return read_text(v, t.wallet);
    if (key == "crossWalletBalance") return read_text(v, t.cross);
    return DecodeStatus::Ok;
  });
}

DecodeStatus convert_balance(Ctx& c, const BalanceText& t, AccountWriter& w) noexcept {
  if (t.asset.empty()) return DecodeStatus::MissingField;
  const AssetId id = c.symbols.find_asset(t.asset);
  if (id == kNoAsset) {
    DecodeStats::bump(c.stats.skipped_unknown_asset);
    return DecodeStatus::Ok;
  }
  AccountUpdate::Balance b{};
  b.asset = id;
  Conv cv;
  cv.amount(t.wallet, b.wallet, false);
  cv.amount(t.cross, b.cross_wallet);
  if (const DecodeStatus s = c.take(cv); s != DecodeStatus::Ok) return s;
  AccountUpdate::Balance* slot = w.next_balance();
  if (!slot) return DecodeStatus::SinkFull;
  *slot = b;
  return DecodeStatus::Ok;
}

}  // namespace xtb::binance::detail
