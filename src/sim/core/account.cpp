// account.cpp — positions, fees, PnL and account settings (see account.hpp). The
// liquidation price lives in liquidation.cpp.
#include "sim/core/account.hpp"

#include <charconv>
#include <string>

#include "sim/core/fixed_math.hpp"

namespace xtb::sim {
namespace {

constexpr std::int64_t kE8 = 100'000'000;

int sign_of(Qty a) noexcept { return a > 0 ? 1 : a < 0 ? -1 : 0; }

}  // namespace

Account::Account(const SymbolTable& symbols, const ExchangeConfig& cfg)
    : symbols_(symbols), wallet_(cfg.wallet), maker_e8_(cfg.maker_fee_e8), taker_e8_(cfg.taker_fee_e8),
      hedge_(cfg.hedge_mode) {
  asset_ = symbols.find_asset(cfg.asset);
  venue_ = cfg.venue;
  if (venue_ == Venue::None && symbols.size() > 0) {
    venue_ = symbols.venue(0);
    for (SymbolId i = 1; i < symbols.size(); ++i)
      if (symbols.venue(i) != venue_) throw ConfigError("the symbol table holds several venues: name the simulated one");
  }
  acct_.resize(symbols.size());
  brackets_.resize(symbols.size());
  std::size_t nd = 0;
  const BracketSpec* dflt = default_btcusdt_brackets(nd);
  // D6/X9: a leverage of 0 (xtb backtest --leverage 0) was divided by in initial_margin.
  if (cfg.default_leverage < 1 || cfg.default_leverage > kMaxLeverage)
    throw ConfigError("leverage must be 1..125, got " + std::to_string(cfg.default_leverage));
  if (cfg.wallet < 0) throw ConfigError("wallet must be >= 0");
  for (std::size_t i = 0; i < acct_.size(); ++i) {
    acct_[i].leverage = cfg.default_leverage;
    acct_[i].isolated = cfg.default_isolated;
    const bool ok = cfg.brackets.empty() ? brackets_[i].build(dflt, nd)
                                         : brackets_[i].build(cfg.brackets.data(), cfg.brackets.size());
    if (!ok) throw ConfigError("invalid bracket table");
  }
  for (const SymbolAccountConfig& sc : cfg.symbols) {
    const SymbolId s = symbols.find(venue_, sc.symbol);
    if (s == kNoSymbol) throw ConfigError("symbols: unknown symbol '" + sc.symbol + "'");
    if (!sc.brackets.empty() && !brackets_[s].build(sc.brackets.data(), sc.brackets.size()))
      throw ConfigError("symbols." + sc.symbol + ".brackets: invalid table");
    if (sc.leverage != 0) {
      if (sc.leverage > brackets_[s].max_leverage()) throw ConfigError("symbols." + sc.symbol + ".leverage too high");
      acct_[s].leverage = sc.leverage;
    }
    if (sc.isolated >= 0) acct_[s].isolated = sc.isolated == 1;
  }
  for (const InitialPosition& ip : cfg.positions) load_position(ip);
}

void Account::load_position(const InitialPosition& ip) {
  const SymbolId s = symbols_.find(venue_, ip.symbol);
  if (s == kNoSymbol) throw ConfigError("positions: unknown symbol '" + ip.symbol + "'");
  if (hedge_ == (ip.side == PositionSide::Both))
    throw ConfigError("positions." + ip.symbol + ": side must be LONG/SHORT in hedge mode, BOTH in one-way mode");
  const SymbolRules& r = symbols_.rules(s);
  Qty amount = 0;
  std::int64_t entry_e8 = 0;
  if (parse_qty(r, ip.amount, amount) != DecimalError::Ok)
    throw ConfigError("positions." + ip.symbol + ".amount: not on the step grid: '" + ip.amount + "'");
  if (parse_decimal(ip.entry_price, kAmountDecimalScale, Rounding::Exact, entry_e8) != DecimalError::Ok || entry_e8 <= 0)
    throw ConfigError("positions." + ip.symbol + ".entry_price: invalid '" + ip.entry_price + "'");
  if ((ip.side == PositionSide::Long && amount < 0) || (ip.side == PositionSide::Short && amount > 0))
    throw ConfigError("positions." + ip.symbol + ": amount sign does not match the side");
  PositionState& p = pos(s, ip.side);
  p.amount = amount;
  p.cost = static_cast<Amount>(div_round(qty_to_e8(r, amount < 0 ? -amount : amount) * entry_e8, kE8));
  if (acct_[s].isolated) {
    p.isolated_wallet = initial_margin(s, p.cost);
  }
}

Amount Account::cross_wallet() const noexcept {
  Amount iso = 0;
  for (const SymbolAccount& a : acct_)
    for (const PositionState& p : a.pos) iso += p.isolated_wallet;
  return wallet_ - iso;
}

Qty Account::closable(SymbolId s, PositionSide ps, Side side) const noexcept {
  const Qty a = position(s, ps).amount;
  if (side == Side::Sell) return a > 0 ? a : 0;
  return a < 0 ? -a : 0;
}

void Account::open_part(SymbolId s, PositionState& p, Side side, Price px, Qty q, Amount fee) noexcept {
  const Amount n = notional(symbols_.rules(s), px, q);
  p.cost += n;
  p.amount += side == Side::Buy ? q : -q;
  p.open_fees += fee;
  if (acct_[s].isolated) p.isolated_wallet += initial_margin(s, n);
}

Amount Account::close_part(SymbolId s, PositionState& p, Price px, Qty q) noexcept {
  const Qty size = p.amount < 0 ? -p.amount : p.amount;
  const bool full = q >= size;
  const Amount cost_part = full ? p.cost : mul_div_round(p.cost, q, size);
  const Amount fee_part = full ? p.open_fees : mul_div_round(p.open_fees, q, size);
  const Amount iw_part = full ? p.isolated_wallet : mul_div_round(p.isolated_wallet, q, size);
  const Amount exit = notional(symbols_.rules(s), px, q);
  const Amount pnl = p.amount > 0 ? exit - cost_part : cost_part - exit;
  p.cost -= cost_part;
  p.open_fees -= fee_part;
  p.isolated_wallet -= iw_part;  // released to the cross wallet
  p.amount += p.amount > 0 ? -q : q;
  p.cum_realized += pnl;
  return pnl;
}

FillEffect Account::apply_fill(SymbolId s, PositionSide ps, Side side, Price px, Qty q, bool maker,
                               EpochMs now) noexcept {
  FillEffect fx;
  if (q <= 0) return fx;
  const SymbolRules& r = symbols_.rules(s);
  fx.fee = mul_div_round(notional(r, px, q), maker ? maker_e8_ : taker_e8_, kE8);
  PositionState& p = pos(s, ps);
  const int dir = side == Side::Buy ? 1 : -1;
  if (p.amount == 0 || sign_of(p.amount) == dir) {
    open_part(s, p, side, px, q, fx.fee);
    fx.opened = q;
  } else {
    const Qty size = p.amount < 0 ? -p.amount : p.amount;
    fx.closed = q < size ? q : size;
    fx.realized_pnl = close_part(s, p, px, fx.closed);
    const Qty rest = q - fx.closed;
    if (rest > 0 && ps == PositionSide::Both) {  // one-way flip: open the remainder
      const Amount rest_fee = mul_div_round(fx.fee, rest, q);
      open_part(s, p, side, px, rest, rest_fee);
      fx.opened = rest;
    }
  }
  p.update_ms = now;
  wallet_ += fx.realized_pnl - fx.fee;
  return fx;
}

Amount Account::unrealized_pnl(SymbolId s, PositionSide ps) const noexcept {
  const PositionState& p = position(s, ps);
  const Price mark = acct_[s].mark_px;
  if (p.amount == 0 || mark <= 0) return 0;
  const Amount at_mark = notional(symbols_.rules(s), mark, p.amount);
  return p.amount > 0 ? at_mark - p.cost : p.cost - at_mark;
}

std::int64_t Account::entry_price_e8(SymbolId s, PositionSide ps) const noexcept {
  const PositionState& p = position(s, ps);
  return average_price_e8(symbols_.rules(s), p.cost, p.amount);
}

std::int64_t Account::break_even_e8(SymbolId s, PositionSide ps) const noexcept {
  const PositionState& p = position(s, ps);
  const Amount adj = p.amount > 0 ? p.cost + p.open_fees : p.cost - p.open_fees;
  return average_price_e8(symbols_.rules(s), adj, p.amount);
}

Amount Account::position_notional(SymbolId s, PositionSide ps) const noexcept {
  const PositionState& p = position(s, ps);
  const Price mark = acct_[s].mark_px;
  return mark > 0 ? notional(symbols_.rules(s), mark, p.amount) : p.cost;
}

Amount Account::maintenance_margin(SymbolId s, PositionSide ps) const noexcept {
  if (position(s, ps).amount == 0) return 0;
  const Amount n = position_notional(s, ps);
  const Bracket& b = brackets_[s].for_notional(n);
  return mul_div_round(n, b.mmr_e8, kE8) - b.cum;
}

Amount Account::initial_margin(SymbolId s, Amount notional_value) const noexcept {
  const std::int64_t lev = acct_[s].leverage > 0 ? acct_[s].leverage : 1;  // never 0 (ctor, set_leverage)
  return (notional_value + lev - 1) / lev;
}

Amount Account::available_balance(Amount open_order_margin) const noexcept {
  Amount avail = cross_wallet() - open_order_margin;
  for (std::size_t i = 0; i < acct_.size(); ++i) {
    if (acct_[i].isolated) continue;
    const SymbolId s = static_cast<SymbolId>(i);
    for (PositionSide ps : {PositionSide::Both, PositionSide::Long, PositionSide::Short}) {
      if (position(s, ps).amount == 0) continue;
      avail += unrealized_pnl(s, ps) - initial_margin(s, position_notional(s, ps));
    }
  }
  return avail;
}

bool Account::has_position(SymbolId s) const noexcept {
  for (const PositionState& p : acct_[s].pos)
    if (p.amount != 0) return true;
  return false;
}

bool Account::has_any_position() const noexcept {
  for (std::size_t i = 0; i < acct_.size(); ++i)
    if (has_position(static_cast<SymbolId>(i))) return true;
  return false;
}

Reject Account::set_leverage(SymbolId s, std::int64_t leverage) noexcept {
  Reject r;
  if (leverage < 1 || leverage > brackets_[s].max_leverage()) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, leverage);
    r.set_arg(RejectCode::InvalidLeverage, std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)));
    return r;
  }
  acct_[s].leverage = static_cast<std::uint16_t>(leverage);
  return r;
}

Reject Account::set_margin_type(SymbolId s, bool isolated, bool has_open_orders) noexcept {
  Reject r;
  if (acct_[s].isolated == isolated)
    r.set(RejectCode::NoNeedMarginType);
  else if (has_open_orders)
    r.set(RejectCode::MarginTypeOpenOrders);
  else if (has_position(s))
    r.set(RejectCode::MarginTypePosition);
  else acct_[s].isolated = isolated;
  return r;
}

Reject Account::set_position_mode(bool hedge, bool has_open_orders) noexcept {
  Reject r;
  if (hedge_ == hedge)
    r.set(RejectCode::NoNeedPositionSide);
  else if (has_open_orders)
    r.set(RejectCode::PositionSideOpenOrders);
  else if (has_any_position())
    r.set(RejectCode::PositionSidePosition);
  else hedge_ = hedge;
  return r;
}

}  // namespace xtb::sim
