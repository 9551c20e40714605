// market_replay.hpp — the recorded market as the simulated venue replays it: the capture
// (sim/capture.hpp: hftbacktest `<ns> <json>` or cryptofeed `<s>: <json>`), optionally
// merged with a cryptofeed REST depth-snapshot file, in receive-time order, paced at the
// recorded pace × speed.
//
// Record kinds:
//   * stream message `{"stream":"<name>","data":<payload>}` (both captures are combined-
//     stream recordings) → topic <name> of the StreamHub, payload range kept for raw
//     (`/ws/<stream>`) subscribers;
//   * REST depth snapshot `{"lastUpdateId":...}` → fed to the exchange's book only
//     (GET /fapi/v1/depth answers come from the synced book, never from the recording).
//     Its symbol: the cryptofeed URL's `symbol=` parameter, or, in an hftbacktest capture,
//     the symbol of the next recorded depth stream message.
//   * anything else (a raw, unwrapped message) is fed to the exchange and not served.
// Each record is decoded once, when due, by the engine's own decoder (binance::Decoder:
// decode_frame for stream messages, decode_rest(DepthSnapshot) for snapshots) into the
// events sim::SimExchange consumes.
//
// Pacing: record i is due at start + offset[i] / speed on the monotonic clock, offset[i]
// = recv_ns[i] − recv_ns[0] less every gap longer than `max_gap_ns` (sim/capture_pacer.hpp:
// counted in time_jumps(), not waited for — D9/K5); speed 0 makes every record due at once
// (the server then paces by its subscribers' back-pressure).
// A record larger than the decoder's frame limit is refused at load (D11/K4).
//
// Threads: server thread. Allocation: load() (cold); next()/decode() none.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "sim/capture.hpp"
#include "sim/capture_pacer.hpp"
#include "sim/server/replay_feed.hpp"
#include "sim/server/stream_hub.hpp"
#include "venue/binance/decode_frame.hpp"

namespace xtb::sim::binance_usdm {

using server::kNoTopic;
using server::TopicId;

using server::ReplayItem;
using server::StreamHub;

class MarketReplay final : public server::ReplayFeed {
 public:
  /// Loads the capture (and snapshot file, may be ""), registers every recorded stream in
  /// `hub`. Throws CaptureError on unreadable input. Cold path.
  MarketReplay(const std::string& capture_path, const std::string& snapshots_path, const SymbolTable& symbols,
               StreamHub& hub, double speed, std::int64_t max_gap_ns = CapturePacer::kDefaultMaxGapNs);

  /// Starts the clock at `mono_ns` (no-op once started).
  void start(std::int64_t mono_ns) noexcept override { clock_.start(mono_ns); }
  bool started() const noexcept override { return clock_.started(); }
  bool done() const noexcept override { return next_ >= items_.size(); }

  /// Monotonic time the next record is due (INT64_MAX when done or not started).
  std::int64_t next_due_ns() const noexcept override;
  /// The next record if it is due at `mono_ns`, else nullptr. advance() consumes it.
  const ReplayItem* due(std::int64_t mono_ns) const noexcept override;
  void advance() noexcept override { ++next_; }

  /// Decodes `item` into market events for the exchange; `events[0..n)` valid until the
  /// next call. A record that fails to decode yields no event (counted).
  void decode(const ReplayItem& item, const Event*& events, std::size_t& n) noexcept override;

  std::size_t size() const noexcept override { return items_.size(); }
  std::size_t position() const noexcept { return next_; }
  std::uint64_t decode_errors() const noexcept override { return decode_errors_; }
  /// Gaps longer than max_gap_ns that pacing skipped (sim/capture_pacer.hpp).
  std::uint64_t time_jumps() const noexcept override { return time_jumps_; }
  /// What the loaders skipped (Capture::skipped_text of the capture and the snapshots), "" if nothing.
  std::string skipped_text() const;
  /// Symbols (upper case) that appear in the recorded stream names.
  const std::vector<std::string>& symbols_seen() const noexcept { return symbols_seen_; }
  double speed() const noexcept { return clock_.speed(); }
  std::int64_t first_recv_ns() const noexcept { return items_.empty() ? 0 : items_.front().recv_ns; }
  std::int64_t last_recv_ns() const noexcept { return items_.empty() ? 0 : items_.back().recv_ns; }
  std::size_t max_record_bytes() const noexcept { return max_len_; }

 private:
  void index_capture(const Capture& cap, StreamHub& hub);
  void index_snapshots(const std::string& path, const Capture& cap, const SymbolTable& symbols);
  void fix_hftbacktest_snapshot_symbols(const SymbolTable& symbols);

  std::unique_ptr<Capture> capture_;
  std::unique_ptr<Capture> snapshots_;
  std::vector<ReplayItem> items_;
  std::vector<std::string> symbols_seen_;
  binance::Decoder decoder_;
  std::vector<std::uint8_t> buf_;
  std::vector<Event> events_;
  server::ReplayClock clock_;
  std::size_t next_ = 0;
  std::size_t max_len_ = 0;
  std::uint64_t decode_errors_ = 0;
  std::uint64_t time_jumps_ = 0;
};

/// Splits a combined-stream message `{"stream":"<name>","data":<payload>}` (Binance's
/// exact wrapper, no spaces). False when `json` is not in that form.
bool split_combined(std::string_view json, std::string_view& stream, std::string_view& data) noexcept;

}  // namespace xtb::sim::binance_usdm
