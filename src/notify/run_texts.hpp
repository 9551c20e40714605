// run_texts.hpp — the run's own notifications (review B6): the start message, sent once
// `xtb run` trades, and the summary, sent after shutdown (NotifierService::send_final), in
// the language of notify.language (seed 002's Chinese multi-line form, or English):
//   【启动】xtb run                        xtb run started: run ab12cd34, venue https://…
//     运行ID: ab12cd34                       BTCUSDT LONG 0.050
//     交易所: https://fapi.binance.com       BTCUSDT SHORT 0.050
//     仓位: BTCUSDT 多 0.050
//   【运行结束】xtb run                    xtb run finished: run ab12cd34, OK
//     运行ID / 原因 / 用时 / 结果              stop: both sides flat; 12.3 s
//     BTCUSDT 平多: 0.050 -> 0 (成交 5 笔, 均价 61234.5)   BTCUSDT LONG: 0.050 → 0 (5 fills, avg exit 61234.5)
// The plain structs keep src/notify free of the app's types; run_start_of / run_summary_of
// fill them from `xtb run`'s config, positionRisk rows and report (templates, so this
// header needs none of those types).
// Thread: any (cold path). Allocates.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "market/symbol_table.hpp"
#include "notify/alert_text.hpp"
#include "notify/language.hpp"

namespace xtb::notify {

struct RunSideText {
  std::string symbol;
  PositionSide side = PositionSide::Long;
  std::string start, remaining;  ///< quantities as the venue writes them
  std::uint64_t fills = 0;
  std::string avg_exit;          ///< "" = nothing filled
};

struct RunStartText {
  std::string run_id, venue;
  std::vector<RunSideText> positions;  ///< open sides at start-up (start = size)
};

struct RunSummaryText {
  std::string run_id, stop_reason;
  double wall_s = 0;
  bool ok = false;
  std::vector<RunSideText> sides;  ///< sides that were open at the start or filled
};

std::string format_run_start(const RunStartText& r, Language lang);
std::string format_run_summary(const RunSummaryText& r, Language lang);

/// `cfg`: RunConfig (engine.run_id, venues[].rest_url); `risk[i]`: PositionRisk of tracked[i]
/// (long_side / short_side .amount, signed steps).
template <class Cfg, class Risk>
RunStartText run_start_of(const Cfg& cfg, const SymbolTable& symbols, const std::vector<SymbolId>& tracked,
                          const std::vector<Risk>& risk) {
  RunStartText t{cfg.engine.run_id, {}, {}};
  for (const auto& v : cfg.venues) t.venue += (t.venue.empty() ? "" : ", ") + v.rest_url;
  for (std::size_t i = 0; i < tracked.size() && i < risk.size(); ++i)
    for (const auto* s : {&risk[i].long_side, &risk[i].short_side}) {
      if (s->amount == 0) continue;
      RunSideText side;
      side.symbol = symbol_text(symbols, tracked[i]);
      side.side = s == &risk[i].long_side ? PositionSide::Long : PositionSide::Short;
      side.start = qty_text(symbols, tracked[i], s->amount < 0 ? -s->amount : s->amount);
      t.positions.push_back(std::move(side));
    }
  return t;
}

/// `r`: RunReport (symbols[].name / .sides[].side, start, start_qty, remaining_engine,
/// stats.fills, avg_exit; stop_reason, wall_s, ok()).
template <class Report>
RunSummaryText run_summary_of(const Report& r, const std::string& run_id) {
  RunSummaryText t{run_id, r.stop_reason, r.wall_s, r.ok(), {}};
  for (const auto& sym : r.symbols)
    for (const auto& sd : sym.sides) {
      if (sd.start_qty == 0 && sd.stats.fills == 0) continue;
      char avg[32] = "";
      if (sd.stats.fills > 0 && sd.avg_exit > 0) std::snprintf(avg, sizeof avg, "%.10g", sd.avg_exit);
      t.sides.push_back(RunSideText{sym.name, sd.side, sd.start, sd.remaining_engine, sd.stats.fills, avg});
    }
  return t;
}

}  // namespace xtb::notify
