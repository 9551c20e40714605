// capture_feed.hpp — turns a recorded capture (sim/capture.hpp) into decoded market
// events for the exchange core, one record at a time: the same decoder the live engine
// uses (binance::Decoder), the REST depth snapshot recorded in the capture decoded with
// the REST path (as pipeline/decode/replay_decode_stage.hpp does), and the record's receive time as the
// exchange time (ms). Used by xtb-sim's replay loop, the in-process backtest and tests.
//
// Allocation: the constructor allocates the padded record buffer (largest record +
// SIMDJSON padding) and the event array; next() does not allocate.
// Threads: one feed per thread; the capture and symbol table stay immutable meanwhile.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/event.hpp"
#include "sim/capture.hpp"
#include "sim/core/exchange.hpp"
#include "venue/binance/decode_frame.hpp"

namespace xtb::sim::binance_usdm {

class CaptureFeed {
 public:
  /// `snapshot_symbol`: symbol of the bare REST depth snapshot records.
  CaptureFeed(const Capture& cap, binance::Decoder& decoder, SymbolId snapshot_symbol, std::size_t max_events = 1024);

  /// Decodes the next record. False at the end. `events[0..n)` stay valid until the next
  /// call; `now_ms` = the record's receive time in ms. A record that fails to decode
  /// yields its one DecodeError event (counted in decode_errors()).
  bool next(const Event*& events, std::size_t& n, EpochMs& now_ms) noexcept;

  std::size_t position() const noexcept { return next_; }
  std::size_t size() const noexcept { return cap_.size(); }
  std::uint64_t decode_errors() const noexcept { return errors_; }
  std::uint64_t events() const noexcept { return events_; }

 private:
  const Capture& cap_;
  binance::Decoder& decoder_;
  SymbolId snapshot_symbol_;
  std::vector<std::uint8_t> buf_;
  std::vector<Event> ev_;
  std::size_t next_ = 0;
  std::uint64_t errors_ = 0, events_ = 0;
};

/// Feeds up to `max_records` records of `feed` into `x` (every event at its record's
/// time). Returns the records consumed.
std::size_t replay_into(sim::SimExchange& x, CaptureFeed& feed, std::size_t max_records = SIZE_MAX) noexcept;

}  // namespace xtb::sim::binance_usdm
