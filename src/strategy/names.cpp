// names.cpp — text names of the strategy's enums (logs, summaries, docs). Static storage.
#include "strategy/reduce_only_closer/closer_stats.hpp"
#include "strategy/reduce_only_closer/protective_stop.hpp"
#include "strategy/reduce_only_closer/side_execution.hpp"

namespace xtb::strategy {

const char* to_string(SignalReason r) noexcept {
  switch (r) {
    case SignalReason::None: return "none";
    case SignalReason::LongPrimary: return "long_primary";
    case SignalReason::LongBidImprove: return "long_bid_improve";
    case SignalReason::ShortPrimary: return "short_primary";
    case SignalReason::ShortAskImprove: return "short_ask_improve";
    case SignalReason::Panic: return "panic_close";
    case SignalReason::kCount: break;
  }
  return "?";
}

const char* to_string(ExecMode m) noexcept {
  return m == ExecMode::MakerOnly ? "MAKER_ONLY" : "AGGRESSIVE_LIMIT";
}

const char* to_string(ExecState s) noexcept {
  switch (s) {
    case ExecState::Idle: return "IDLE";
    case ExecState::Placing: return "PLACING";
    case ExecState::Waiting: return "WAITING";
    case ExecState::Canceling: return "CANCELING";
    case ExecState::Cooldown: return "COOLDOWN";
  }
  return "?";
}

const char* to_string(StopState s) noexcept {
  switch (s) {
    case StopState::None: return "NONE";
    case StopState::Placing: return "PLACING";
    case StopState::Active: return "ACTIVE";
    case StopState::Canceling: return "CANCELING";
  }
  return "?";
}

}  // namespace xtb::strategy
