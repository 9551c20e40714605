// backtest_setup.cpp — see backtest_setup.hpp.
#include "app/backtest_setup.hpp"

#include <stdexcept>

#include "strategy/engine_rules.hpp"

namespace xtb {
namespace {

std::string text_of(std::size_t (*fmt)(const SymbolRules&, std::int64_t, char*, std::size_t) noexcept,
                    const SymbolRules& r, std::int64_t v) {
  char buf[64];
  return std::string(buf, fmt(r, v, buf, sizeof buf));
}

}  // namespace

sim::ExchangeConfig default_account(const SymbolTable& symbols, const CaptureProbe& p, std::int64_t notional_usdt,
                                    std::uint16_t leverage, std::int64_t wallet_usdt) {
  const SymbolRules& r = symbols.rules(p.symbol);
  Amount one_step = 0;
  if (!notional_amount(r, p.ask, 1, one_step) || one_step <= 0)
    throw std::runtime_error("cannot value one quantity step of the captured symbol");
  Qty qty = static_cast<Qty>(static_cast<__int128>(notional_usdt) * kAmountScale / one_step);
  if (qty < r.min_qty) qty = r.min_qty > 0 ? r.min_qty : 1;
  const __int128 mid_x2 = static_cast<__int128>(p.bid) + p.ask;
  // mid × 0.995 and mid × 1.005 in ticks, rounded to the nearest tick.
  const Price long_entry = static_cast<Price>((mid_x2 * 995 + 1000) / 2000);
  const Price short_entry = static_cast<Price>((mid_x2 * 1005 + 1000) / 2000);

  sim::ExchangeConfig c;
  c.asset = r.margin_asset != kNoAsset ? std::string(symbols.asset_name(r.margin_asset)) : "USDT";
  c.wallet = wallet_usdt * kAmountScale;
  c.hedge_mode = true;
  c.default_leverage = leverage;
  const std::string name(symbols.name(p.symbol));
  sim::SymbolAccountConfig sc;
  sc.symbol = name;
  sc.leverage = leverage;
  sc.isolated = 1;  // each side's liquidation price on its own: a meaningful protective stop
  c.symbols.push_back(sc);
  const std::string q = text_of(&format_qty, r, qty);
  c.positions.push_back({name, PositionSide::Long, q, text_of(&format_price, r, long_entry)});
  c.positions.push_back({name, PositionSide::Short, "-" + q, text_of(&format_price, r, short_entry)});
  c.max_fills = 1u << 16;
  return c;
}

std::string ensure_symbol(strategy::StrategyConfig& cfg, std::string_view symbol) {
  if (cfg.find(symbol) != nullptr) return {};
  strategy::SymbolConfig s;
  s.name = std::string(symbol);
  s.written = s.name;
  s.params = cfg.defaults;
  cfg.symbols.push_back(std::move(s));
  return "symbol " + std::string(symbol) + " has no 'symbols:' entry in the config: traded with the global defaults";
}

std::array<ConnRole, SequencerConfig::kMaxConns> backtest_roles(const SimConnIds& ids) {
  std::array<ConnRole, SequencerConfig::kMaxConns> roles{};
  auto set = [&](std::uint16_t id, ConnRole role) {
    if (id >= roles.size()) throw std::runtime_error("connection id beyond the sequencer's role table");
    if (roles[id] != ConnRole::Unknown) throw std::runtime_error("two roles share one connection id");
    roles[id] = role;
  };
  set(ids.market, ConnRole::Market);
  set(ids.user_stream, ConnRole::UserStream);
  set(ids.order_rest, ConnRole::OrderRest);
  set(ids.reconcile_rest, ConnRole::ReconcileRest);
  return roles;
}

LiquidationPrices apply_liquidation_prices(SequencerStage& seq, const sim::SimExchange& x, SymbolId s) {
  Amount tick_e8 = 0;
  if (!strategy::scale_to_amount(x.symbols().rules(s).price, tick_e8) || tick_e8 <= 0)
    throw std::runtime_error("tick size finer than 1e-8");
  const SymbolRules& r = x.symbols().rules(s);
  auto reachable = [&r](Price px) {
    return px > 0 && (r.min_price == 0 || px >= r.min_price) && (r.max_price == 0 || px <= r.max_price) ? px : 0;
  };
  LiquidationPrices lp;
  lp.leverage = x.account().symbol(s).leverage;
  lp.isolated = x.account().symbol(s).isolated;
  const std::int64_t l = x.account().liquidation_price_e8(s, PositionSide::Long);
  const std::int64_t h = x.account().liquidation_price_e8(s, PositionSide::Short);
  lp.long_px = reachable(l > 0 ? static_cast<Price>((l + tick_e8 - 1) / tick_e8) : 0);  // toward the mark
  lp.short_px = reachable(h > 0 ? static_cast<Price>(h / tick_e8) : 0);
  for (std::size_t i = 0; i < seq.strategy_count(); ++i) {
    seq.strategy(i).on_position_risk(s, PositionSide::Long, lp.long_px, lp.leverage);
    seq.strategy(i).on_position_risk(s, PositionSide::Short, lp.short_px, lp.leverage);
  }
  return lp;
}

}  // namespace xtb
