// progress_line.hpp — the progress line of `xtb run` on stderr, once per second:
//   "[  12.0 s] events 45123  | BTCUSDT LONG 0.030 left, placed 12 filled 8 MAKER_ONLY SHORT ...
//    | ETHUSDT LONG ...  [running]" — a block per traded symbol, never only the first.
// When stderr is a terminal the line is rewritten in place (\r); otherwise one plain line
// per second (logs, CI). Reads SequencerProgress (relaxed atomics): any thread; the main
// thread calls it. Cold (formats with snprintf into a stack buffer; one write per line).
#pragma once
#include <cstdint>
#include <vector>

#include "pipeline/sequencer/sequencer_stage.hpp"
#include "market/symbol_table.hpp"

namespace xtb::run {

class ProgressLine {
 public:
  /// `tracked`: the traded symbols in SequencerStage::tracked_symbols() order (a block each).
  ProgressLine(const SymbolTable& symbols, std::vector<SymbolId> tracked) noexcept;
  /// Prints when at least a second passed since the last line (or `force`).
  void update(const SequencerProgress& p, std::int64_t now_ns, std::int64_t start_ns, bool force = false) noexcept;
  /// Ends an in-place line with a newline (tty only).
  void finish() noexcept;

 private:
  const SymbolTable& symbols_;
  std::vector<SymbolId> tracked_;
  bool tty_;
  bool dirty_ = false;
  std::int64_t last_ns_ = 0;
};

/// Name of a SequencerStage::Phase.
const char* phase_name(std::uint8_t phase) noexcept;

}  // namespace xtb::run
