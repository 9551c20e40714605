// sim_egress_stage.cpp — see sim_egress_stage.hpp.
#include "venue/binance/sim/sim_egress_stage.hpp"

#include "core/clock.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"
#include "venue/binance/decode_rest.hpp"
#include "venue/binance/sim/command_request.hpp"
#include "venue/binance/sim/json_encode.hpp"
#include "venue/binance/sim/order_entry.hpp"
#include "venue/binance/sim/state_dump.hpp"

namespace xtb {
namespace {

using binance::RestKind;

constexpr std::int64_t kNsPerMs = 1'000'000;
constexpr std::uint16_t kHttpOk = 200, kHttpBadRequest = 400;

std::uint8_t rk(RestKind k) noexcept { return static_cast<std::uint8_t>(k); }

bool conditional(OrderType t) noexcept { return t == OrderType::StopMarket || t == OrderType::TakeProfitMarket; }

/// Binance -1000: the answer for requests the simulator has no endpoint for (AmendOrder).
sim::Reject unsupported_reject() noexcept {
  sim::Reject e;
  e.set(-1000, "An unknown error occured while processing the request.");
  return e;
}

}  // namespace

SimEgressStage::SimEgressStage(const SymbolTable& symbols, const sim::ExchangeConfig& cfg,
                               std::vector<SymbolId> markets, const SimEgressRings& rings,
                               const SimEgressOptions& opt)
    : symbols_(symbols), g_(rings), opt_(opt), markets_(markets),
      x_(std::make_unique<sim::SimExchange>(symbols, cfg, *this, std::move(markets))),
      scratch_(std::make_unique<char[]>(opt.scratch_bytes)),
      rows_(std::make_unique<const sim::SimOrder*[]>(opt.max_list_rows ? opt.max_list_rows : 1)) {
  // More headroom than half the ring could never be met once the decode stage lags a little.
  if (opt_.r4_headroom == 0 || opt_.r4_headroom > g_.r4.capacity() / 2) opt_.r4_headroom = g_.r4.capacity() / 2;
}

SimEgressStage::~SimEgressStage() = default;

std::size_t SimEgressStage::poll() noexcept {
  // Upstream flags and the watermark first: every command caused at or before the
  // watermark was published before it (release/acquire, pipeline/replay_sync.hpp).
  const bool upstream_done = upstream_ != nullptr && upstream_->finished();
  const std::int64_t watermark = g_.watermark != nullptr ? g_.watermark->load() : 0;
  const std::uint64_t fed0 = c_.market_events;
  std::size_t work = 0;
  auto done = [&] { return work + static_cast<std::size_t>(c_.market_events - fed0); };
  while (OrderCommand* c = g_.r3.front()) {
    const std::int64_t cause = g_.r3_stamps != nullptr ? g_.r3_stamps->get(r3_seq_) : exch_ns_;
    const std::int64_t at = cause + opt_.latency_ns;
    const Advance a = advance_to(at, SIZE_MAX, true);
    if (a == Advance::Stalled) return done();
    if (a == Advance::Waiting) {
      ++c_.waits;
      return done();
    }
    if (!headroom()) {
      ++c_.headroom_stalls;
      return done();
    }
    apply(*c, at > exch_ns_ ? at : exch_ns_);
    g_.r3.pop();
    ++r3_seq_;
    ++work;
  }
  advance_to(watermark, opt_.max_market_per_poll, false);
  if (upstream_done && g_.r3.empty_approx()) done_.set();
  return done();
}

// Feeds tapped market events stamped ≤ t_ns (at most `budget`). With `need_later`, Done
// also requires proof that nothing stamped ≤ t_ns is still to come: a later event at the
// tap's front, or the end of the market input.
SimEgressStage::Advance SimEgressStage::advance_to(std::int64_t t_ns, std::size_t budget, bool need_later) noexcept {
  std::size_t fed = 0;
  for (;;) {
    const Event* e = g_.tap.front();
    if (e == nullptr) break;
    const std::int64_t stamp = g_.tap_stamps != nullptr ? g_.tap_stamps->get(tap_seq_) : t_ns;
    if (stamp > t_ns) {
      if (exch_ns_ < t_ns && need_later) exch_ns_ = t_ns;
      return Advance::Done;
    }
    if (fed == budget) return Advance::Stalled;
    if (!headroom()) {
      ++c_.headroom_stalls;
      return Advance::Stalled;
    }
    if (stamp > exch_ns_) exch_ns_ = stamp;
    frame_ns_ = exch_ns_;
    x_->on_market_event(*e, exch_ns_ / kNsPerMs);
    g_.tap.pop();
    ++tap_seq_;
    ++fed;
    ++c_.market_events;
  }
  if (!need_later) return Advance::Done;
  // Everything stamped ≤ t_ns that exists has been fed; more may still come unless the
  // market input has ended. (Read after finding the tap empty: the decode stage sets the
  // flag after its last publish, so "ended and still empty" means nothing is left. No
  // deadlock: the decode stage only waits for R2, which the sequencer always drains.)
  const bool ended = g_.tap_end != nullptr && g_.tap_end->input_ended() && g_.tap.empty_approx();
  return ended ? Advance::Done : Advance::Waiting;
}

bool SimEgressStage::headroom() noexcept { return g_.r4.try_claim_batch(opt_.r4_headroom) >= opt_.r4_headroom; }

void SimEgressStage::apply(const OrderCommand& c, std::int64_t t_ns) noexcept {
  ++c_.commands;
  exch_ns_ = t_ns;
  const auto k = static_cast<std::size_t>(c.kind);
  if (k < 8) ++c_.by_kind[k];
  frame_ns_ = t_ns;
  const EpochMs now = t_ns / kNsPerMs;
  x_->advance_time(now);  // mark publication and MARK_PRICE stops up to the command's time
  switch (c.kind) {
    case CommandKind::NewOrder: new_order(c, now); break;
    case CommandKind::CancelOrder: cancel_or_query(c, now, false); break;
    case CommandKind::QueryOrder: cancel_or_query(c, now, true); break;
    case CommandKind::CancelAll: cancel_all(c, now); break;
    case CommandKind::QueryOpenOrders: open_orders(c); break;
    case CommandKind::QueryPositions: positions(c); break;
    default:
      ++c_.unsupported;
      answer_error(c, rk(RestKind::Order), unsupported_reject());
      break;
  }
}

void SimEgressStage::new_order(const OrderCommand& c, EpochMs now) noexcept {
  const bool hedge = x_->account().hedge_mode();
  sim::SimOrderRequest q;
  const bool built = sim::binance_usdm::command_order(c, symbols_, hedge, q);
  if (conditional(c.type)) {  // POST /fapi/v1/algoOrder (encode_command.hpp routing)
    if (!built) {
      answer_error(c, rk(RestKind::AlgoOrder), unsupported_reject());
      return;
    }
    answer(c, rk(RestKind::AlgoOrder), x_->new_algo_order(q, now), true);
    return;
  }
  if (!built) {
    sim::Reject e;
    e.set(symbols_.try_rules(c.symbol) == nullptr ? sim::binance_usdm::err::kBadSymbol : sim::binance_usdm::err::kInvalidOrderType);
    answer_error(c, rk(RestKind::Order), e);
    return;
  }
  const sim::OrderResult r = x_->new_order(q, now);
  if (r.error.code == sim::binance_usdm::err::kGtxReject.code) ++c_.gtx_rejects;
  if (r.error.code == sim::binance_usdm::err::kReduceOnlyReject.code) ++c_.reduce_only_rejects;
  answer(c, rk(RestKind::Order), r, false);
}

void SimEgressStage::cancel_or_query(const OrderCommand& c, EpochMs now, bool query) noexcept {
  const RestKind ok_kind = query ? RestKind::QueryOrder : (conditional(c.type) ? RestKind::AlgoOrder : RestKind::Order);
  if (conditional(c.type)) {  // DELETE / GET /fapi/v1/algoOrder by algoId or clientAlgoId
    sim::SimAlgoCancelRequest req;
    if (!sim::binance_usdm::command_algo_cancel(c, req)) {
      answer_error(c, rk(ok_kind), sim::binance_usdm::algo_ids_missing());
      return;
    }
    answer(c, rk(ok_kind), query ? x_->query_algo_order(req) : x_->cancel_algo_order(req, now), true);
    return;
  }
  sim::SimCancelRequest req;
  if (!sim::binance_usdm::command_cancel(c, symbols_, req)) {
    sim::Reject e;
    e.set(sim::binance_usdm::err::kMandatoryParam.code, "Mandatory parameter 'orderId' was not sent, was empty/null, or malformed.");
    answer_error(c, rk(ok_kind), e);
    return;
  }
  answer(c, rk(ok_kind), query ? x_->query_order(req) : x_->cancel_order(req, now), false);
}

void SimEgressStage::cancel_all(const OrderCommand& c, EpochMs now) noexcept {
  sim::Reject e;
  if (symbols_.try_rules(c.symbol) == nullptr) e.set_arg(sim::RejectCode::MandatoryParam, "symbol");  // no name sent
  if (e.ok()) e = x_->cancel_all(c.symbol, now);
  if (e.ok()) e = x_->cancel_all_algo(c.symbol, now);
  if (!e.ok()) {
    answer_error(c, rk(RestKind::Order), e);
    return;
  }
  rest(c, rk(RestKind::Order), kHttpOk, sim::binance_usdm::encode_cancel_all_ok(scratch_.get(), opt_.scratch_bytes));
}

void SimEgressStage::open_orders(const OrderCommand& c) noexcept {
  // Two requests on the live venue (openOrders, openAlgoOrders): two answers, each a list.
  for (const bool algo : {false, true}) {
    const std::size_t n = x_->open_orders(c.symbol, rows_.get(), opt_.max_list_rows, algo);
    sim::JsonWriter w(scratch_.get(), opt_.scratch_bytes);
    w.begin_array();
    for (std::size_t i = 0; i < n; ++i) {
      if (algo) sim::binance_usdm::write_algo_order_object(w, *rows_[i], symbols_);
      else sim::binance_usdm::write_order_object(w, *rows_[i], symbols_);
    }
    w.end_array();
    rest(c, rk(algo ? RestKind::OpenAlgoOrders : RestKind::OpenOrders), kHttpOk, w.finish());
  }
}

void SimEgressStage::positions(const OrderCommand& c) noexcept {
  sim::JsonWriter w(scratch_.get(), opt_.scratch_bytes);
  w.begin_array();
  for (const SymbolId s : markets_) {
    if (c.symbol != kNoSymbol && s != c.symbol) continue;
    if (x_->account().hedge_mode()) {  // the venue lists every side of the current mode
      sim::binance_usdm::write_position_risk_row(w, *x_, s, PositionSide::Long);
      sim::binance_usdm::write_position_risk_row(w, *x_, s, PositionSide::Short);
    } else {
      sim::binance_usdm::write_position_risk_row(w, *x_, s, PositionSide::Both);
    }
  }
  w.end_array();
  rest(c, rk(RestKind::PositionRisk), kHttpOk, w.finish());
}

void SimEgressStage::answer(const OrderCommand& c, std::uint8_t rest_kind, const sim::OrderResult& r, bool algo) noexcept {
  if (!r.ok()) {
    answer_error(c, rest_kind, r.error);
    return;
  }
  const std::size_t len = algo ? sim::binance_usdm::encode_algo_order_response(r.order, symbols_, scratch_.get(), opt_.scratch_bytes)
                               : sim::binance_usdm::encode_order_response(r.order, symbols_, scratch_.get(), opt_.scratch_bytes);
  rest(c, rest_kind, kHttpOk, len);
}

void SimEgressStage::answer_error(const OrderCommand& c, std::uint8_t rest_kind, const sim::Reject& e) noexcept {
  ++c_.rest_errors;
  rest(c, rest_kind, kHttpBadRequest, sim::binance_usdm::encode_error(e, scratch_.get(), opt_.scratch_bytes));
}

void SimEgressStage::rest(const OrderCommand& c, std::uint8_t rest_kind, std::uint16_t http, std::size_t len) noexcept {
  if (len == 0) {  // larger than the scratch buffer: the request fails at the transport
    ++c_.encode_failures;
    return;
  }
  ResponseMeta m{};
  m.rest_kind = rest_kind;
  m.command = static_cast<std::uint8_t>(c.kind);
  m.http_status = http;
  m.symbol = c.symbol;
  m.generation = c.generation;
  m.client_id = c.client_id;
  const bool reconcile = c.kind == CommandKind::QueryOpenOrders || c.kind == CommandKind::QueryPositions;
  if (emit(FrameKind::HttpResponse, reconcile ? opt_.conns.reconcile_rest : opt_.conns.order_rest, len, &m))
    ++c_.rest_answers;
}

bool SimEgressStage::emit(FrameKind kind, std::uint16_t conn, std::size_t len, const ResponseMeta* meta) noexcept {
  RawFrame* f = g_.r4.try_claim();
  if (f == nullptr) {
    ++c_.r4_overflow;
    return false;
  }
  const FrameStore st = store_frame_payload(*f, scratch_.get(), len, g_.r4_pool);
  if (st != FrameStore::Inline && st != FrameStore::Large) {
    ++c_.r4_overflow;  // the claimed slot is reused by the next emit
    return false;
  }
  f->conn_id = conn;
  f->kind = kind;
  f->flags = 0;
  f->capture_ns = frame_ns_;
  f->response = meta != nullptr ? *meta : ResponseMeta{};
  f->rx_tsc = Clock::now();
  g_.r4.publish(1);
  return true;
}

// ---- user stream (listener callbacks, inside exchange calls) ----

void SimEgressStage::on_order_update(const sim::OrderUpdateReport& r) noexcept {
  if (opt_.observer != nullptr) opt_.observer->on_order_update(r);
  if (r.exec == ExecType::Trade && ++trade_updates_ == opt_.drop_trade_update) {
    ++c_.dropped_injected;  // fault injection: this fill never reaches the engine's stream
    c_.dropped_qty[static_cast<int>(r.order.spec.position_side) % 3] += r.last_qty;
    return;
  }
  const std::size_t len = sim::binance_usdm::encode_order_trade_update(r, symbols_, x_->config().asset, scratch_.get(),
                                                         opt_.scratch_bytes);
  if (len == 0) { ++c_.encode_failures; return; }
  if (emit(FrameKind::WsText, opt_.conns.user_stream, len, nullptr)) ++c_.user_events;
}

void SimEgressStage::on_account_update(const sim::AccountUpdateReport& r) noexcept {
  if (opt_.observer != nullptr) opt_.observer->on_account_update(r);
  const std::size_t len = sim::binance_usdm::encode_account_update(r, symbols_, scratch_.get(), opt_.scratch_bytes);
  if (len == 0) { ++c_.encode_failures; return; }
  if (emit(FrameKind::WsText, opt_.conns.user_stream, len, nullptr)) ++c_.user_events;
}

void SimEgressStage::on_algo_update(const sim::AlgoUpdateReport& r) noexcept {
  if (opt_.observer != nullptr) opt_.observer->on_algo_update(r);
  const std::size_t len = sim::binance_usdm::encode_algo_update(r, symbols_, scratch_.get(), opt_.scratch_bytes);
  if (len == 0) { ++c_.encode_failures; return; }
  if (emit(FrameKind::WsText, opt_.conns.user_stream, len, nullptr)) ++c_.user_events;
}

void SimEgressStage::on_mark_price(const sim::MarkPriceReport& r) noexcept {
  if (opt_.observer != nullptr) opt_.observer->on_mark_price(r);
  if (!opt_.publish_mark_price) return;
  const std::size_t len = sim::binance_usdm::encode_mark_price_update(r, symbols_, scratch_.get(), opt_.scratch_bytes);
  if (len == 0) { ++c_.encode_failures; return; }
  if (emit(FrameKind::WsText, opt_.conns.market, len, nullptr)) ++c_.mark_prices;
}

}  // namespace xtb
