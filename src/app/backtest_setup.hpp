// backtest_setup.hpp — cold-path helpers of `xtb backtest` (app/backtest.hpp): what the
// capture contains, the default starting account, the strategy config for the captured
// symbol, the sequencer's connection roles, and the venue facts the closer needs before it
// trades. Everything here runs once at start-up, may allocate and throws
// std::runtime_error with a readable message.
#pragma once
#include <cstdint>
#include <string>
#include <stdexcept>
#include <vector>

#include "pipeline/sequencer/sequencer_stage.hpp"
#include "sim/core/sim_egress_types.hpp"
#include "market/symbol_table.hpp"
#include "sim/capture.hpp"
#include "sim/core/sim_config.hpp"
#include "strategy/strategy_config.hpp"

namespace xtb {

/// The first best bid/ask of a capture (hftbacktest `<ns> <json>` or cryptofeed format).
struct CaptureProbe {
  SymbolId symbol = kNoSymbol;   ///< symbol of the first bookTicker
  Price bid = 0, ask = 0;        ///< ticks
  std::int64_t first_ns = 0;     ///< capture time of that record
};

/// Decodes records until the first bookTicker of a known symbol. Throws when none exists.
/// The first valid best bid/offer (bid > 0, ask > bid) of every symbol of the capture that
/// the table knows, in order of first appearance, read through venue V's capture feed
/// (venue/offline_venue.hpp); `first_only` stops at the first. Throws when there is none.
template <class V>
std::vector<CaptureProbe> probe_capture_symbols(const Capture& cap, const SymbolTable& symbols, bool first_only) {
  const auto decoder = V::make_decoder(symbols, cap.max_record_bytes() + 1024);
  typename V::CaptureFeed feed(cap, *decoder, kNoSymbol);
  std::vector<CaptureProbe> out;
  std::vector<bool> seen(symbols.size(), false);
  const Event* ev = nullptr;
  std::size_t n = 0;
  EpochMs ms = 0;
  while (feed.next(ev, n, ms) && !(first_only && !out.empty())) {
    for (std::size_t i = 0; i < n; ++i) {
      const SymbolId sym = ev[i].h.symbol;
      if (ev[i].h.type != EventType::BestBidOffer || sym == kNoSymbol || seen[sym]) continue;
      const BestBidOffer& b = ev[i].bbo;
      if (b.bid_px <= 0 || b.ask_px <= b.bid_px) continue;
      seen[sym] = true;
      out.push_back(CaptureProbe{sym, b.bid_px, b.ask_px, cap[feed.position() - 1].recv_ns});
      if (first_only) break;
    }
  }
  if (out.empty()) throw std::runtime_error("the capture has no best bid/offer of a symbol in the exchange info");
  return out;
}

/// Starting account when no --account file is given: hedge mode, `wallet_usdt`, the
/// symbol ISOLATED at `leverage`, a LONG and a SHORT each worth `notional_usdt` at the
/// first mid (quantity rounded down to the step, at least minQty), entered 0.5 % better
/// than the mid (LONG below, SHORT above) so both sides start slightly in profit.
sim::ExchangeConfig default_account(const SymbolTable& symbols, const CaptureProbe& p, std::int64_t notional_usdt,
                                    std::uint16_t leverage, std::int64_t wallet_usdt);

/// The strategy config with `symbol` added from the `global:` defaults when it has no
/// `symbols:` entry (so any captured symbol can be backtested). Returns a note when added.
std::string ensure_symbol(strategy::StrategyConfig& cfg, std::string_view symbol);

/// Sequencer roles for the connection ids the simulated egress uses.
std::array<ConnRole, SequencerConfig::kMaxConns> backtest_roles(const SimConnIds& ids);

/// Liquidation price and leverage of each hedge side from the simulated venue's account
/// (what GET /fapi/v2/positionRisk reports at start-up) → closer.set_position_risk. The
/// price is rounded toward the mark (LONG up, SHORT down) so dist_to_liq is never
/// overstated; a price outside the symbol's PRICE_FILTER range cannot be reached (e.g. a
/// cross-margin hedge whose formula lands at millions) and is passed as 0 = unknown.
/// Returns the prices set (ticks, 0 = none) for the summary.
struct LiquidationPrices {
  Price long_px = 0, short_px = 0;
  std::int32_t leverage = 1;
  bool isolated = false;
};
LiquidationPrices apply_liquidation_prices(SequencerStage& seq, const sim::SimExchange& x, SymbolId s);

}  // namespace xtb
