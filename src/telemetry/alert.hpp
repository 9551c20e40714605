// alert.hpp — Alert: a neutral record of something a person should know about (a risk
// trigger, a protective stop, a fill, a reconnect, ...), raised on the sequencer thread by a
// strategy or by the sequencer itself, and turned into text off the hot path by the
// notifier (notify/alert_text.hpp) and the event log (app/run/event_log.hpp). Neither of
// those includes a strategy header: what is strategy-specific travels as data (`reason`).
//
// AlertLog: a fixed ring of kCapacity records written on the sequencer thread. The app
// drains it on the sequencer thread (pop()) and hands the records to its off-thread
// notifier queue; when it is not drained in time the oldest records are overwritten and
// counted in dropped() — the hot path never blocks or allocates for an alert.
// Units: quantities in steps, prices in ticks, times in the caller's monotonic ns.
// Thread: sequencer only.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "core/types.hpp"

namespace xtb {

enum class AlertKind : std::uint8_t {
  ExternalOpen = 0,     ///< a flat side was opened by someone else
  ExternalIncrease,     ///< a side grew (our orders only reduce)
  SoftRiskEnter, SoftRiskExit,
  PanicEnter,           ///< entered panic tier `tier` (or a more dangerous one)
  PanicExit,
  StopPlaced, StopCancelled, StopTriggered, StopRejected, StopAdopted,
  KillSwitch,           ///< the engine's kill switch halted trading
  SideClosed,           ///< nothing placeable remains on the side
  DataStale,            ///< placing paused: no book/trade update within stale_data_ms
  StopExternal,         ///< -4130: another closePosition stop already protects the side
  Fill,                 ///< a slice filled (seed 002 on_fill): value_e8 = fill qty (steps), px = fill
                        ///< price, qty_before/after = position, reason = why it was placed, mode = 0
                        ///< maker-only / 1 aggressive
  Reconnect,            ///< the user-data stream is back after a drop (seed 002 on_reconnect); tier = −1
  kCount
};
const char* to_string(AlertKind k) noexcept;
/// The AlertKind of `name` (as to_string writes it); false when unknown.
bool parse_alert_kind(std::string_view name, AlertKind& out) noexcept;

struct Alert {
  AlertKind kind;
  PositionSide side;
  std::int8_t tier;         ///< panic tier index, −1 otherwise
  std::uint8_t mode;        ///< Fill: 0 maker-only, 1 aggressive; Reconnect: 1 market data, 0 user data
  SymbolId symbol;
  Qty qty_before;           ///< position size (|steps|) before / at the event
  Qty qty_after;
  Price px;                 ///< stop price, mark price, ... (ticks; 0 if n/a)
  std::int64_t value_e8;    ///< dist_to_liq ×1e8 for risk alerts, 0 otherwise
  std::int64_t t_ns;
  char reason[24];          ///< Fill: the strategy's name for why the order was placed (NUL-padded)

  std::string_view reason_text() const noexcept {
    std::size_t n = 0;
    while (n < sizeof reason && reason[n] != '\0') ++n;
    return {reason, n};
  }
  void set_reason(std::string_view r) noexcept {
    std::memset(reason, 0, sizeof reason);
    std::memcpy(reason, r.data(), r.size() < sizeof reason ? r.size() : sizeof reason - 1);
  }
};

class AlertLog {
 public:
  static constexpr std::uint32_t kCapacity = 256;

  void push(const Alert& a) noexcept {
    if (count_ == kCapacity) {  // overwrite the oldest
      head_ = (head_ + 1) % kCapacity;
      --count_;
      ++dropped_;
    }
    ring_[(head_ + count_) % kCapacity] = a;
    ++count_;
    ++total_;
    ++by_kind_[static_cast<int>(a.kind)];
  }
  /// Oldest record first; false when empty.
  bool pop(Alert& out) noexcept {
    if (count_ == 0) return false;
    out = ring_[head_];
    head_ = (head_ + 1) % kCapacity;
    --count_;
    return true;
  }
  std::uint32_t size() const noexcept { return count_; }
  std::uint64_t total() const noexcept { return total_; }
  std::uint64_t dropped() const noexcept { return dropped_; }
  /// Number of records of `k` raised so far (including drained/dropped ones).
  std::uint64_t count(AlertKind k) const noexcept { return by_kind_[static_cast<int>(k)]; }

 private:
  Alert ring_[kCapacity] = {};
  std::uint32_t head_ = 0, count_ = 0;
  std::uint64_t total_ = 0, dropped_ = 0;
  std::uint64_t by_kind_[static_cast<int>(AlertKind::kCount)] = {};
};
static_assert(std::is_trivially_copyable_v<Alert>);

}  // namespace xtb
