// latency_report.cpp — run_latency_suite(): runs the rates, prints the tables and writes
// the result files (see latency_run.hpp). Every latency is in µs in the tables and the
// .cdf files; histograms keep 3 significant digits (≤ 0.1 % relative error).
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/clock.hpp"
#include "latency_run.hpp"
#include "tcp_floor.hpp"

namespace xtb::bench {

namespace {

const char* suite_name(Suite s) { return s == Suite::Wire ? "wire" : "tick-to-order"; }

double us(std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; }

void print_header(const char* first) {
  std::printf("%-22s %10s %8s %8s %9s %9s %9s %9s %9s %9s\n", first, "rate/s", "n", "p50", "p90", "p99", "p99.9",
              "p99.99", "max", "(µs)");
}

void print_row(const std::string& label, double rate, const Histogram& h) {
  std::printf("%-22s %10.0f %8" PRIu64 " %8.1f %9.1f %9.1f %9.1f %9.1f %9.1f\n", label.c_str(), rate, h.count(),
              us(h.percentile(50)), us(h.percentile(90)), us(h.percentile(99)), us(h.percentile(99.9)),
              us(h.percentile(99.99)), us(h.max()));
}

// Percentile distribution for gnuplot: "percentile 1/(1-p) latency_us" per line.
void write_cdf(const std::string& path, const Histogram& h) {
  std::ofstream f(path);
  f << "# percentile  1/(1-p)  latency_us   (n=" << h.count() << ")\n";
  for (double x = 0; x <= 5.0001; x += 0.05) {
    const double p = 100.0 * (1.0 - std::pow(10.0, -x));
    f << p << ' ' << std::pow(10.0, x) << ' ' << us(h.percentile(p)) << '\n';
  }
  f << 100.0 << ' ' << 1e6 << ' ' << us(h.max()) << '\n';
}

void csv_row(std::ofstream& f, const char* suite, const std::string& client, const std::string& metric, double rate,
             double achieved, const Histogram& h, const std::string& extra) {
  f << suite << ',' << client << ',' << metric << ',' << rate << ',' << achieved << ',' << h.count() << ','
    << us(h.percentile(50)) << ',' << us(h.percentile(90)) << ',' << us(h.percentile(99)) << ','
    << us(h.percentile(99.9)) << ',' << us(h.percentile(99.99)) << ',' << us(h.max()) << ',' << extra << '\n';
}

// Throughput, drops and overruns of a run, one line.
std::string load_line(const RunResult& r) {
  char b[512];
  const GeneratorResult& g = r.gen;
  std::snprintf(b, sizeof b,
                "sent %" PRIu64 " in %.2f s = %.0f msg/s (unsent %" PRIu64 ", buffer-full waits %" PRIu64
                ", send lag p99 %.1f µs max %.1f µs); triggers %" PRIu64 " (every %u bookTicker), orders matched %" PRIu64
                ", missed %" PRIu64 ", unmatched %" PRIu64 ", bad signatures %" PRIu64,
                g.sent, g.seconds, g.achieved_rate, g.unsent, g.would_block, us(g.lag.percentile(99)), us(g.lag.max()),
                g.triggers, r.trigger_every, g.matched, g.triggers - std::min(g.triggers, g.matched), g.unmatched_orders,
                g.bad_signatures);
  return b;
}

std::string engine_line(const RunResult& r) {
  const EngineResult& e = r.engine;
  char b[640];
  std::snprintf(b, sizeof b,
                "engine: ingested %" PRIu64 " (R1 drops %" PRIu64 "; all in %.1f ms after the last send), decoded events %" PRIu64 ", triggers seen %" PRIu64
                ", orders %" PRIu64 " (risk rejects %" PRIu64 ", R3 full %" PRIu64 "), sent %" PRIu64
                ", answers %" PRIu64 " (rejected/failed %" PRIu64 ", local rejects %" PRIu64 ", transport errors %" PRIu64
                "), decode errors %" PRIu64,
                e.ingested, e.ingest_drops, r.backlog_s * 1e3, e.seq.events, e.seq.triggers, e.seq.orders, e.seq.risk_rejects, e.seq.r3_full,
                e.egress_sent, e.seq.acks, e.seq.ack_rejects, e.egress_local_rejects, e.egress_transport_errors,
                e.seq.decode_errors);
  return b;
}

std::string file_of(const LatencyOptions& o, const std::string& name) {
  return o.out_dir.empty() ? std::string() : o.out_dir + "/" + name;
}

std::string layouts_text(const LatencyOptions& o) {
  std::string t;
  for (const EngineLayout& l : o.layouts) t += (t.empty() ? "" : ", ") + l.label();
  return t;
}

// "compact/busy-spin" → "compact-busy-spin" (file names).
std::string file_tag(std::string s) {
  for (char& c : s)
    if (c == '/') c = '-';
  return s;
}

// One xtb run: its table, load and engine lines, CDF and CSV rows. False when empty.
bool report_xtb_run(const LatencyOptions& o, const RunResult& r, std::ofstream& csv) {
  const char* sname = suite_name(o.suite);
  std::printf("\n-- xtb %s at %.0f msg/s\n", r.layout.c_str(), r.rate);
  if (!r.error.empty()) std::printf("   ERROR: %s\n", r.error.c_str());
  const bool wire = o.suite == Suite::Wire;
  const Histogram& main = wire ? r.gen.wire : r.engine.tick_to_order;
  print_header(wire ? "wire-to-wire" : "tick-to-order");
  print_row(wire ? "xtb (from intended)" : "rx -> submitted", r.rate, main);
  if (wire) {
    print_row("xtb (from actual send)", r.rate, r.gen.wire_from_send);
    print_row("xtb internal t2o", r.rate, r.engine.tick_to_order);
  } else {
    print_row(" ingest -> decision", r.rate, r.engine.to_decision);
    print_row(" decision -> R3", r.rate, r.engine.decision_to_r3);
    print_row(" R3 -> submitted", r.rate, r.engine.r3_to_submitted);
  }
  print_row("generator send lag", r.rate, r.gen.lag);
  std::printf("   %s\n   %s\n", load_line(r).c_str(), engine_line(r).c_str());
  for (const auto& e : r.engine.runner_errors) std::printf("   runner: %s\n", e.c_str());
  const std::string client = "xtb-" + file_tag(r.layout);
  const std::string tag = std::string(sname) + "-" + client + "-" + std::to_string(static_cast<long long>(r.rate));
  if (!o.out_dir.empty()) write_cdf(file_of(o, tag + ".cdf"), main);
  if (csv.is_open()) {
    const double a = r.gen.achieved_rate;
    csv_row(csv, sname, client, wire ? "wire_to_wire" : "tick_to_order", r.rate, a, main, r.error);
    if (!wire) {
      csv_row(csv, sname, client, "ingest_to_decision", r.rate, a, r.engine.to_decision, "");
      csv_row(csv, sname, client, "decision_to_r3", r.rate, a, r.engine.decision_to_r3, "");
      csv_row(csv, sname, client, "r3_to_submitted", r.rate, a, r.engine.r3_to_submitted, "");
    } else {
      csv_row(csv, sname, client, "internal_tick_to_order", r.rate, a, r.engine.tick_to_order, "");
    }
  }
  std::fflush(stdout);
  return main.count() != 0;
}

std::vector<RunResult> run_peers(const LatencyOptions& o, std::ofstream& csv) {
  std::vector<RunResult> out;
  const char* sname = suite_name(o.suite);
  for (double rate : o.peer_rates) {
    RunResult r = run_peer(o, rate);
    std::printf("\n-- ccxt peer at %.0f msg/s\n", rate);
    if (!r.error.empty()) std::printf("   ERROR: %s\n", r.error.c_str());
    print_header("wire-to-wire");
    print_row("ccxt (from intended)", rate, r.gen.wire);
    print_row("ccxt (from actual send)", rate, r.gen.wire_from_send);
    print_row("generator send lag", rate, r.gen.lag);
    std::printf("   %s\n", load_line(r).c_str());
    const std::string tag = std::string(sname) + "-ccxt-" + std::to_string(static_cast<long long>(rate));
    if (!o.out_dir.empty()) write_cdf(file_of(o, tag + ".cdf"), r.gen.wire);
    if (csv.is_open()) csv_row(csv, sname, "ccxt", "wire_to_wire", rate, r.gen.achieved_rate, r.gen.wire, r.error);
    std::fflush(stdout);
    out.push_back(std::move(r));
  }
  return out;
}

// The side-by-side table: every layout at every rate, against the peer at the same rate
// and the TCP floor of the same run, as ratios (the machine is shared: absolute numbers
// move between runs, ratios within one run much less).
void print_ratio_table(const std::vector<RunResult>& xtb_runs, const std::vector<RunResult>& peers,
                       const FloorResult& floor) {
  const double fl = floor.error.empty() && floor.rtt.count() > 0 ? us(floor.rtt.percentile(50)) : 0;
  std::printf("\n-- layouts side by side (wire-to-wire from the intended send time, µs; ×ccxt = ccxt / xtb at the "
              "same rate; ×floor = xtb p50 / TCP floor p50 %.1f µs)\n", fl);
  std::printf("%-20s %9s %9s %9s %9s %9s %8s %8s %8s %9s\n", "layout", "rate/s", "xtb p50", "xtb p99", "ccxt p50",
              "ccxt p99", "p50 ×ccxt", "p99 ×ccxt", "×floor", "t2o p50");
  for (const RunResult& x : xtb_runs) {
    if (x.gen.wire.count() == 0) continue;
    const double xp50 = us(x.gen.wire.percentile(50)), xp99 = us(x.gen.wire.percentile(99));
    const RunResult* p = nullptr;
    for (const RunResult& c : peers)
      if (c.rate == x.rate && c.gen.wire.count() > 0) p = &c;
    char peer[96] = "        -         -        -        -";
    if (p != nullptr) {
      const double pp50 = us(p->gen.wire.percentile(50)), pp99 = us(p->gen.wire.percentile(99));
      std::snprintf(peer, sizeof peer, "%9.1f %9.1f %7.1fx %7.1fx", pp50, pp99, pp50 / xp50, pp99 / xp99);
    }
    char fr[16] = "       -";
    if (fl > 0) std::snprintf(fr, sizeof fr, "%7.1fx", xp50 / fl);
    std::printf("%-20s %9.0f %9.1f %9.1f %s %s %9.1f\n", x.layout.c_str(), x.rate, xp50, xp99, peer, fr,
                us(x.engine.tick_to_order.percentile(50)));
  }
}

// tick-to-order: every layout and rate in one table, with the per-hop breakdown (p50).
void print_layout_table(const std::vector<RunResult>& xtb_runs) {
  std::printf("\n-- layouts side by side (internal tick-to-order, µs)\n");
  std::printf("%-20s %9s %9s %9s %9s %14s %12s %14s\n", "layout", "rate/s", "p50", "p99", "p99.9",
              "in->dec p50", "dec->R3 p50", "R3->sub p50");
  for (const RunResult& x : xtb_runs) {
    const EngineResult& e = x.engine;
    if (e.tick_to_order.count() == 0) continue;
    std::printf("%-20s %9.0f %9.1f %9.1f %9.1f %14.1f %12.1f %14.1f\n", x.layout.c_str(), x.rate,
                us(e.tick_to_order.percentile(50)), us(e.tick_to_order.percentile(99)),
                us(e.tick_to_order.percentile(99.9)), us(e.to_decision.percentile(50)),
                us(e.decision_to_r3.percentile(50)), us(e.r3_to_submitted.percentile(50)));
  }
}

}  // namespace

int run_latency_suite(const LatencyOptions& o) {
  const char* sname = suite_name(o.suite);
  if (!o.out_dir.empty()) std::filesystem::create_directories(o.out_dir);
  std::ofstream csv;
  if (!o.out_dir.empty()) {
    csv.open(file_of(o, std::string(sname) + ".csv"));
    csv << "suite,client,metric,rate,achieved,n,p50_us,p90_us,p99_us,p99.9_us,p99.99_us,max_us,notes\n";
  }
  std::printf("== %s: layouts %s (%s), generator %s; clock %s (%.3f ticks/ns)\n", sname, layouts_text(o).c_str(),
              o.cpus.ingest >= 0 ? "pinned" : "unpinned", o.spin ? "spinning" : "sleeping until the next due message",
              Clock::source() == Clock::Source::Tsc ? "TSC" : "CLOCK_MONOTONIC", Clock::ticks_per_ns());
  int status = 0;
  FloorResult floor;
  if (o.suite == Suite::Wire) {
    floor = measure_tcp_floor(o.floor_iters, o.floor_iters / 10, 200, o.floor_cpus[0], o.floor_cpus[1]);
    std::printf("\n-- busy-poll TCP floor (loopback, 200 B, round trip; bench/latency_common/tcp_floor.cpp)\n");
    print_header("path");
    if (floor.error.empty()) print_row("tcp floor (rtt)", 0, floor.rtt);
    else std::printf("floor: %s\n", floor.error.c_str());
    if (csv.is_open()) csv_row(csv, sname, "floor", "tcp_rtt", 0, 0, floor.rtt, floor.error);
  }
  std::vector<RunResult> xtb_runs, peer_runs;
  for (double rate : o.rates)
    for (const EngineLayout& l : o.layouts) {
      xtb_runs.push_back(run_xtb(o, l, rate));
      if (!report_xtb_run(o, xtb_runs.back(), csv)) status = 1;
    }
  if (o.suite == Suite::Wire && o.peer && !o.peer_cmd.empty()) peer_runs = run_peers(o, csv);
  else if (o.suite == Suite::Wire)
    std::printf("\n-- ccxt peer: skipped (%s)\n", o.peer ? "no --peer-cmd given" : "--no-peer");
  if (o.suite == Suite::Wire) print_ratio_table(xtb_runs, peer_runs, floor);
  else print_layout_table(xtb_runs);
  remove_shared_files();
  return status;
}

}  // namespace xtb::bench
