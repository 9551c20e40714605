// alert_channel.hpp — the hand-off of strategy::Alert records from the sequencer thread
// (hot path) to the notifier thread (cold path): a RecordChannel (core/record_channel.hpp,
// which documents threads, memory ordering and wake-ups) of Alerts.
#pragma once
#include "core/record_channel.hpp"
#include "strategy/closer_stats.hpp"

namespace xtb::notify {

using AlertChannel = RecordChannel<strategy::Alert>;

}  // namespace xtb::notify
