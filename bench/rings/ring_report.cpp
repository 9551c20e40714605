// ring_report.cpp — summary tables of the ring benchmark (see ring_report.hpp).
#include "ring_report.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/clock.hpp"
#include "cpu_topology.hpp"

namespace xtb::bench {

namespace {

const char* const kQueues[] = {XtbQueue::kName, BoostQueue::kName, RwQueue::kName, CqQueue::kName};
const std::string kXtbLabels[] = {std::string(XtbQueue::kName) + " front()/pop()",
                                  std::string(XtbQueue::kName) + " consume()"};

std::string cpu_model() {
  std::FILE* f = std::fopen("/proc/cpuinfo", "r");
  if (!f) return "unknown CPU";
  char line[512];
  std::string model = "unknown CPU";
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, "model name", 10) == 0) {
      const char* colon = std::strchr(line, ':');
      if (colon) model = colon + 2;
      if (!model.empty() && model.back() == '\n') model.pop_back();
      break;
    }
  }
  std::fclose(f);
  return model;
}

const ThroughputRow* find_tp(const std::string& queue, bool batch) {
  auto it = throughput_rows().find(queue + (batch ? "|batch" : "|single"));
  return it == throughput_rows().end() || it->second.mevs.empty() ? nullptr : &it->second;
}

const RttRow* find_rtt(const std::string& label) {
  auto it = rtt_rows().find(label);
  return it == rtt_rows().end() || it->second.hist.count() == 0 ? nullptr : &it->second;
}

/// Best median over the modes a queue was measured in; 0 if none.
double best_tp(const std::string& queue, const char** mode) {
  double best = 0;
  for (bool batch : {false, true}) {
    const ThroughputRow* r = find_tp(queue, batch);
    if (r && r->median() > best) {
      best = r->median();
      if (mode) *mode = batch ? "batch" : "single";
    }
  }
  return best;
}

void cell_tp(const ThroughputRow* r, bool applicable) {
  char buf[64];
  if (r) {
    std::snprintf(buf, sizeof buf, "%.1f [%.1f..%.1f]", r->median(), *std::min_element(r->mevs.begin(), r->mevs.end()),
                  *std::max_element(r->mevs.begin(), r->mevs.end()));
  } else {
    std::snprintf(buf, sizeof buf, "%s", applicable ? "-" : "n/a");
  }
  std::printf("  %-22s", buf);
}

void print_throughput(const Placement& p, const Sizes& s, int runs) {
  std::printf("\n== Throughput, Mev/s (10^6 events/s): median of %d runs [min..max]; 64-byte events;\n"
              "   producer CPU %d -> consumer CPU %d; capacity %zu; batch mode = claim/publish %zu + drain\n",
              runs, p.cpu_a, p.cpu_b, s.capacity, s.batch);
  const char* xmode = "";
  const double xtb = best_tp(XtbQueue::kName, &xmode);
  std::printf("%-31s  %-22s  %-22s  %8s  %s\n", "queue", "single", "batch", "best", "xtb/this");
  for (const char* q : kQueues) {
    const double best = best_tp(q, nullptr);
    if (best == 0) continue;
    std::printf("%-31s", q);
    cell_tp(find_tp(q, false), true);
    cell_tp(find_tp(q, true), std::strcmp(q, RwQueue::kName) != 0);
    std::printf("  %8.1f  %.2f\n", best, xtb > 0 ? xtb / best : 0.0);
  }
}

void print_rtt(const Placement& p, const Sizes& s, int runs) {
  std::printf("\n== Round trip, ns: ping-pong over two queues, one 64-byte event in flight; %d runs x %llu\n"
              "   round trips (+%llu warm-up); CPU %d <-> CPU %d; TSC-timed, 3-digit histogram\n",
              runs, static_cast<unsigned long long>(s.round_trips),
              static_cast<unsigned long long>(s.warmup_round_trips), p.cpu_a, p.cpu_b);
  std::uint64_t xtb = 0;
  for (const auto& l : kXtbLabels)
    if (const RttRow* r = find_rtt(l)) xtb = xtb == 0 ? r->hist.percentile(50) : std::min(xtb, r->hist.percentile(50));
  std::printf("%-36s %6s %6s %6s %7s %8s %7s  %-20s %s\n", "queue", "p50", "p90", "p99", "p99.9", "max", "mean",
              "p50 per run", "xtb/this p50");
  std::vector<std::string> order = {kFloorOneLine, kFloorTwoLines, kXtbLabels[0], kXtbLabels[1]};
  for (const char* q : kQueues)
    if (std::strcmp(q, XtbQueue::kName) != 0) order.emplace_back(q);
  for (const auto& label : order) {
    const RttRow* r = find_rtt(label);
    if (!r) continue;
    const Histogram& h = r->hist;
    char runs[96] = "";
    std::size_t used = 0;
    for (auto v : r->p50_per_run) {
      if (used >= sizeof runs) break;
      const int w = std::snprintf(runs + used, sizeof runs - used, "%s%llu", used ? "," : "",
                                  static_cast<unsigned long long>(v));
      if (w > 0) used += static_cast<std::size_t>(w);
    }
    char ratio[16] = "-";
    if (xtb > 0) std::snprintf(ratio, sizeof ratio, "%.2f", static_cast<double>(xtb) / static_cast<double>(h.percentile(50)));
    std::printf("%-36s %6llu %6llu %6llu %7llu %8llu %7.0f  %-20s %s\n", label.c_str(),
                static_cast<unsigned long long>(h.percentile(50)), static_cast<unsigned long long>(h.percentile(90)),
                static_cast<unsigned long long>(h.percentile(99)), static_cast<unsigned long long>(h.percentile(99.9)),
                static_cast<unsigned long long>(h.max()), h.mean(), runs, ratio);
  }
}

void print_goal() {
  // Best xtb and best peer for each metric.
  const char* xmode = "";
  const double xtb_tp = best_tp(XtbQueue::kName, &xmode);
  double peer_tp = 0;
  std::string peer_tp_name;
  std::uint64_t xtb_rtt = 0, peer_rtt = 0;
  std::string xtb_rtt_name, peer_rtt_name;
  for (const char* q : kQueues) {
    if (std::strcmp(q, XtbQueue::kName) == 0) continue;
    const char* mode = "";
    const double t = best_tp(q, &mode);
    if (t > peer_tp) {
      peer_tp = t;
      peer_tp_name = std::string(q) + " " + mode;
    }
    if (const RttRow* r = find_rtt(q)) {
      const std::uint64_t v = r->hist.percentile(50);
      if (peer_rtt == 0 || v < peer_rtt) {
        peer_rtt = v;
        peer_rtt_name = q;
      }
    }
  }
  for (const auto& l : kXtbLabels) {
    if (const RttRow* r = find_rtt(l)) {
      const std::uint64_t v = r->hist.percentile(50);
      if (xtb_rtt == 0 || v < xtb_rtt) {
        xtb_rtt = v;
        xtb_rtt_name = l;
      }
    }
  }
  std::printf("\n== Goal (issue 2): xtb RTT p50 <= 0.70 x best peer; xtb throughput >= 1.50 x best peer\n");
  if (xtb_rtt && peer_rtt) {
    const double ratio = static_cast<double>(xtb_rtt) / static_cast<double>(peer_rtt);
    std::printf("RTT p50:    %s %llu ns / %s %llu ns = %.2f  -> %s\n", xtb_rtt_name.c_str(),
                static_cast<unsigned long long>(xtb_rtt), peer_rtt_name.c_str(),
                static_cast<unsigned long long>(peer_rtt), ratio, ratio <= 0.70 ? "MET" : "MISSED");
  }
  if (!(xtb_rtt && peer_rtt) && !(xtb_tp > 0 && peer_tp > 0))
    std::printf("(not evaluated: xtb and at least one peer must both run; check --benchmark_filter)\n");
  if (xtb_tp > 0 && peer_tp > 0) {
    const double ratio = xtb_tp / peer_tp;
    std::printf("Throughput: xtb %s %.1f Mev/s / %s %.1f Mev/s = %.2f  -> %s\n", xmode, xtb_tp, peer_tp_name.c_str(),
                peer_tp, ratio, ratio >= 1.50 ? "MET" : "MISSED");
  }
}

}  // namespace

double ThroughputRow::median() const {
  if (mevs.empty()) return 0;
  std::vector<double> v = mevs;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::map<std::string, ThroughputRow>& throughput_rows() {
  static std::map<std::string, ThroughputRow> rows;
  return rows;
}

std::map<std::string, RttRow>& rtt_rows() {
  static std::map<std::string, RttRow> rows;
  return rows;
}

void print_header(const Placement& p, const Sizes& s, int runs) {
  std::printf("xtb_bench_rings: %s; CPUs %d,%d; clock %s (%.3f ticks/ns)\n"
              "sizes: capacity %zu, batch %zu, %llu events and %llu round trips per run, %d runs\n",
              cpu_model().c_str(), p.cpu_a, p.cpu_b, Clock::source() == Clock::Source::Tsc ? "TSC" : "CLOCK_MONOTONIC",
              Clock::ticks_per_ns(), s.capacity, s.batch, static_cast<unsigned long long>(s.events),
              static_cast<unsigned long long>(s.round_trips), runs);
  const CpuPlace a = cpu_place(p.cpu_a), b = cpu_place(p.cpu_b);
  std::printf("placement: CPU %d = package %d core %d, CPU %d = package %d core %d\n", p.cpu_a, a.package, a.core,
              p.cpu_b, b.package, b.core);
  if (smt_siblings(p.cpu_a, p.cpu_b))
    std::printf("WARNING: CPUs %d and %d are SMT siblings of one core: not a cross-core measurement (use --cpus=auto)\n",
                p.cpu_a, p.cpu_b);
  else if (a.package != b.package)
    std::printf("WARNING: CPUs %d and %d are on different packages: cross-socket numbers\n", p.cpu_a, p.cpu_b);
  std::fflush(stdout);
}

void print_tables(const Placement& p, const Sizes& s, int runs) {
  if (throughput_rows().empty() && rtt_rows().empty()) return;  // e.g. --benchmark_list_tests
  print_throughput(p, s, runs);
  print_rtt(p, s, runs);
  print_goal();
  std::fflush(stdout);
}

}  // namespace xtb::bench
