// backtest_report.cpp — see backtest_report.hpp.
#include "app/backtest_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "strategy/reduce_only_closer/reduce_only_closer.hpp"
#include "strategy/trend_ladder/trend_ladder.hpp"

namespace xtb {
namespace {

double scale_of(const DecimalScale& s) noexcept {
  return static_cast<double>(s.units) * std::pow(10.0, -static_cast<double>(s.decimals));
}

std::string qty_text(const SymbolRules& r, Qty q) {
  char buf[64];
  return std::string(buf, format_qty(r, q, buf, sizeof buf));
}

Qty abs_qty(Qty q) noexcept { return q < 0 ? -q : q; }

/// Signed distance in bps of `px` from `bench`; positive = better for the side (LONG sells
/// above, SHORT buys below the benchmark).
double bps(PositionSide side, double px, double bench) noexcept {
  if (px <= 0 || bench <= 0) return 0;
  const double d = (px - bench) / bench * 1e4;
  return side == PositionSide::Long ? d : -d;
}

void fill_side(SideReport& s, const ReportInputs& in, const SymbolRules& rules) {
  const SymbolId sym = in.symbol;
  const sim::SimExchange& x = in.exchange;
  fill_engine_side(s, in.seq, sym, rules);
  s.start_qty = s.side == PositionSide::Long ? in.start_long : in.start_short;
  s.remaining_venue_qty = abs_qty(x.account().position(sym, s.side).amount);
  s.start = qty_text(rules, s.start_qty);
  s.remaining_venue = qty_text(rules, s.remaining_venue_qty);
  Qty ledger_signed = 0;  // buys − sells: a strategy that opens and closes (trend_ladder) nets out
  for (const sim::FillRecord& f : x.ledger().rows())
    if (f.symbol == sym && f.position_side == s.side) {
      s.ledger_qty += f.qty;
      ledger_signed += f.side == Side::Buy ? f.qty : -f.qty;
    }
  s.dropped_qty = in.egress.dropped_qty[static_cast<int>(s.side)];
  const engine::Position* p = in.seq.positions().get(sym, s.side);
  s.position_agrees = p != nullptr && p->qty == x.account().position(sym, s.side).amount;
  s.ledger_agrees = abs_qty(ledger_signed) == s.engine_fill_qty + s.dropped_qty;
}

void check_orders(BacktestReport& r, const ReportInputs& in) {
  const sim::SimExchange& x = in.exchange;
  std::vector<const sim::SimOrder*> rows(x.open_order_count() + 1);
  std::vector<std::string> venue_ids;
  for (const bool algo : {false, true}) {
    const std::size_t n = x.open_orders(kNoSymbol, rows.data(), rows.size(), algo);
    for (std::size_t i = 0; i < n; ++i) venue_ids.emplace_back(rows[i]->spec.client_id.view());
  }
  std::sort(venue_ids.begin(), venue_ids.end());
  r.venue_open_orders = venue_ids.size();
  bool all_found = true;
  in.seq.orders().store().for_each([&](const engine::Order& o) {
    if (!o.live()) return;
    ++r.engine_live_orders;
    all_found &= std::binary_search(venue_ids.begin(), venue_ids.end(), std::string(o.client_id.view()));
  });
  r.orders_agree = all_found && r.engine_live_orders == r.venue_open_orders;
}

std::string price_text(const SymbolRules& r, Price px) { return report_price_text(r, px); }

}  // namespace

std::string report_qty_text(const SymbolRules& r, Qty q) { return qty_text(r, q); }

std::string report_price_text(const SymbolRules& r, Price px) {
  if (px <= 0) return "n/a";
  char buf[64];
  return std::string(buf, format_price(r, px, buf, sizeof buf));
}

std::vector<std::string> strategy_summary_notes(SequencerStage& seq) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < seq.strategy_count(); ++i)  // the trend ladder's report (its counters)
    if (const strategy::TrendLadder* tl = strategy::as_trend_ladder(seq.strategy(i)))
      out.push_back(strategy::trend_ladder_summary(tl->stats()));
  return out;
}

void fill_engine_side(SideReport& s, SequencerStage& seq, SymbolId sym, const SymbolRules& rules) {
  const double tick = scale_of(rules.price);
  const engine::Position* p = seq.positions().get(sym, seq.net_symbol(sym) ? PositionSide::Both : s.side);
  s.remaining_engine_qty = seq.side_size(sym, s.side);
  s.engine_fill_qty = p != nullptr ? abs_qty(p->fill_qty) : 0;
  s.remaining_engine = qty_text(rules, s.remaining_engine_qty);
  if (const strategy::ReduceOnlyCloser* c = strategy::as_closer(seq.strategy()))
    if (const strategy::CloserSide* cs = c->side(sym, s.side)) s.stats = cs->stats;
  if (const ExitStats* e = seq.exits(sym, s.side)) s.exits = *e;
  const ExitStats& e = s.exits;
  if (e.qty > 0) s.avg_exit = static_cast<double>(e.cost) / static_cast<double>(e.qty) * tick;
  if (e.qty_with_mid > 0) s.arrival_mid = static_cast<double>(e.mid_x2_cost) / (2.0 * static_cast<double>(e.qty_with_mid)) * tick;
  if (e.vwap_qty1 > e.vwap_qty0)
    s.vwap = static_cast<double>(e.vwap_cost1 - e.vwap_cost0) / static_cast<double>(e.vwap_qty1 - e.vwap_qty0) * tick;
  s.vs_mid_bps = bps(s.side, s.avg_exit, s.arrival_mid);
  s.vs_vwap_bps = bps(s.side, s.avg_exit, s.vwap);
}

std::uint64_t fnv1a64(const std::string& s) noexcept {
  std::uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

BacktestReport build_report(const ReportInputs& in) {
  BacktestReport r;
  const SymbolRules& rules = in.symbols.rules(in.symbol);
  const sim::SimExchange& x = in.exchange;
  r.symbol = std::string(in.symbols.name(in.symbol));
  r.runner = "inline (one thread, deterministic)";
  r.notes = in.notes;
  for (std::string& n : strategy_summary_notes(in.seq)) r.notes.push_back(std::move(n));
  r.records = in.records;
  const SequencerCounters& sc = in.seq.counters();
  r.events = sc.events;
  r.market_events = sc.market_events;
  r.decode_errors = sc.decode_errors;
  r.timers = sc.timers;
  r.venue_frames = in.decode.venue_frames;
  r.commands = in.seq.publisher().counters().published;
  r.wall_s = in.wall_s;
  r.events_per_s = in.wall_s > 0 ? static_cast<double>(r.events) / in.wall_s : 0;
  const Histogram& h = in.seq.publisher().latency_ns();
  r.lat_count = h.count();
  r.lat_p50 = h.percentile(50);
  r.lat_p99 = h.percentile(99);
  r.lat_max = h.max();
  r.alloc_guard = in.alloc_guard;
  r.hot_allocations = in.hot_allocations;
  r.liq_long = price_text(rules, in.liq.long_px);
  r.liq_short = price_text(rules, in.liq.short_px);
  r.leverage = in.liq.leverage;
  r.isolated = in.liq.isolated;
  r.latency_ns = in.latency_ns;
  for (std::size_t i = 0; i < in.seq.strategy_count(); ++i) r.alerts += in.seq.strategy(i).alerts().total();
  if (const strategy::ReduceOnlyCloser* c = strategy::as_closer(in.seq.strategy())) r.kill_switch = c->counters().kill_switch;
  r.reconcile = in.seq.reconcile().stats();
  r.drifts_adopted = in.seq.orders().stats().drifts;
  r.queries = in.seq.orders().stats().queries_issued;
  r.stale_generation = in.seq.orders().stats().stale_generation;
  r.side_violations = in.seq.positions().stats().side_violations;
  r.egress = in.egress;
  r.sides[0].side = PositionSide::Long;
  r.sides[1].side = PositionSide::Short;
  for (SideReport& s : r.sides) fill_side(s, in, rules);
  r.ledger_json = x.ledger().to_json(in.symbols);
  r.ledger_hash = fnv1a64(r.ledger_json);
  r.ledger_fills = x.ledger().size();
  r.engine_fills = in.seq.positions().stats().fills;
  check_orders(r, in);
  r.positions_agree = r.sides[0].position_agrees && r.sides[1].position_agrees;
  r.ledger_agree = r.sides[0].ledger_agrees && r.sides[1].ledger_agrees &&
                   r.ledger_fills == r.engine_fills + r.egress.dropped_injected && x.ledger().dropped() == 0;
  r.shutdown_complete = in.seq.phase() == SequencerStage::Phase::Done && !in.seq.shutdown_incomplete();
  r.barrier_clean = r.shutdown_complete && r.reconcile.last_discrepancies == 0;
  r.agree = r.positions_agree && r.orders_agree && r.ledger_agree && r.barrier_clean;
  r.state_json = in.state_json;
  return r;
}

std::string format_side_table(const SideReport (&sides)[2], bool venue_column) {
  std::string o;
  auto line = [&o](const std::string& s) { o += s; o += '\n'; };
  auto row = [&](const char* label, auto get) {
    line(fmt::format("  {:<20} {:<22} {}", label, get(sides[0]), get(sides[1])));
  };
  line("                       LONG (sell)            SHORT (buy)");
  row("slices placed", [](const SideReport& s) { return fmt::format("{}", s.stats.slices_placed); });
  row("  filled", [](const SideReport& s) { return fmt::format("{}", s.stats.slices_filled); });
  row("  cancelled", [](const SideReport& s) { return fmt::format("{} ({} TTL)", s.stats.slices_cancelled, s.stats.ttl_cancels); });
  row("  rejected", [](const SideReport& s) { return fmt::format("{} ({} post-only)", s.stats.slices_rejected, s.stats.gtx_rejects); });
  row("  refused by risk", [](const SideReport& s) { return fmt::format("{}", s.stats.risk_refused); });
  row("fills maker/aggr", [](const SideReport& s) {
    return fmt::format("{} / {} (venue maker {})", s.stats.maker_mode_fills, s.stats.aggressive_mode_fills, s.stats.venue_maker_fills);
  });
  row("mode switches", [](const SideReport& s) {
    return fmt::format("{} (esc {}, de-esc {})", s.stats.mode_switches, s.stats.escalations, s.stats.deescalations);
  });
  row("avg exit price", [](const SideReport& s) { return s.avg_exit > 0 ? fmt::format("{:.2f}", s.avg_exit) : std::string("n/a"); });
  row("  vs arrival mid", [](const SideReport& s) { return fmt::format("{:+.2f} bps", s.vs_mid_bps); });
  row("  vs window VWAP", [](const SideReport& s) { return fmt::format("{:+.2f} bps", s.vs_vwap_bps); });
  if (venue_column) row("remaining eng/venue", [](const SideReport& s) { return s.remaining_engine + " / " + s.remaining_venue; });
  else row("remaining", [](const SideReport& s) { return s.remaining_engine; });
  row("panic events/slices", [](const SideReport& s) { return fmt::format("{} / {}", s.stats.panic_events, s.stats.panic_slices); });
  row("protective stop", [](const SideReport& s) {
    return fmt::format("placed {} repl {} canc {} trig {}", s.stats.stop_placed, s.stats.stop_replaced,
                       s.stats.stop_cancelled, s.stats.stop_triggered);
  });
  return o;
}

std::string format_latency_lines(std::uint64_t p50, std::uint64_t p99, std::uint64_t max, std::uint64_t count,
                                 bool alloc_guard, std::uint64_t hot_allocations, const char* guarded_threads) {
  std::string o;
  auto line = [&o](const std::string& s) { o += s; o += '\n'; };
  const std::string threads = guarded_threads[0] != '\0' ? std::string(" (") + guarded_threads + ")" : std::string();
  line(fmt::format("  tick-to-order        p50 {} ns  p99 {} ns  max {} ns  ({} commands, rx TSC → R3 publish)",
                   p50, p99, max, count));
  if (alloc_guard) line(fmt::format("  hot-path allocations {} after warm-up{}", hot_allocations, threads));
  else line("  hot-path allocations not measured (counting allocator not linked)");
  return o;
}

std::string format_report(const BacktestReport& r) {
  std::string o;
  auto line = [&o](const std::string& s) { o += s; o += '\n'; };
  line(fmt::format("backtest summary — {} ({})", r.symbol, r.runner));
  for (const auto& n : r.notes) line("  note: " + n);
  line(fmt::format("  replay               {} records, {} events to the sequencer ({} market), {} venue frames, "
                   "decode errors {}", r.records, r.events, r.market_events, r.venue_frames, r.decode_errors));
  line(fmt::format("  start                hedge LONG {} / SHORT {}, leverage {}x {}, liquidation {} / {}, "
                   "order latency {} us", r.sides[0].start, r.sides[1].start, r.leverage,
                   r.isolated ? "isolated" : "cross", r.liq_long, r.liq_short, r.latency_ns / 1000));
  o += format_side_table(r.sides, true);
  o += format_latency_lines(r.lat_p50, r.lat_p99, r.lat_max, r.lat_count, r.alloc_guard, r.hot_allocations, "");
  line(fmt::format("  throughput           {:.2f} M events/s ({:.3f} s wall, {} events)", r.events_per_s / 1e6, r.wall_s, r.events));
  line(fmt::format("  reconciliation       {} cycles ({} clean), {} discrepancies, {} commands; drifts adopted {}, "
                   "queries {}", r.reconcile.completed, r.reconcile.clean, r.reconcile.discrepancies, r.reconcile.commands,
                   r.drifts_adopted, r.queries));
  line(fmt::format("  venue                {} commands, {} REST errors, {} post-only rejects, {} user events, {} mark prices; "
                   "injected drops {}", r.egress.commands, r.egress.rest_errors, r.egress.gtx_rejects, r.egress.user_events,
                   r.egress.mark_prices, r.egress.dropped_injected));
  line(fmt::format("  alerts               {} (kill switch {})", r.alerts, r.kill_switch));
  line(fmt::format("  ledger               {} fills, engine applied {}, hash {:016x}", r.ledger_fills, r.engine_fills, r.ledger_hash));
  auto yn = [](bool b) { return b ? "yes" : "NO"; };
  line(fmt::format("  agreement            positions {}  open orders {} ({} / {})  ledger {}  shutdown barrier {}",
                   yn(r.positions_agree), yn(r.orders_agree), r.engine_live_orders, r.venue_open_orders, yn(r.ledger_agree),
                   yn(r.barrier_clean)));
  line(fmt::format("  ENGINE AND VENUE {}", r.agree ? "AGREE" : "DISAGREE"));
  return o;
}

}  // namespace xtb
