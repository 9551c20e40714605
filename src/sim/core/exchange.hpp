// exchange.hpp — SimExchange: the in-process, sans-IO core of a simulated perpetual
// futures venue ("simcore"). Both `xtb-sim` (HTTPS REST + WSS servers on top) and the
// in-process backtest drive it; it reads no clock, opens no socket and owns no thread.
//
// Inputs (all carry the exchange time `now`, ms, chosen by the caller — e.g. the
// capture's receive time — so runs are deterministic):
//   * order entry: new_order / cancel_order / cancel_all / new_orders (batch) /
//     cancel_orders (batch) / query_order, with typed requests (order_request.hpp: ticks,
//     steps, core enums) that a venue face builds from its own request text or from an
//     engine OrderCommand; account settings: leverage, margin type, position mode;
//   * replayed market data: decoded best bid/offer / Trade / DepthUpdate events
//     (core/event.hpp, from the venue's decoder — a face's capture feed does the wiring);
//   * advance_time(now): mark-price publication and mark-price stop triggers (called by
//     on_market_event too).
// Outputs: the synchronous OrderResult / Reject of each request, and user-stream records
// through the ExchangeListener (reports.hpp), all emitted inside the call that caused
// them, in causal order: NEW, then TRADE(s) each followed by its ACCOUNT_UPDATE, then
// EXPIRED/CANCELED. Every fill is also appended to the FillLedger.
//
// Conditional orders exist in two flavours: through the order entry (new_order, when
// ExchangeConfig::conditional_on_order_endpoint; on trigger an Expired + New market order
// update, same ids) and through the conditional-order service (new_algo_order; algo
// updates New → Triggering → Triggered → Finished, the trigger placing a new market order
// with its own order id and the conditional order's client id; exchange_algo.cpp).
//
// Rules: order_checks.hpp (static checks), matcher.hpp (taking liquidity), queue_model.hpp
// (resting orders), account.hpp (positions, fees, PnL, liquidation), mark_price.hpp.
// Market-dependent checks (RejectCode, reject.hpp), in this order: ReduceOnlyReject (one-way
// reduce-only with nothing to reduce; hedge-mode closing order with no position, or whose quantity plus
// the side's other open closing orders exceeds it), MinNotional (not for reduce-only,
// closing or close-position orders; market orders priced at the opposite best),
// PriceAboveMultiplier / PriceBelowMultiplier against the published mark, WouldTrigger
// (stop would trigger immediately), PostOnlyReject (post-only would take), FokReject
// (cannot fill entirely), MarginInsufficient, DuplicateClientId (among open orders),
// MaxOpenOrders (pool full).
//
// Threads: one thread drives an exchange; nothing is synchronised. Allocation: the
// constructor preallocates pools, books, ledger and scratch space; order entry and
// market events do not allocate.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "market/symbol_table.hpp"
#include "sim/core/account.hpp"
#include "sim/core/fill_ledger.hpp"
#include "sim/core/mark_price.hpp"
#include "sim/core/market_view.hpp"
#include "sim/core/matcher.hpp"
#include "sim/core/order_pool.hpp"
#include "sim/core/reports.hpp"
#include "sim/core/sim_config.hpp"

namespace xtb::sim {

struct ExchangeCounters {
  std::uint64_t orders_accepted = 0, orders_rejected = 0, orders_canceled = 0, orders_expired = 0;
  std::uint64_t orders_filled = 0, fills = 0, stops_triggered = 0;
  std::uint64_t market_events = 0, ignored_events = 0;  ///< ignored: unknown/unsimulated symbol, other types
};

class SimExchange {
 public:
  /// Simulates (keeps a replayed book and accepts orders for) the symbols in `markets`;
  /// when empty, every symbol of `symbols` if the table holds at most kMaxAutoSymbols.
  /// Orders for other symbols get BadSymbol. Cold path. Throws ConfigError on an invalid
  /// configuration (or an empty `markets` with a large table).
  SimExchange(const SymbolTable& symbols, const ExchangeConfig& cfg, ExchangeListener& listener,
              std::vector<SymbolId> markets = {});
  ~SimExchange();
  SimExchange(const SimExchange&) = delete;
  SimExchange& operator=(const SimExchange&) = delete;

  static constexpr std::size_t kMaxAutoSymbols = 16;

  /// Trigger condition of a conditional order: a StopMarket buy
  /// fires at price >= stop, a sell at <= stop; TakeProfitMarket the other way round.
  static bool stop_condition(OrderType type, Side side, Price stop, Price px) noexcept {
    const bool up = (type == OrderType::StopMarket) == (side == Side::Buy);
    return up ? px >= stop : px <= stop;
  }

  // ---- order entry (REST) ----
  /// A new order (static checks order_checks.hpp, then the market-dependent ones above).
  OrderResult new_order(const SimOrderRequest& req, EpochMs now) noexcept;
  /// A new order the face refused before it became a typed request (malformed text):
  /// counted as rejected, answered with `why`.
  OrderResult refuse(const Reject& why) noexcept {
    ++counters_.orders_rejected;
    OrderResult r;
    r.error = why;
    return r;
  }
  /// Cancel one order: BadSymbol (unknown / not simulated), MandatoryParam "order_id"
  /// without ids, UnknownOrder (unknown or already closed).
  OrderResult cancel_order(const SimCancelRequest& req, EpochMs now) noexcept;
  /// Cancels every open order of the symbol (oldest first); BadSymbol when not simulated.
  Reject cancel_all(SymbolId symbol, EpochMs now) noexcept;
  /// Batch of 1..max_batch_orders new orders, each answered in `out[i]`; otherwise
  /// returns BatchSize and touches nothing.
  Reject new_orders(const SimOrderRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept;
  /// Batch of 1..max_batch_cancels cancels, else BatchSize and nothing is canceled.
  Reject cancel_orders(const SimCancelRequest* reqs, std::size_t n, EpochMs now, OrderResult* out) noexcept;
  /// Query: open or recently closed order; NoSuchOrder when unknown.
  OrderResult query_order(const SimCancelRequest& req) const noexcept;

  // ---- algo service (exchange_algo.cpp) ----
  /// Conditional-order service, StopMarket / TakeProfitMarket only (else InvalidOrderType):
  /// the same checks as new_order (reasons included); the answer's order carries the algo id.
  OrderResult new_algo_order(const SimOrderRequest& req, EpochMs now) noexcept;
  /// Cancel a conditional order: UnknownOrder when unknown or already triggered.
  OrderResult cancel_algo_order(const SimAlgoCancelRequest& req, EpochMs now) noexcept;
  /// Cancels every untriggered conditional order of the symbol; BadSymbol when not simulated.
  Reject cancel_all_algo(SymbolId symbol, EpochMs now) noexcept;
  /// Query a conditional order (open or recently closed); NoSuchOrder when unknown.
  OrderResult query_algo_order(const SimAlgoCancelRequest& req) const noexcept;

  // ---- account settings (REST) ----
  Reject set_leverage(std::string_view symbol, std::int64_t leverage) noexcept;
  Reject set_margin_type(std::string_view symbol, bool isolated) noexcept;
  Reject set_position_mode(bool hedge) noexcept;

  // ---- replayed market ----
  /// One decoded market event; events of symbols not simulated are counted and ignored.
  void on_market_event(const Event& e, EpochMs now) noexcept;
  /// Publishes due mark prices and runs mark-price (WorkingType::MarkPrice) stop triggers.
  void advance_time(EpochMs now) noexcept;

  // ---- state (read between calls) ----
  const Account& account() const noexcept { return account_; }
  const FillLedger& ledger() const noexcept { return ledger_; }
  const SymbolTable& symbols() const noexcept { return symbols_; }
  const ExchangeCounters& counters() const noexcept { return counters_; }
  const ExchangeConfig& config() const noexcept { return cfg_; }
  /// Market of a simulated symbol, nullptr otherwise.
  const MarketView* market(SymbolId s) const noexcept;
  /// Published mark price (ticks), 0 before the first publication.
  Price mark_price(SymbolId s) const noexcept;
  /// Open orders of `s` (kNoSymbol: all), ascending id, at most `cap`; returns count.
  /// `algo` selects untriggered algo orders (openAlgoOrders) instead of regular ones.
  std::size_t open_orders(SymbolId s, const SimOrder** out, std::size_t cap, bool algo = false) const noexcept;
  std::size_t open_order_count() const noexcept { return pool_.in_use(); }

 private:
  /// True when `s` is a symbol of the account's venue that this exchange simulates.
  bool simulated(SymbolId s) const noexcept;

  struct SymbolState {
    std::unique_ptr<MarketView> view;  // null: symbol not simulated
    MarkPriceModel mark;
    std::uint32_t head[3] = {kNilIndex, kNilIndex, kNilIndex};  // by OrderList
    std::uint32_t tail[3] = {kNilIndex, kNilIndex, kNilIndex};
  };

  // exchange.cpp — order entry
  OrderResult submit(const SimOrderRequest& req, bool algo, EpochMs now) noexcept;
  Reject check_market_rules(const OrderSpec& s, const SymbolState& st) const noexcept;
  Reject check_reduce_only(const OrderSpec& s) const noexcept;
  Amount open_order_margin() const noexcept;
  std::uint32_t accept(const OrderSpec& s, EpochMs now) noexcept;
  void start_execution(std::uint32_t idx, EpochMs now) noexcept;
  std::uint32_t find_open(SymbolId sym, const SimCancelRequest& req, Reject& e) const noexcept;

  // exchange_exec.cpp — executions and reports
  void link(std::uint32_t idx, OrderList list) noexcept;
  void unlink(std::uint32_t idx) noexcept;
  void take_liquidity(std::uint32_t idx, EpochMs now) noexcept;
  Qty reducible(const SimOrder& o) const noexcept;
  void fill(std::uint32_t idx, Price px, Qty q, bool maker, EpochMs now) noexcept;
  void finish(std::uint32_t idx, SimStatus status, EpochMs now) noexcept;
  void sweep_reducing(SymbolId sym, EpochMs now) noexcept;
  void emit_order(const SimOrder& o, ExecType x, EpochMs now, const FillEffect* fx = nullptr, Price px = 0,
                  Qty q = 0, std::uint64_t trade_id = 0, bool maker = false) noexcept;
  void emit_account(SymbolId sym, PositionSide ps, EpochMs now) noexcept;
  void retire_pending() noexcept;

  // exchange_market.cpp — replay-driven matching, stops, mark price
  void on_trade(SymbolId sym, const Trade& t, EpochMs now) noexcept;
  void observe_levels(SymbolId sym) noexcept;
  void check_stops(SymbolId sym, Price px, WorkingType wt, EpochMs now) noexcept;
  void trigger_stop(std::uint32_t idx, EpochMs now) noexcept;

  // exchange_algo.cpp — algo-service orders
  void trigger_algo(std::uint32_t idx, EpochMs now) noexcept;
  void expire_algo(std::uint32_t idx, EpochMs now, const char* reason) noexcept;
  void finish_parent(std::uint32_t child, EpochMs now) noexcept;
  void emit_algo(const SimOrder& o, EpochMs now, const char* reason = nullptr) noexcept;
  std::uint32_t find_algo(const SimAlgoCancelRequest& req, Reject& e) const noexcept;

  const SymbolTable& symbols_;
  ExchangeConfig cfg_;
  ExchangeListener& listener_;
  Account account_;
  OrderPool pool_;
  FillLedger ledger_;
  std::vector<SymbolState> sym_;
  std::vector<std::uint32_t> scratch_;   // candidate orders (trade fills, stops, sweeps)
  std::vector<LevelFill> level_fills_;   // one taker walk
  std::vector<std::uint32_t> sweep_;     // reduce-only sweep candidates (may run inside a trade loop)
  std::vector<std::uint32_t> retire_;    // terminal orders awaiting retire_pending()
  std::uint64_t next_order_id_, next_trade_id_, next_algo_id_;
  ExchangeCounters counters_;
};

}  // namespace xtb::sim
