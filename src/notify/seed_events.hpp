// seed_events.hpp — seed 002's `global.telegram.events` flags as xtb alert kinds, so that a
// vibe-quant config's telegram section selects the same notifications (run_config.cpp maps
// it onto notify:, review B8):
//   on_fill          fill, side_closed
//   on_reconnect     reconnect
//   on_risk_trigger  soft_risk_enter/exit, panic_enter/exit, protective_stop_* (all six)
//   on_open_alert    external_open, external_increase
// kill_switch and data_stale belong to no seed event and stay on.
// Thread: any (cold path).
#pragma once
#include <string_view>
#include <vector>

#include "telemetry/alert.hpp"

namespace xtb::notify {

/// The alert kinds one seed event flag turns on or off; empty for an unknown name.
inline std::vector<AlertKind> seed_event_kinds(std::string_view event) {
  using K = AlertKind;
  if (event == "on_fill") return {K::Fill, K::SideClosed};
  if (event == "on_reconnect") return {K::Reconnect};
  if (event == "on_risk_trigger")
    return {K::SoftRiskEnter, K::SoftRiskExit, K::PanicEnter,   K::PanicExit,   K::StopPlaced,
            K::StopCancelled, K::StopTriggered, K::StopRejected, K::StopAdopted, K::StopExternal};
  if (event == "on_open_alert") return {K::ExternalOpen, K::ExternalIncrease};
  return {};
}

}  // namespace xtb::notify
