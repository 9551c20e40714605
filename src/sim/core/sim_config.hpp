// sim_config.hpp — configuration of the simulated exchange core: starting account
// (balance, position mode, leverage and margin type per symbol, open positions), fee
// rates, margin brackets, mark-price rule, capacities. Plain data built at start-up (cold
// path); load_exchange_config() reads the YAML account file of `xtb-sim --account`.
//
// Defaults: 10'000 USDT, one-way mode, 20× cross, USD-M VIP 0 fees (maker 0.02 %,
// taker 0.05 %), the USD-M BTCUSDT bracket table, mark = 1 s EMA of the mid published
// every 1 s (mark_price.hpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "sim/core/margin_brackets.hpp"

namespace xtb::sim {

/// Per-symbol account settings (leverage, margin type).
struct SymbolAccountConfig {
  std::string symbol;
  std::uint16_t leverage = 0;  ///< 0 = ExchangeConfig::default_leverage
  int isolated = -1;           ///< -1 = default, 0 = CROSSED, 1 = ISOLATED
  std::vector<BracketSpec> brackets;  ///< empty = ExchangeConfig::brackets
};

/// A position the account starts with. Decimal texts as the venue writes them.
struct InitialPosition {
  std::string symbol;
  PositionSide side = PositionSide::Both;  ///< LONG/SHORT in hedge mode, BOTH in one-way
  std::string amount;       ///< signed base quantity ("0.010", "-0.5")
  std::string entry_price;  ///< "61800.20"
};

/// Highest leverage of USD-M's brackets (125×); every leverage is 1..kMaxLeverage.
inline constexpr std::uint16_t kMaxLeverage = 125;

struct ExchangeConfig {
  /// The simulated venue: its instruments are looked up as (venue, name). None: the venue
  /// of the symbol table's instruments (they must all share one; Account checks).
  Venue venue = Venue::None;
  std::string asset = "USDT";            ///< margin/commission asset
  Amount wallet = 10'000 * kAmountScale;  ///< starting wallet balance, 1e-8 asset units
  bool hedge_mode = false;               ///< dualSidePosition
  std::uint16_t default_leverage = 20;  ///< 1..kMaxLeverage (checked by the loader and Account)
  bool default_isolated = false;
  std::int64_t maker_fee_e8 = 20'000;    ///< 0.0002 × 1e8 (may be negative: rebate)
  std::int64_t taker_fee_e8 = 50'000;    ///< 0.0005 × 1e8
  std::vector<BracketSpec> brackets;     ///< empty = default_btcusdt_brackets()
  std::vector<SymbolAccountConfig> symbols;
  std::vector<InitialPosition> positions;

  // Capacities (preallocated at construction; nothing grows afterwards).
  std::size_t max_open_orders = 4096;    ///< order pool; full → -2025
  std::size_t order_history = 4096;      ///< terminal orders kept for queries
  std::size_t max_fills = 1u << 20;      ///< fill-ledger rows (further fills are counted, not stored)
  std::size_t book_levels = 2048;        ///< replayed book depth per side

  std::uint64_t first_order_id = 1'000'001;  ///< deterministic id sequences
  std::uint64_t first_trade_id = 5'000'001;
  std::uint64_t first_algo_id = 1'000'000'000'001;  ///< algoId sequence (disjoint from orderIds)
  std::size_t max_batch_orders = 5;                 ///< batch new-order limit
  std::size_t max_batch_cancels = 10;               ///< batch cancel limit

  EpochMs mark_tau_ms = 1000;            ///< EMA time constant of the mark price
  EpochMs mark_interval_ms = 1000;       ///< publication period (markPriceUpdate@1s)
  bool check_margin = true;              ///< -2019 on insufficient initial margin
  /// On a stop trigger, report EXPIRED (stop type) then NEW (type MARKET, same ids) as
  /// the venue did before the 2025 algo-order service; false → only the fills follow.
  bool stop_expire_then_new = true;
  /// Accept STOP_MARKET / TAKE_PROFIT_MARKET on the plain order entry (the USD-M venue
  /// before 2025-12-09). false → UseConditionalService there, as the live venue answers; the algo endpoint
  /// (SimExchange::new_algo_order) works either way.
  bool conditional_on_order_endpoint = true;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads a YAML account file (cold path). Keys (all optional):
///   asset: USDT            wallet: "10000"        hedge_mode: true
///   leverage: 20           margin_type: CROSSED|ISOLATED
///   maker_fee: "0.0002"    taker_fee: "0.0005"
///   brackets: [{floor: "0", mmr: "0.004", max_leverage: 125}, ...]
///   symbols: [{symbol: BTCUSDT, leverage: 10, margin_type: ISOLATED}]
///   positions: [{symbol: BTCUSDT, side: LONG, amount: "0.010", entry_price: "61800"}]
///   first_order_id / first_trade_id / max_open_orders / check_margin /
///   mark_tau_ms / mark_interval_ms / stop_expire_then_new / conditional_on_order_endpoint
/// Throws ConfigError with the offending key on malformed input.
ExchangeConfig load_exchange_config(const std::string& path);
/// Same from YAML text (tests).
ExchangeConfig parse_exchange_config(const std::string& yaml_text);

}  // namespace xtb::sim
