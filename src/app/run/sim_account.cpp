// sim_account.cpp — see sim_account.hpp.
#include "app/run/sim_account.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/backtest_setup.hpp"
#include "sim/capture.hpp"
#include "venue/offline_venues.hpp"

namespace xtb::run {
namespace {

std::string e8_text(std::int64_t v) {
  const bool neg = v < 0;
  const std::uint64_t a = neg ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v);
  std::string frac = fmt::format("{:08d}", a % 100'000'000u);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return fmt::format("{}{}{}{}", neg ? "-" : "", a / 100'000'000u, frac.empty() ? "" : ".", frac);
}

// exchangeInfo JSON, or a cryptofeed REST capture of it (`<url> -> <unix_s>: <json>`, as
// xtb-sim --exchange-info takes): the first record's JSON.
std::string exchange_info_text(const std::string& path) {
  std::string text = read_file_maybe_gz(path, "exchangeInfo file");
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') return text;
  try {
    const Capture cap = Capture::load(path, CaptureFormat::CryptofeedHttp);
    return std::string(cap.json(0));
  } catch (const CaptureError&) {
    throw std::runtime_error("exchange info '" + path + "' is not a JSON object nor a cryptofeed REST capture of one");
  }
}

const char* side_text(PositionSide ps) { return ps == PositionSide::Long ? "LONG" : ps == PositionSide::Short ? "SHORT" : "BOTH"; }

template <OfflineVenue V>
std::vector<CaptureProbe> probe_for(const SimAccountOptions& o, SymbolTable& symbols, const Capture& cap) {
  if (const std::string e = V::load_symbols(exchange_info_text(o.exchange_info), symbols); !e.empty())
    throw std::runtime_error("exchange info '" + o.exchange_info + "': " + e);
  return probe_capture_symbols<V>(cap, symbols, false);
}

}  // namespace

SimAccount make_sim_account(const SimAccountOptions& o) {
  SymbolTable symbols;
  const Capture cap = Capture::load(o.capture);
  if (cap.size() == 0) throw std::runtime_error("capture '" + o.capture + "' has no records");
  const std::vector<CaptureProbe> probes = with_offline_venue(
      o.venue, [&]<class V>(std::type_identity<V>) { return probe_for<V>(o, symbols, cap); });
  sim::ExchangeConfig c = default_account(symbols, probes.front(), o.notional_usdt, o.leverage, o.wallet_usdt);
  SimAccount out;
  std::string prices;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const std::string name(symbols.name(probes[i].symbol));
    out.symbols.push_back(name);
    out.symbol += (i == 0 ? "" : ",") + name;
    prices += fmt::format("{}{} {}/{}", i == 0 ? "" : ", ", name, probes[i].bid, probes[i].ask);
    if (i == 0) continue;
    const sim::ExchangeConfig more = default_account(symbols, probes[i], o.notional_usdt, o.leverage, o.wallet_usdt);
    c.symbols.insert(c.symbols.end(), more.symbols.begin(), more.symbols.end());
    c.positions.insert(c.positions.end(), more.positions.begin(), more.positions.end());
  }
  out.first_ns = static_cast<double>(cap[0].recv_ns);
  out.last_ns = static_cast<double>(cap[cap.size() - 1].recv_ns);
  std::string y = fmt::format(
      "# xtb-sim starting account for {} (xtb sim-account: {} USDT per side at the first mid,\n"
      "# bid/ask ticks: {}; hedge mode, isolated {}x, entries 0.5 % in profit). Keys: configs/sim-account.yaml.\n",
      out.symbol, o.notional_usdt, prices, o.leverage);
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
