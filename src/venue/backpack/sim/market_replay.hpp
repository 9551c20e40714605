// market_replay.hpp — the recorded market as xtb-sim --venue backpack replays it: the
// capture (sim/capture.hpp) re-expressed record by record as Backpack messages
// (capture_reexpress.hpp) for one Backpack perpetual, paced at the recorded pace × speed.
//
// Items:
//   * depth / bookTicker / trade messages → topics "depth.<S>", "bookTicker.<S>",
//     "trade.<S>" of the StreamHub (served wrapped {"stream":..,"data":..} as recorded here);
//   * the capture's REST depth snapshot → fed to the exchange's book only, as the body of
//     GET /api/v1/depth (the REST answers come from the synced book, never the recording);
//   * records with no Backpack form (other streams or symbols) are counted in skipped().
// Each item is decoded, when due, by the engine's own Backpack decoder (backpack::Decoder:
// decode_frame for stream messages, decode_record for the snapshot) into the Events
// sim::SimExchange consumes — the face's messages pass through the client's parser.
//
// Pacing: as the USD-M face's replay (sim/capture_pacer.hpp: gaps longer than max_gap_ns
// are counted time jumps; speed 0 = as fast as subscribers read).
// Threads: server thread. Allocation: the constructor (cold); next()/decode() none.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "sim/capture.hpp"
#include "sim/capture_pacer.hpp"
#include "sim/server/replay_feed.hpp"
#include "sim/server/stream_hub.hpp"
#include "venue/backpack/decoder.hpp"

namespace xtb::sim::backpack_sim {

class MarketReplay final : public server::ReplayFeed {
 public:
  /// Loads `capture_path`, keeps the records of `binance_symbol` (upper case) as messages
  /// of Backpack instrument `sym`, registers their topics in `hub`. Throws CaptureError on
  /// unreadable input or when nothing of the symbol is in the capture. Cold path.
  MarketReplay(const std::string& capture_path, const std::string& binance_symbol, const SymbolTable& symbols,
               SymbolId sym, server::StreamHub& hub, double speed,
               std::int64_t max_gap_ns = CapturePacer::kDefaultMaxGapNs);

  void start(std::int64_t mono_ns) noexcept override { clock_.start(mono_ns); }
  bool started() const noexcept override { return clock_.started(); }
  bool done() const noexcept override { return next_ >= items_.size(); }
  std::int64_t next_due_ns() const noexcept override;
  const server::ReplayItem* due(std::int64_t mono_ns) const noexcept override;
  void advance() noexcept override { ++next_; }
  void decode(const server::ReplayItem& item, const Event*& events, std::size_t& n) noexcept override;
  std::size_t size() const noexcept override { return items_.size(); }
  std::uint64_t decode_errors() const noexcept override { return decode_errors_; }
  std::uint64_t time_jumps() const noexcept override { return time_jumps_; }

  /// Capture records with no Backpack form (other streams, other symbols).
  std::size_t skipped() const noexcept { return skipped_; }
  /// Records the capture loader skipped (Capture::skipped_text), "" if none.
  const std::string& capture_skipped_text() const noexcept { return capture_skipped_; }

 private:
  std::string arena_;  ///< every re-expressed message, back to back (items_ view into it)
  std::vector<server::ReplayItem> items_;
  std::string capture_skipped_;
  backpack::Decoder decoder_;
  std::vector<std::uint8_t> buf_;
  std::vector<Event> events_;
  server::ReplayClock clock_;
  std::size_t next_ = 0, skipped_ = 0;
  std::uint64_t decode_errors_ = 0, time_jumps_ = 0;
};

}  // namespace xtb::sim::backpack_sim
