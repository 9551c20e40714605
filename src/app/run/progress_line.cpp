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

ProgressLine::ProgressLine(const SymbolTable& symbols, SymbolId symbol) noexcept
    : symbols_(symbols), symbol_(symbol), tty_(::isatty(STDERR_FILENO) == 1) {}

void ProgressLine::update(const SequencerProgress& p, std::int64_t now_ns, std::int64_t start_ns, bool force) noexcept {
  if (!force && now_ns - last_ns_ < 1'000'000'000) return;
  last_ns_ = now_ns;
  constexpr auto r = std::memory_order_relaxed;
  char line[512];
  int n = std::snprintf(line, sizeof line, "[%7.1f s] events %llu", static_cast<double>(now_ns - start_ns) / 1e9,
                        static_cast<unsigned long long>(p.events.load(r)));
  if (symbol_ != kNoSymbol) {
    const SymbolRules& rules = symbols_.rules(symbol_);
    for (int i = 0; i < 2 && n > 0 && n < static_cast<int>(sizeof line); ++i) {
      char qty[48];
      const std::size_t q = format_qty(rules, p.remaining[i].load(r), qty, sizeof qty - 1);
      qty[q] = '\0';
      const auto mode = static_cast<strategy::ExecMode>(p.mode[i].load(r));
      n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "  %s %s left, placed %llu filled %llu %s",
                         i == 0 ? "LONG" : "SHORT", qty, static_cast<unsigned long long>(p.placed[i].load(r)),
                         static_cast<unsigned long long>(p.filled[i].load(r)),
                         mode == strategy::ExecMode::MakerOnly ? "MAKER_ONLY" : "AGGRESSIVE_LIMIT");
    }
  }
  if (n > 0 && n < static_cast<int>(sizeof line))
    n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "  [%s]", phase_name(p.phase.load(r)));
  if (n <= 0) return;
  if (n >= static_cast<int>(sizeof line)) n = static_cast<int>(sizeof line) - 1;
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
