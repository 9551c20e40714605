// replay_feed.hpp — ReplayFeed: the recorded market as xtb-sim's shell paces it. A venue
// face implements it (the USD-M face's MarketReplay, market_replay.hpp); the
// shell asks for due records, applies their decoded events to the exchange, then
// publishes the record to its stream topic.
//
// Shapes: ReplayItem views point into the face's loaded capture (valid for the server's
// life); `topic` is a StreamHub topic or kNoTopic (fed to the exchange, not served).
// Units: monotonic ns for pacing, capture receive ns in recv_ns.
// Threads: server thread. Allocation: none after construction (decode() writes into the
// face's preallocated buffers).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/event.hpp"
#include "sim/server/stream_hub.hpp"

namespace xtb::sim::server {

struct ReplayItem {
  std::int64_t recv_ns = 0;
  std::int64_t due_offset_ns = 0;        ///< paced offset from the first record (capture ns)
  std::string_view json;                 ///< the whole record
  std::string_view data;                 ///< stream payload ("" for snapshots / raw records)
  TopicId topic = kNoTopic;              ///< stream topic (kNoTopic: not served)
  SymbolId snapshot_symbol = kNoSymbol;  ///< REST snapshot records only
  bool snapshot = false;
};

/// The pacing clock of a face's replay: a record is due at start + offset / speed on the
/// monotonic clock (speed <= 0: every record is due at once; the shell then paces by its
/// subscribers' back-pressure). Offsets come from sim/capture_pacer.hpp.
class ReplayClock {
 public:
  explicit ReplayClock(double speed) noexcept : speed_(speed) {}
  /// Starts the clock at `mono_ns` (no-op once started).
  void start(std::int64_t mono_ns) noexcept {
    if (started_) return;
    started_ = true;
    start_ns_ = mono_ns;
  }
  bool started() const noexcept { return started_; }
  double speed() const noexcept { return speed_; }
  /// Monotonic time a record `offset_ns` (capture ns) after the first one is due.
  std::int64_t due_ns(std::int64_t offset_ns) const noexcept {
    if (speed_ <= 0) return start_ns_;
    return start_ns_ + static_cast<std::int64_t>(static_cast<double>(offset_ns) / speed_);
  }

 private:
  double speed_;
  bool started_ = false;
  std::int64_t start_ns_ = 0;
};

class ReplayFeed {
 public:
  /// Starts the clock at `mono_ns` (no-op once started).
  virtual void start(std::int64_t mono_ns) noexcept = 0;
  virtual bool started() const noexcept = 0;
  virtual bool done() const noexcept = 0;
  /// Monotonic time the next record is due (INT64_MAX when done or not started).
  virtual std::int64_t next_due_ns() const noexcept = 0;
  /// The next record if it is due at `mono_ns`, else nullptr. advance() consumes it.
  virtual const ReplayItem* due(std::int64_t mono_ns) const noexcept = 0;
  virtual void advance() noexcept = 0;
  /// Decodes `item` into market events for the exchange; `events[0..n)` valid until the
  /// next call. A record that fails to decode yields no event (counted).
  virtual void decode(const ReplayItem& item, const Event*& events, std::size_t& n) noexcept = 0;
  virtual std::size_t size() const noexcept = 0;
  virtual std::uint64_t decode_errors() const noexcept = 0;
  /// Capture gaps that pacing skipped.
  virtual std::uint64_t time_jumps() const noexcept = 0;

 protected:
  ~ReplayFeed() = default;
};

}  // namespace xtb::sim::server
