// names.cpp — text names of the strategy's enums (logs, summaries, docs). Static storage.
#include "strategy/closer_stats.hpp"
#include "strategy/protective_stop.hpp"
#include "strategy/side_execution.hpp"

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

const char* to_string(AlertKind k) noexcept {
  switch (k) {
    case AlertKind::ExternalOpen: return "external_open";
    case AlertKind::ExternalIncrease: return "external_increase";
    case AlertKind::SoftRiskEnter: return "soft_risk_enter";
    case AlertKind::SoftRiskExit: return "soft_risk_exit";
    case AlertKind::PanicEnter: return "panic_enter";
    case AlertKind::PanicExit: return "panic_exit";
    case AlertKind::StopPlaced: return "protective_stop_placed";
    case AlertKind::StopCancelled: return "protective_stop_cancelled";
    case AlertKind::StopTriggered: return "protective_stop_triggered";
    case AlertKind::StopRejected: return "protective_stop_rejected";
    case AlertKind::StopAdopted: return "protective_stop_adopted";
    case AlertKind::KillSwitch: return "kill_switch";
    case AlertKind::SideClosed: return "side_closed";
    case AlertKind::DataStale: return "data_stale";
    case AlertKind::StopExternal: return "protective_stop_external";
    case AlertKind::Fill: return "fill";
    case AlertKind::Reconnect: return "reconnect";
    case AlertKind::kCount: break;
  }
  return "?";
}

}  // namespace xtb::strategy
