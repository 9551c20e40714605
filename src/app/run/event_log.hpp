// event_log.hpp — the structured event log of `xtb run` (seed 002 "structured event log";
// review row 68): every TradeEvent the sequencer emits (telemetry/trade_event.hpp: signal,
// place, cancel, timeout, fill, order end, mode change, alert, calibration) becomes one JSON
// line in `<dir>/events.jsonl`, rolled at midnight (local time) into
// `events_YYYY-MM-DD.jsonl`, keeping `retention_days` files (spdlog's daily sink).
//
// Line shape (keys in this order; only the ones the kind uses):
//   {"ts":"2026-12-07T16:40:01.123456Z","event":"fill","symbol":"BTCUSDT","side":"SELL",
//    "position_side":"LONG","id":"xtb-a1b2-…-7","px":"61234.5","qty":"0.010","maker":true,
//    "position_before":"0.050","position_after":"0.040"}
// Prices and quantities are the venue's decimal text of the symbol's tick/step grid; ts is
// UTC wall time derived from the sequencer's monotonic time.
//
// Threads: the sequencer pushes into channel() (RecordChannel, never blocks; a full ring
// drops and counts); the writer thread "xtb-events" drains it every 20 ms and writes;
// start()/stop() from the owner (stop drains what is queued, then joins). Cold path only:
// formatting allocates.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "core/record_channel.hpp"
#include "market/symbol_table.hpp"
#include "telemetry/trade_event.hpp"

namespace spdlog { class logger; }

namespace xtb::run {

/// One JSON line (no newline) for `e`. `wall_minus_mono_ns`: add to e.t_ns for unix ns.
std::string format_event_json(const TradeEvent& e, const SymbolTable& symbols, std::int64_t wall_minus_mono_ns);

class EventLogWriter {
 public:
  /// Opens `<dir>/events.jsonl` (creating `dir`); throws std::runtime_error naming the path
  /// when it cannot. `symbols` must outlive the writer. Cold path.
  EventLogWriter(const std::string& dir, std::uint16_t retention_days, const SymbolTable& symbols,
                 std::size_t capacity = 8192);
  ~EventLogWriter();
  EventLogWriter(const EventLogWriter&) = delete;
  EventLogWriter& operator=(const EventLogWriter&) = delete;

  RecordChannel<TradeEvent>& channel() noexcept { return channel_; }
  /// The sink for SequencerConfig::trade_events (pushes into channel()).
  TradeEventSink sink() noexcept;
  void start();
  void stop();
  std::uint64_t written() const noexcept { return written_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const noexcept { return channel_.dropped(); }
  const std::string& path() const noexcept { return path_; }

 private:
  void drain();

  const SymbolTable& symbols_;
  std::string path_;
  std::shared_ptr<spdlog::logger> file_;
  RecordChannel<TradeEvent> channel_;
  std::int64_t wall_minus_mono_ns_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> written_{0}, failed_{0};
  std::thread thread_;
};

}  // namespace xtb::run
