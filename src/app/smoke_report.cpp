// smoke_report.cpp — see smoke_report.hpp.
#include "app/smoke_report.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "core/clock.hpp"
#include "engine/order.hpp"

namespace xtb {
namespace {

constexpr std::int64_t kRequoteSlackNs = 300'000'000;  // seed 003: observed ≤ configured + 300 ms
constexpr double kExitBoundMs = 5000;                   // seed 003: strategy exit ≤ 5 s

std::string px_text(const SmokeResult& s, Price v) {
  char b[48];
  const std::size_t n = format_price(s.rules, v, b, sizeof b);
  return n ? std::string(b, n) : std::to_string(v);
}
std::string qty_text(const SmokeResult& s, Qty v) {
  char b[48];
  const std::size_t n = format_qty(s.rules, v, b, sizeof b);
  return n ? std::string(b, n) : std::to_string(v);
}
std::string iso(const SmokeResult& s, std::int64_t mono_ns) {
  const std::int64_t ns = mono_ns + s.wall_minus_mono_ns;
  const std::time_t t = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, (ns % 1'000'000'000) / 1'000'000);
}
std::string ms_after(const SmokeResult& s, std::int64_t ns) {
  return ns == 0 ? std::string("-") : fmt::format("{:+.0f} ms", static_cast<double>(ns - s.started_ns) / 1e6);
}

}  // namespace

SmokeResult capture_smoke(const SequencerStage& seq, const SymbolTable& symbols) {
  SmokeResult s;
  const auto* t = seq.strategy_count() > 0 && seq.strategy().kind() == strategy::TrackingLimit::kKind
                      ? static_cast<const strategy::TrackingLimit*>(&seq.strategy())
                      : nullptr;
  if (t == nullptr) return s;
  s.captured = true;
  s.params = t->params();
  s.symbol = std::string(symbols.name(s.params.symbol));
  s.rules = symbols.rules(s.params.symbol);
  for (std::size_t i = 0; i < t->attempts(); ++i) s.attempts.push_back(t->attempt(i));
  s.state = t->state();
  s.filled = t->filled();
  s.started_ns = t->started_ns();
  s.ended_ns = t->ended_ns();
  const std::int64_t wall = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();
  s.wall_minus_mono_ns = wall - Clock::monotonic_ns();
  return s;
}

SmokeVerdict judge_smoke(const SmokeResult& s, const run::RunReport& r) {
  SmokeVerdict v;
  if (!s.captured) v.problems.push_back("the tracking limit was never built (start-up failed)");
  if (s.captured && s.attempts.empty()) v.problems.push_back("no order was placed");
  using strategy::TrackingState;
  if (s.state != TrackingState::Filled && !(s.state == TrackingState::TimedOut && s.attempts.size() >= 2))
    v.problems.push_back(fmt::format("final state {} after {} attempt(s): neither filled nor requoted until the timeout",
                                     strategy::to_string(s.state), s.attempts.size()));
  for (const strategy::TrackingAttempt& a : s.attempts) {
    if (!a.requoted || a.cancel_ns == 0) continue;
    ++v.requotes;
    const std::int64_t late = a.cancel_ns - a.placed_ns - static_cast<std::int64_t>(a.kept + 1) * s.params.interval_ns;
    if (late > v.worst_requote_late_ns) v.worst_requote_late_ns = late;
  }
  if (v.worst_requote_late_ns > kRequoteSlackNs)
    v.problems.push_back(fmt::format("a requote came {:.0f} ms after its period (limit 300 ms)", v.worst_requote_late_ns / 1e6));
  if (r.shutdown_ms > kExitBoundMs) v.problems.push_back(fmt::format("exit took {:.0f} ms (limit 5000 ms)", r.shutdown_ms));
  for (const std::string& p : r.problems) v.problems.push_back("run: " + p);
  if (r.alloc_guard && r.hot_allocations != 0) v.problems.push_back(fmt::format("{} hot-path allocations", r.hot_allocations));
  v.ok = v.problems.empty();
  return v;
}

std::string format_smoke(const SmokeResult& s, const run::RunReport& r, const SmokeVerdict& v, const std::string& venue) {
  std::string o = fmt::format("smoke — tracking_limit {} {} on {} ({})\n", s.params.side == Side::Buy ? "BUY" : "SELL",
                              s.symbol, venue, r.venue);
  o += fmt::format("  order        qty {} · interval {:.3f} s · timeout {:.3f} s · price offset {} ticks{}\n",
                   qty_text(s, s.params.qty), s.params.interval_ns / 1e9, s.params.timeout_ns / 1e9, s.params.price_offset,
                   s.params.post_only ? " · post-only" : "");
  o += fmt::format("  final state  {} · filled {} of {} · {} attempt(s), {} requote(s)\n", strategy::to_string(s.state),
                   qty_text(s, s.filled), qty_text(s, s.params.qty), s.attempts.size(), v.requotes);
  o += "  #   client order id                       price          placed      cancel sent  ended       end\n";
  for (std::size_t i = 0; i < s.attempts.size(); ++i) {
    const strategy::TrackingAttempt& a = s.attempts[i];
    o += fmt::format("  {:<3} {:<37} {:<14} {:<11} {:<12} {:<11} {}{}\n", i + 1, a.id.view(), px_text(s, a.px),
                     ms_after(s, a.placed_ns), ms_after(s, a.cancel_ns), ms_after(s, a.end_ns),
                     a.end_ns ? engine::to_string(a.end) : "live", a.filled ? " filled " + qty_text(s, a.filled) : "");
  }
  std::string series;
  for (const strategy::TrackingAttempt& a : s.attempts) series += (series.empty() ? "" : " → ") + px_text(s, a.px);
  o += "  prices       " + (series.empty() ? std::string("-") : series) + "\n";
  o += fmt::format("  requotes     worst {:+.0f} ms against the period (limit +300 ms); exit {:.1f} ms (limit 5000 ms)\n",
                   v.worst_requote_late_ns / 1e6, r.shutdown_ms);
  o += fmt::format("  engine       {} commands, tick-to-order p50 {:.1f} µs, {} hot-path allocations\n", r.commands,
                   r.lat_p50 / 1e3, r.hot_allocations);
  for (const std::string& p : v.problems) o += "  SMOKE FAILED " + p + "\n";
  if (v.ok)
    o += fmt::format("smoke: OK — {} {} after {} attempt(s), every requote within its period + 300 ms, exit {:.0f} ms\n",
                     s.state == strategy::TrackingState::Filled ? "filled" : "requoted until the timeout",
                     qty_text(s, s.state == strategy::TrackingState::Filled ? s.filled : s.params.qty), s.attempts.size(),
                     r.shutdown_ms);
  return o;
}

std::vector<std::string> write_order_timelines(const SmokeResult& s, const std::string& dir, const std::string& venue) {
  std::vector<std::string> files;
  const std::filesystem::path d = std::filesystem::path(dir) / "orders";
  std::error_code ec;
  std::filesystem::create_directories(d, ec);
  for (const strategy::TrackingAttempt& a : s.attempts) {
    const std::string path = (d / (venue + "-" + s.symbol + "-" + std::string(a.id.view()) + ".jsonl")).string();
    std::ofstream f(path);
    auto line = [&](std::int64_t t, const std::string& what) {
      if (t != 0) f << fmt::format("{{\"ts\":\"{}\",\"event\":\"{}\",\"id\":\"{}\"{}}}\n", iso(s, t), what, a.id.view(), "");
    };
    f << fmt::format("{{\"ts\":\"{}\",\"event\":\"placed\",\"id\":\"{}\",\"px\":\"{}\",\"qty\":\"{}\"}}\n", iso(s, a.placed_ns),
                     a.id.view(), px_text(s, a.px), qty_text(s, a.qty));
    line(a.cancel_ns, a.requoted ? "cancel_sent (requote)" : "cancel_sent");
    if (a.end_ns != 0)
      f << fmt::format("{{\"ts\":\"{}\",\"event\":\"ended\",\"id\":\"{}\",\"status\":\"{}\",\"filled\":\"{}\"}}\n",
                       iso(s, a.end_ns), a.id.view(), engine::to_string(a.end), qty_text(s, a.filled));
    if (f) files.push_back(path);
  }
  return files;
}

}  // namespace xtb
