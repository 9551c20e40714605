// reports.hpp — what the simulated exchange tells the outside world, as typed records:
// the synchronous REST answer of an order request, the user-data-stream events
// ORDER_TRADE_UPDATE, ALGO_UPDATE and ACCOUNT_UPDATE, and the derived markPriceUpdate. The REST/WSS
// servers (and the in-process backtest) receive them through an ExchangeListener and
// encode them into their venue's wire shape (the USD-M face: its json_encode.hpp).
//
// Sources: the USD-M user data streams ("Event: Order Update", "Event: Balance and
// Position Update"), the new-order REST answer and the "Mark Price Stream"; the
// field-by-field mapping is the face's (json_encode.hpp).
// Units: Price ticks, Qty steps, Amount 1e-8 quote, *_e8 prices = quote per base × 1e8.
// Threads: records are plain values; listener callbacks run on the exchange thread,
// synchronously inside the exchange call that caused them.
#pragma once
#include <cstdint>

#include "market/symbol_table.hpp"
#include "sim/core/reject.hpp"
#include "sim/core/sim_types.hpp"

namespace xtb::sim {

/// Synchronous answer to a new/cancel/query request. `error.ok()` → `order` is the order
/// as the REST body shows it (newOrderRespType ACK: as accepted; RESULT: after the
/// immediate matching; cancel: CANCELED).
struct OrderResult {
  Reject error;
  SimOrder order;
  bool ok() const noexcept { return error.ok(); }
};

/// ORDER_TRADE_UPDATE: one execution report of one of our orders.
struct OrderUpdateReport {
  EpochMs event_ms = 0;     ///< `E`
  EpochMs txn_ms = 0;       ///< `T` (and `o.T`)
  SimOrder order;           ///< order state after this execution
  ExecType exec = ExecType::New;  ///< `x`: NEW, TRADE, CANCELED, EXPIRED
  Qty last_qty = 0;         ///< `l`
  Price last_px = 0;        ///< `L` (0 unless TRADE)
  Amount commission = 0;    ///< `n` (asset `N` = the account's margin asset)
  Amount realized_pnl = 0;  ///< `rp`
  std::uint64_t trade_id = 0;  ///< `t`
  bool maker = false;       ///< `m`
  Amount bids_notional = 0; ///< `b`: open buy orders' notional of the symbol
  Amount asks_notional = 0; ///< `a`: open sell orders' notional
};

/// ALGO_UPDATE: a state change of an algo-service conditional order
/// (order.algo_state: NEW, CANCELED, TRIGGERING, TRIGGERED, FINISHED, EXPIRED).
/// order.actual_order_id is the order placed at the trigger (`ai`), order.filled /
/// cum_quote what it executed (`aq` / `ap`), order.trigger_ms the trigger time (`tt`).
struct AlgoUpdateReport {
  EpochMs event_ms = 0, txn_ms = 0;
  SimOrder order;
  const char* reason = nullptr;  ///< `rm` (why it expired), nullptr when none
};

/// One position row of ACCOUNT_UPDATE `P`.
struct PositionReport {
  SymbolId symbol = kNoSymbol;
  PositionSide side = PositionSide::Both;
  Qty amount = 0;                ///< `pa`, signed steps
  std::int64_t entry_e8 = 0;     ///< `ep`
  std::int64_t break_even_e8 = 0;///< `bep`
  Amount cum_realized = 0;       ///< `cr`
  Amount unrealized = 0;         ///< `up`
  bool isolated = false;         ///< `mt`
  Amount isolated_wallet = 0;    ///< `iw`
};

/// ACCOUNT_UPDATE with reason ORDER: the margin asset's balance and the changed position.
struct AccountUpdateReport {
  static constexpr int kMaxPositions = 3;
  EpochMs event_ms = 0, txn_ms = 0;
  AssetId asset = kNoAsset;      ///< `B[].a`
  Amount wallet = 0;             ///< `wb`
  Amount cross_wallet = 0;       ///< `cw`
  Amount balance_change = 0;     ///< `bc`: change other than PnL and commission (0 for ORDER)
  std::uint8_t n_positions = 0;
  PositionReport positions[kMaxPositions];
};

/// markPriceUpdate (derived mark, mark_price.hpp). No index feed exists in the replay:
/// the index price reported is the mark itself, funding rate 0.
struct MarkPriceReport {
  EpochMs event_ms = 0;
  SymbolId symbol = kNoSymbol;
  Price mark_px = 0;
  Price index_px = 0;
  EpochMs next_funding_ms = 0;   ///< next 00/08/16 UTC boundary after event_ms
};

/// Receives the exchange's asynchronous output. Implementations must not call back into
/// the exchange from inside a callback.
class ExchangeListener {
 public:
  virtual void on_order_update(const OrderUpdateReport& r) noexcept = 0;
  virtual void on_account_update(const AccountUpdateReport& r) noexcept = 0;
  virtual void on_algo_update(const AlgoUpdateReport& r) noexcept = 0;
  virtual void on_mark_price(const MarkPriceReport& r) noexcept { (void)r; }

 protected:
  ~ExchangeListener() = default;
};

/// Listener that drops everything (an exchange used only through its state and ledger).
class NullListener final : public ExchangeListener {
 public:
  void on_order_update(const OrderUpdateReport&) noexcept override {}
  void on_account_update(const AccountUpdateReport&) noexcept override {}
  void on_algo_update(const AlgoUpdateReport&) noexcept override {}
};

}  // namespace xtb::sim
