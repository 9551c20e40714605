// sim_account.cpp — see sim_account.hpp.
#include "app/run/sim_account.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/backtest_setup.hpp"
#include "sim/capture.hpp"
#include "venue/binance/exchange_info.hpp"

namespace xtb::run {
namespace {

std::string e8_text(std::int64_t v) {
  const bool neg = v < 0;
  const std::uint64_t a = neg ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v);
  std::string frac = fmt::format("{:08d}", a % 100'000'000u);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return fmt::format("{}{}{}{}", neg ? "-" : "", a / 100'000'000u, frac.empty() ? "" : ".", frac);
}

const char* side_text(PositionSide ps) { return ps == PositionSide::Long ? "LONG" : ps == PositionSide::Short ? "SHORT" : "BOTH"; }

}  // namespace

SimAccount make_sim_account(const SimAccountOptions& o) {
  SymbolTable symbols;
  const auto info = binance::load_exchange_info(read_file_maybe_gz(o.exchange_info), symbols);
  if (!info.ok()) throw std::runtime_error("exchange info '" + o.exchange_info + "': " + info.error);
  const Capture cap = Capture::load(o.capture);
  if (cap.size() == 0) throw std::runtime_error("capture '" + o.capture + "' has no records");
  const CaptureProbe probe = probe_capture(cap, symbols);
  const sim::ExchangeConfig c = default_account(symbols, probe, o.notional_usdt, o.leverage, o.wallet_usdt);
  SimAccount out;
  out.symbol = std::string(symbols.name(probe.symbol));
  out.first_ns = static_cast<double>(cap[0].recv_ns);
  out.last_ns = static_cast<double>(cap[cap.size() - 1].recv_ns);
  std::string y = fmt::format(
      "# xtb-sim starting account for {} (xtb sim-account: {} USDT per side at the first mid {}/{} ticks,\n"
      "# hedge mode, isolated {}x, entries 0.5 % in profit). Keys: configs/sim-account.yaml.\n",
      out.symbol, o.notional_usdt, probe.bid, probe.ask, o.leverage);
  y += fmt::format("asset: {}\nwallet: \"{}\"\nhedge_mode: true\nleverage: {}\nmargin_type: {}\n", c.asset,
                   e8_text(c.wallet), c.default_leverage, c.default_isolated ? "ISOLATED" : "CROSSED");
  y += "symbols:\n";
  for (const sim::SymbolAccountConfig& s : c.symbols)
    y += fmt::format("  - {{symbol: {}, leverage: {}, margin_type: {}}}\n", s.symbol, s.leverage,
                     s.isolated == 1 ? "ISOLATED" : "CROSSED");
  y += "positions:\n";
  for (const sim::InitialPosition& p : c.positions)
    y += fmt::format("  - {{symbol: {}, side: {}, amount: \"{}\", entry_price: \"{}\"}}\n", p.symbol, side_text(p.side),
                     p.amount, p.entry_price);
  out.yaml = std::move(y);
  return out;
}

}  // namespace xtb::run
