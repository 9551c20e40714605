// alert_channel.hpp — the hand-off of Alert records from the sequencer thread
// (hot path) to the notifier thread (cold path): a RecordChannel (core/record_channel.hpp,
// which documents threads, memory ordering and wake-ups) of Alerts.
#pragma once
#include "core/record_channel.hpp"
#include "telemetry/alert.hpp"

namespace xtb::notify {

using AlertChannel = RecordChannel<Alert>;

}  // namespace xtb::notify
