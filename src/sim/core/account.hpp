// account.hpp — the simulated USD-M futures account: one margin asset (USDT) wallet,
// position mode (one-way / hedge), per-symbol leverage and margin type, positions per
// symbol × position side with entry notional, realized PnL, fees, isolated wallets,
// unrealized PnL at the mark price and the USD-M liquidation-price formula.
//
// Model (documented in docs/simulator-exchange.md):
//   * A position keeps `amount` (signed steps: LONG ≥ 0, SHORT ≤ 0, BOTH either) and
//     `cost` = |amount| × entry price in 1e-8 quote (exact). Entry price = cost / |amount|.
//   * A fill that increases a position adds its notional to cost. A fill that reduces it
//     removes cost pro rata (the whole cost on a full close) and realizes
//     PnL = exit notional − removed cost (long) or removed cost − exit notional (short).
//     In one-way mode a fill larger than the position closes it and opens the rest on the
//     other side at the fill price.
//   * Fee = notional × rate (maker or taker, config), rounded half away from zero to 1e-8.
//     Wallet += realized PnL − fee on every fill.
//   * Isolated positions move notional / leverage from the cross wallet into the
//     position's isolated wallet when they grow and release it pro rata when they shrink.
//     wallet() is the total; cross_wallet() = wallet − Σ isolated wallets (ACCOUNT_UPDATE
//     `wb` / `cw`).
//   * Break-even price = entry adjusted by the commission paid on the open position
//     (long: (cost + fees) / size, short: (cost − fees) / size).
//   * Liquidation price: the USD-M isolated/cross formula (liquidation.cpp).
//
// Errors are Reject values (reject.hpp; a face maps them to its codes). Threads: owned by the
// thread that drives the exchange; no allocation after construction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "market/symbol_table.hpp"
#include "sim/core/margin_brackets.hpp"
#include "sim/core/reject.hpp"
#include "sim/core/sim_config.hpp"

namespace xtb::sim {

struct PositionState {
  Qty amount = 0;              ///< signed steps (> 0 long, < 0 short)
  Amount cost = 0;             ///< |amount| × entry price, 1e-8 quote
  Amount open_fees = 0;        ///< commission paid on the open size (break-even price)
  Amount cum_realized = 0;     ///< accumulated pre-fee realized PnL (ACCOUNT_UPDATE `cr`)
  Amount isolated_wallet = 0;  ///< isolated margin (`iw`), 0 when cross
  EpochMs update_ms = 0;
};

struct SymbolAccount {
  std::uint16_t leverage = 20;
  bool isolated = false;
  Price mark_px = 0;           ///< last published mark price (ticks); 0 = none yet
  PositionState pos[3];        ///< indexed by PositionSide (Both, Long, Short)
};

/// What one fill did to the account.
struct FillEffect {
  Amount fee = 0;              ///< commission charged (negative = rebate)
  Amount realized_pnl = 0;     ///< pre-fee realized PnL
  Qty closed = 0;              ///< steps that reduced the position
  Qty opened = 0;              ///< steps that increased (or, after a flip, opened) it
};

class Account {
 public:
  /// Cold path. Throws ConfigError for an unknown symbol or a malformed initial position.
  Account(const SymbolTable& symbols, const ExchangeConfig& cfg);

  bool hedge_mode() const noexcept { return hedge_; }
  AssetId asset() const noexcept { return asset_; }
  /// The simulated venue (ExchangeConfig::venue, or the one venue of the symbol table).
  Venue venue() const noexcept { return venue_; }
  /// Total wallet balance (cross + isolated), 1e-8 asset units.
  Amount wallet() const noexcept { return wallet_; }
  /// Wallet minus every isolated wallet.
  Amount cross_wallet() const noexcept;
  const SymbolAccount& symbol(SymbolId s) const noexcept { return acct_[s]; }
  const PositionState& position(SymbolId s, PositionSide ps) const noexcept {
    return acct_[s].pos[static_cast<int>(ps)];
  }
  std::size_t symbol_count() const noexcept { return acct_.size(); }
  const BracketTable& brackets(SymbolId s) const noexcept { return brackets_[s]; }

  /// Position side an order on `requested` affects in the current mode.
  PositionSide effective_side(PositionSide requested) const noexcept {
    return hedge_ ? requested : PositionSide::Both;
  }
  /// Steps an order of `side` could still reduce on position side `ps` (0 when it would
  /// only increase the position).
  Qty closable(SymbolId s, PositionSide ps, Side side) const noexcept;

  /// Books one fill at `px` × `q` steps (q > 0). Hedge-mode callers clip closing fills to
  /// closable() first; one-way fills may flip the position.
  FillEffect apply_fill(SymbolId s, PositionSide ps, Side side, Price px, Qty q, bool maker, EpochMs now) noexcept;

  void set_mark(SymbolId s, Price mark) noexcept { acct_[s].mark_px = mark; }

  Amount unrealized_pnl(SymbolId s, PositionSide ps) const noexcept;
  /// Entry / break-even price, quote per base × 1e8 (0 without position).
  std::int64_t entry_price_e8(SymbolId s, PositionSide ps) const noexcept;
  std::int64_t break_even_e8(SymbolId s, PositionSide ps) const noexcept;
  /// Position notional at the mark (entry when no mark yet), absolute, 1e-8 quote.
  Amount position_notional(SymbolId s, PositionSide ps) const noexcept;
  /// notional × MMR − cum of the position's bracket.
  Amount maintenance_margin(SymbolId s, PositionSide ps) const noexcept;
  /// notional / leverage (rounded up).
  Amount initial_margin(SymbolId s, Amount notional) const noexcept;
  /// Liquidation price × 1e8 (liquidation.cpp); 0 = no position or not reachable.
  std::int64_t liquidation_price_e8(SymbolId s, PositionSide ps) const noexcept;
  /// Cross wallet + cross unrealized PnL − cross position margin − `open_order_margin`.
  Amount available_balance(Amount open_order_margin) const noexcept;
  bool has_any_position() const noexcept;
  bool has_position(SymbolId s) const noexcept;

  /// Leverage change: 1..max bracket leverage, else InvalidLeverage.
  Reject set_leverage(SymbolId s, std::int64_t leverage) noexcept;
  /// Margin-type change: NoNeedMarginType, MarginTypeOpenOrders, MarginTypePosition.
  Reject set_margin_type(SymbolId s, bool isolated, bool has_open_orders) noexcept;
  /// Position-mode change: NoNeedPositionSide, PositionSideOpenOrders, PositionSidePosition.
  Reject set_position_mode(bool hedge, bool has_open_orders) noexcept;

 private:
  PositionState& pos(SymbolId s, PositionSide ps) noexcept { return acct_[s].pos[static_cast<int>(ps)]; }
  void open_part(SymbolId s, PositionState& p, Side side, Price px, Qty q, Amount fee) noexcept;
  Amount close_part(SymbolId s, PositionState& p, Price px, Qty q) noexcept;
  void load_position(const InitialPosition& ip);

  const SymbolTable& symbols_;
  std::vector<SymbolAccount> acct_;
  std::vector<BracketTable> brackets_;
  Amount wallet_ = 0;
  Venue venue_ = Venue::None;
  AssetId asset_ = kNoAsset;
  std::int64_t maker_e8_, taker_e8_;
  bool hedge_ = false;
};

}  // namespace xtb::sim
