// run_report.cpp — see run_report.hpp.
#include "app/run/run_report.hpp"

#include <fmt/format.h>

#include "core/alloc_guard.hpp"
#include "strategy/reduce_only_closer/reduce_only_closer.hpp"
#include "venue/venue_list.hpp"

namespace xtb::run {
namespace {

// Every venue's reconciliation counters, summed (one session per venue).
ReconcileStats reconcile_totals(const SequencerStage& seq) {
  ReconcileStats t = seq.reconcile(0).stats();
  for (std::size_t i = 1; i < seq.port_count(); ++i) {
    const ReconcileStats& s = seq.reconcile(i).stats();
    t.started += s.started;
    t.completed += s.completed;
    t.failed += s.failed;
    t.timed_out += s.timed_out;
    t.clean += s.clean;
    t.discrepancies += s.discrepancies;
    t.commands += s.commands;
    t.overflow += s.overflow;
    t.stray += s.stray;
    t.budget_deferred += s.budget_deferred;
    t.budget_refused += s.budget_refused;
  }
  return t;
}


Qty abs_qty(Qty q) noexcept { return q < 0 ? -q : q; }

}  // namespace

bool RunReport::ok() const noexcept {
  return stop_reason.rfind("ingest stopped", 0) != 0 && stop_reason.rfind("egress stopped", 0) != 0 &&
         problems.empty() && journal_error.empty() && shutdown_complete && decode_errors == 0 && hot_allocations == 0 &&
         (!checked || check.agree);
}

RunReport build_run_report(const RunInputs& in) {
  RunReport r;
  r.notes = in.notes;
  for (std::string& n : strategy_summary_notes(in.seq)) r.notes.push_back(std::move(n));
  const SequencerStage& seq = in.seq;
  const SequencerCounters& sc = seq.counters();
  r.events = sc.events;
  r.market_events = sc.market_events;
  r.order_events = sc.order_events;
  r.decode_errors = sc.decode_errors;
  r.disconnects = sc.disconnects;
  r.reconnects = sc.reconnects;
  r.unknown_conn = sc.unknown_conn;
  r.commands = seq.publisher().counters().published;
  const Histogram& h = seq.publisher().latency_ns();
  r.lat_count = h.count();
  r.lat_p50 = h.percentile(50);
  r.lat_p99 = h.percentile(99);
  r.lat_max = h.max();
  for (std::size_t i = 0; i < seq.strategy_count(); ++i) r.alerts += seq.strategy(i).alerts().total();
  if (const strategy::ReduceOnlyCloser* c = strategy::as_closer(seq.strategy())) r.kill_switch = c->counters().kill_switch;
  r.reconcile = reconcile_totals(seq);
  r.drifts_adopted = seq.orders().stats().drifts;
  r.queries = seq.orders().stats().queries_issued;
  r.stale_generation = seq.orders().stats().stale_generation;
  r.unknown_own = seq.orders().stats().unknown_own_orders;
  for (std::size_t i = 0; i < seq.port_count(); ++i)
    r.unknown_own += seq.reconcile(i).reconciler().count(engine::DiscrepancyKind::UnknownOwnOrder);
  r.venue_lost = seq.orders().machine().stats().venue_lost;
  r.ingest_messages = in.io.ingest_messages;
  r.egress_sent = in.io.egress_sent;
  r.egress_responses = in.io.egress_responses;
  r.transport_errors = in.io.transport_errors;
  r.local_rejects = in.io.local_rejects;
  r.shutdown_complete = seq.phase() == SequencerStage::Phase::Done && !seq.shutdown_incomplete();
  const std::vector<SymbolId>& traded = seq.tracked_symbols();
  for (std::size_t t = 0; t < traded.size(); ++t) {
    const PositionRisk start = t < in.start.size() ? in.start[t] : PositionRisk{};
    const SymbolRules& rules = in.symbols.rules(traded[t]);
    SymbolReport& b = r.symbols.emplace_back();
    // Several venues: "backpack:BTC_USDC_PERP" (one name may be listed by two venues).
    b.name = std::string(in.symbols.name(traded[t]));
    if (seq.port_count() > 1) b.name = std::string(live_venue_name(in.symbols.venue(traded[t]))) + ":" + b.name;
    b.liq_long = report_price_text(rules, start.long_side.liq_px);
    b.liq_short = report_price_text(rules, start.short_side.liq_px);
    b.leverage = start.long_side.found ? start.long_side.leverage : start.short_side.leverage;
    b.isolated = start.long_side.isolated || start.short_side.isolated;
    b.sides[0].side = PositionSide::Long;
    b.sides[1].side = PositionSide::Short;
    for (SideReport& s : b.sides) {
      fill_engine_side(s, in.seq, traded[t], rules);
      s.start_qty = abs_qty(s.side == PositionSide::Long ? start.long_side.amount : start.short_side.amount);
      s.start = report_qty_text(rules, s.start_qty);
    }
  }
  return r;
}

std::string format_run_report(const RunReport& r) {
  std::string o;
  auto line = [&o](const std::string& s) { o += s; o += '\n'; };
  std::string names;
  for (const SymbolReport& b : r.symbols) names += (names.empty() ? "" : ", ") + b.name;
  line(fmt::format("run summary — {} on {} (threaded: ingest, decode, sequencer, egress)",
                   names.empty() ? std::string("no traded symbol") : names, r.venue));
  for (const auto& n : r.notes) line("  note: " + n);
  line(fmt::format("  stop                 {}; {:.1f} s wall, {:.1f} s trading; shutdown {:.1f} ms (bound {:.0f} ms) {}",
                   r.stop_reason, r.wall_s, r.trading_s, r.shutdown_ms, r.shutdown_bound_ms,
                   r.shutdown_complete ? (r.shutdown_in_bound ? "complete" : "complete, OVER THE BOUND")
                                       : "INCOMPLETE"));
  if (r.recovered)
    line(fmt::format("  restart              state rebuilt from the journal: {} live orders, then reconciled",
                     r.recovered_live_orders));
  line(fmt::format("  events               {} to the sequencer ({} market, {} order), {} ws messages, decode errors {}",
                   r.events, r.market_events, r.order_events, r.ingest_messages, r.decode_errors));
  for (const SymbolReport& b : r.symbols) {  // a block per traded symbol, never only the first
    line(fmt::format("  symbol               {}", b.name));
    line(fmt::format("  start                hedge LONG {} / SHORT {}, leverage {}x {}, liquidation {} / {} "
                     "(positionRisk at start-up, {} re-reads)", b.sides[0].start, b.sides[1].start, b.leverage,
                     b.isolated ? "isolated" : "cross", b.liq_long, b.liq_short, r.risk_refreshes));
    o += format_side_table(b.sides, false);
  }
  // Connection setup/teardown on the armed ingest/egress threads is cold by design
  // (AllocGuard::ColdSection, docs/live-pipeline.md "Allocation policy"): counted apart.
  const std::string guarded = r.guarded_threads.empty() ? std::string() : r.guarded_threads;
  const std::string threads =
      r.alloc_guard ? fmt::format("{}); {} during {} reconnects (cold: connection setup/teardown",
                                  guarded.empty() ? "armed threads" : guarded, AllocGuard::cold_allocations(),
                                  r.reconnects)
                    : guarded;
  o += format_latency_lines(r.lat_p50, r.lat_p99, r.lat_max, r.lat_count, r.alloc_guard, r.hot_allocations,
                            threads.c_str());
  line(fmt::format("  reconciliation       {} cycles ({} clean, {} failed, {} timed out), {} discrepancies, {} commands; "
                   "drifts adopted {}, queries {}, lost by the venue {}", r.reconcile.completed, r.reconcile.clean,
                   r.reconcile.failed, r.reconcile.timed_out, r.reconcile.discrepancies, r.reconcile.commands,
                   r.drifts_adopted, r.queries, r.venue_lost));
  line(fmt::format("  venue i/o            {} commands, {} requests sent, {} answers, {} transport errors, {} local "
                   "refusals; disconnects {}, reconnects {}", r.commands, r.egress_sent, r.egress_responses,
                   r.transport_errors, r.local_rejects, r.disconnects, r.reconnects));
  if (!r.journal_error.empty())
    line(fmt::format("  journal              {} records written, {} lost (write error: {}), {} dropped; RUN FAILED",
                     r.journal_written, r.journal_lost, r.journal_error, r.journal_dropped));
  else if (r.journal_written > 0 || r.journal_dropped > 0)
    line(fmt::format("  journal              {} records written, {} dropped", r.journal_written, r.journal_dropped));
  line(fmt::format("  alerts               {} (kill switch {}), run alerts {}; stale-generation replies {}, unknown "
                   "own orders {}", r.alerts, r.kill_switch, r.run_alerts, r.stale_generation, r.unknown_own));
  if (r.checked) o += format_ledger_check(r.check);
  else line("  ledger check         not run (--sim-check or --sim-dump, or `xtb ledger-check` afterwards)");
  // Last, so that an AGREE above never reads as the verdict of a run that failed its job.
  for (const std::string& p : r.problems) line("  RUN FAILED           " + p);
  return o;
}

}  // namespace xtb::run
