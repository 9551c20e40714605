// run_verdict.cpp — see run_verdict.hpp.
#include "app/run/run_verdict.hpp"

#include <fmt/format.h>

namespace xtb::run {
namespace {

bool operator_stop(const std::string& reason) { return reason == "SIGINT" || reason == "SIGTERM"; }

const char* side_name(const SideReport& s) { return s.side == PositionSide::Long ? "LONG" : "SHORT"; }

}  // namespace

std::vector<std::string> closing_problems(const RunReport& r, bool stop_when_flat) {
  std::vector<std::string> out;
  std::string open;  // "SYM LONG 0.010 of 0.020 left, ..."
  bool any_start = false;
  for (const SymbolReport& b : r.symbols) {
    for (const SideReport& s : b.sides) {
      if (s.start_qty == 0) continue;
      any_start = true;
      if (s.remaining_engine_qty != 0)
        open += fmt::format("{}{} {} {} of {} left", open.empty() ? "" : ", ", b.name, side_name(s), s.remaining_engine,
                            s.start);
      else if (stop_when_flat && s.exits.fills == 0)
        out.push_back(fmt::format("{} {} held {} at start-up and no fill of ours closed it", b.name, side_name(s),
                                  s.start));
    }
  }
  if (r.stop_reason == kReplayEndedReason)
    out.push_back(open.empty() ? std::string("the replay ran out (xtb-sim has no more market data)")
                               : "the replay ran out before every traded side was flat: " + open);
  else if (stop_when_flat && !open.empty() && !operator_stop(r.stop_reason))
    out.push_back(fmt::format("stopped ({}) before every traded side was flat: {}", r.stop_reason, open));
  if (stop_when_flat && !any_start) {
    std::string names;
    for (const SymbolReport& b : r.symbols) names += (names.empty() ? "" : ", ") + b.name;
    out.push_back(fmt::format("nothing to close: no traded symbol ({}) held a position at start-up — the venue's "
                              "positions are in other symbols? (--symbol S trades S)",
                              names.empty() ? std::string("none") : names));
  }
  return out;
}

}  // namespace xtb::run
