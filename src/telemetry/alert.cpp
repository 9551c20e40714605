// alert.cpp — see alert.hpp.
#include "telemetry/alert.hpp"

namespace xtb {

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

bool parse_alert_kind(std::string_view name, AlertKind& out) noexcept {
  for (int k = 0; k < static_cast<int>(AlertKind::kCount); ++k)
    if (name == to_string(static_cast<AlertKind>(k))) {
      out = static_cast<AlertKind>(k);
      return true;
    }
  return false;
}

}  // namespace xtb
