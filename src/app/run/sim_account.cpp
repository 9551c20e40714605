// sim_account.cpp — see sim_account.hpp.
#include "app/run/sim_account.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/backtest_setup.hpp"
#include "sim/capture.hpp"
#include "sim/exchange/capture_feed.hpp"
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

// The first valid bookTicker of every symbol of the capture that the exchange info knows,
// in order of first appearance (a cryptofeed recording holds several symbols).
std::vector<CaptureProbe> probe_every_symbol(const Capture& cap, const SymbolTable& symbols) {
  binance::Decoder decoder(symbols, cap.max_record_bytes() + 1024);
  sim::CaptureFeed feed(cap, decoder, kNoSymbol);
  std::vector<CaptureProbe> out;
  std::vector<bool> seen(symbols.size(), false);
  const Event* ev = nullptr;
  std::size_t n = 0;
  EpochMs ms = 0;
  while (feed.next(ev, n, ms)) {
    for (std::size_t i = 0; i < n; ++i) {
      const SymbolId sym = ev[i].h.symbol;
      if (ev[i].h.type != EventType::BookTicker || sym == kNoSymbol || seen[sym]) continue;
      const BookTicker& b = ev[i].book_ticker;
      if (b.bid_px <= 0 || b.ask_px <= b.bid_px) continue;
      seen[sym] = true;
      out.push_back(CaptureProbe{sym, b.bid_px, b.ask_px, cap[feed.position() - 1].recv_ns});
    }
  }
  if (out.empty()) throw std::runtime_error("the capture has no bookTicker of a symbol in the exchange info");
  return out;
}

const char* side_text(PositionSide ps) { return ps == PositionSide::Long ? "LONG" : ps == PositionSide::Short ? "SHORT" : "BOTH"; }

}  // namespace

SimAccount make_sim_account(const SimAccountOptions& o) {
  SymbolTable symbols;
  const auto info = binance::load_exchange_info(exchange_info_text(o.exchange_info), symbols);
  if (!info.ok()) throw std::runtime_error("exchange info '" + o.exchange_info + "': " + info.error);
  const Capture cap = Capture::load(o.capture);
  if (cap.size() == 0) throw std::runtime_error("capture '" + o.capture + "' has no records");
  const std::vector<CaptureProbe> probes = probe_every_symbol(cap, symbols);
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
