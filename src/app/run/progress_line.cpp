// progress_line.cpp — see progress_line.hpp.
#include "app/run/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

#include "strategy/pricing.hpp"

namespace xtb::run {

const char* phase_name(std::uint8_t phase) noexcept {
  switch (static_cast<SequencerStage::Phase>(phase)) {
    case SequencerStage::Phase::WaitingForData: return "waiting for data";
    case SequencerStage::Phase::Calibrating: return "calibrating";
    case SequencerStage::Phase::Running: return "running";
    case SequencerStage::Phase::Draining: return "shutting down";
    case SequencerStage::Phase::Done: return "done";
  }
  return "?";
}

ProgressLine::ProgressLine(const SymbolTable& symbols, std::vector<SymbolId> tracked) noexcept
    : symbols_(symbols), tracked_(std::move(tracked)), tty_(::isatty(STDERR_FILENO) == 1) {}

void ProgressLine::update(const SequencerProgress& p, std::int64_t now_ns, std::int64_t start_ns, bool force) noexcept {
  if (!force && now_ns - last_ns_ < 1'000'000'000) return;
  last_ns_ = now_ns;
  constexpr auto r = std::memory_order_relaxed;
  char line[4096];
  constexpr int kCap = static_cast<int>(sizeof line);
  int n = std::snprintf(line, sizeof line, "[%7.1f s] events %llu", static_cast<double>(now_ns - start_ns) / 1e9,
                        static_cast<unsigned long long>(p.events.load(r)));
  // A block per traded symbol: "  | SYM LONG <qty> left, placed P filled F MODE  SHORT ...".
  for (std::size_t t = 0; t < tracked_.size() && t < p.symbols() && n > 0 && n < kCap; ++t) {
    const SymbolRules& rules = symbols_.rules(tracked_[t]);
    const std::string_view name = symbols_.name(tracked_[t]);
    n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "  | %.*s", static_cast<int>(name.size()),
                       name.data());
    for (int i = 0; i < 2 && n > 0 && n < kCap; ++i) {
      const SideProgress& sp = p.side(t, i);
      char qty[48];
      const std::size_t q = format_qty(rules, sp.remaining.load(r), qty, sizeof qty - 1);
      qty[q] = '\0';
      const auto mode = static_cast<strategy::ExecMode>(sp.mode.load(r));
      n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " %s %s left, placed %llu filled %llu %s",
                         i == 0 ? "LONG" : "SHORT", qty, static_cast<unsigned long long>(sp.placed.load(r)),
                         static_cast<unsigned long long>(sp.filled.load(r)),
                         mode == strategy::ExecMode::MakerOnly ? "MAKER_ONLY" : "AGGRESSIVE_LIMIT");
    }
  }
  if (n > 0 && n < kCap)
    n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "  [%s]", phase_name(p.phase.load(r)));
  if (n <= 0) return;
  if (n >= kCap) n = kCap - 1;
  if (tty_) std::fprintf(stderr, "\r%s\033[K", line);
  else std::fprintf(stderr, "%s\n", line);
  std::fflush(stderr);
  dirty_ = tty_;
}

void ProgressLine::finish() noexcept {
  if (dirty_) std::fputc('\n', stderr);
  dirty_ = false;
}

}  // namespace xtb::run
