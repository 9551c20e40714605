// ingest_stage.hpp — the live ingest stage: owns the market-data and user-data
// WebSocket connections (design §1: every socket has one owner thread) on its own
// EventLoop and publishes every complete message into ring R1.
//
//   venue ─TLS/WS─▶ WsFeed × N (market) + WsFeed (user, once a listenKey exists)
//        ─▶ RawFrame{kind WsText|WsBinary, conn_id = feed tag, rx_tsc = Clock::now() when the
//           message completed, capture_ns = wall clock} ─▶ R1 ─▶ decode
//   connection state changes ─▶ RawFrame{kind ConnState, conn{status, reason}} ─▶ R1
//
// Large messages use R1's LargeFramePool; a full ring or empty pool is back-pressure
// (live/frame_publisher.hpp): the stage waits, it never drops, so it needs a thread of
// its own (ThreadedRunner), never the InlineRunner next to decode.
//
// Session links (binance/session_signal.hpp control rings, both optional):
//   from egress: ListenKey → connect (or retarget) the user stream to `/ws/<key>` or
//                `/private/ws?listenKey=<key>`; ListenKeyClosed → stop it.
//   to egress:   ListenKeyExpired when the user stream says so (the feed is stopped at
//                once; the new key reconnects it), UserStreamReconnected after the user
//                feed came back from a drop (egress re-validates the listenKey). Market
//                feeds' drops reach the sequencer as ConnState events (BookSync resync).
// Reconnects follow the pump's backoff; Binance's 24 h cut is handled by the feeds'
// make-before-break rotation (live/ws_feed.hpp).
//
// Threads: construct anywhere (cold); poll() only from the stage thread — the EventLoop,
// TLS context and connections are created on the first poll() there (io_uring
// SINGLE_ISSUER binds a ring to its creating thread) and destroyed there after stop.
// request_stop(), set_alloc_guard() and the stats are safe from any thread.
// Allocation: first poll() and user-stream (re)targeting only; none per message.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/client/counter.hpp"
#include "net/client/io_stage_control.hpp"
#include "net/client/link_health.hpp"
#include "net/client/live_endpoint.hpp"
#include "net/client/ws_feed.hpp"
#include "core/alloc_guard.hpp"
#include "core/doorbell.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "net/uring/event_loop.hpp"
#include "venue/binance/session_signal.hpp"
#include "venue/binance/session_streams.hpp"

namespace xtb::binance {

/// One market-data connection: its frame tag and request target.
struct IngestStreamSpec {
  std::uint16_t tag = 0;
  std::string target;  ///< e.g. "/stream?streams=btcusdt@bookTicker/btcusdt@depth@0ms"
};

struct IngestConfig {
  live::LiveEndpoint endpoint;                ///< fstream.binance.com:443, or the simulator
  std::vector<IngestStreamSpec> market;
  bool user_stream = false;                   ///< expect ListenKey signals from egress
  std::uint16_t user_tag = 64;
  binance::UserStreamPath user_path = binance::UserStreamPath::Legacy;
  live::WsFeedConfig feed;                    ///< template for every feed (tag/target set per feed)
  net::LoopConfig loop;                       ///< conns/timers raised to what the feeds need
  std::int64_t io_wait_ns = 1'000'000;        ///< idle poll may sleep this long in the kernel; 0 = spin
};

/// Market-data specs for a stream plan (binance/session_streams.hpp): tags first_tag,
/// first_tag+1, ... Cold path; empty + `error` for a stream name the target writer refuses.
std::vector<IngestStreamSpec> make_market_specs(const std::vector<binance::StreamConnPlan>& plan,
                                                std::uint16_t first_tag, std::string* error = nullptr);
/// User-data target for `key` ("" when the key is invalid).
std::string user_stream_target(binance::UserStreamPath path, std::string_view key);

struct IngestStats {
  live::Counter messages, bytes, conn_states;
  live::Counter user_messages, listen_key_expired, user_retargets;
  live::Counter signals_in, signals_out, signal_drops;
  live::Counter publish_failures;             ///< too large / abandoned at shutdown
  live::LinkHealth links;                     ///< the feeds' connection health (main thread reads)
};

class IngestStage : public live::IoStageControl {
 public:
  using SignalRing = SpscRing<binance::SessionSignal>;

  IngestStage(const IngestConfig& cfg, SpscRing<RawFrame>& out, LargeFramePool& pool,
              SignalRing* from_egress = nullptr, SignalRing* to_egress = nullptr);
  ~IngestStage();
  IngestStage(const IngestStage&) = delete;
  IngestStage& operator=(const IngestStage&) = delete;

  /// Stage concept: one round of I/O. Returns messages + state changes + signals handled.
  std::size_t poll() noexcept;
  /// None: the stage sleeps in the kernel (EventLoop::poll with io_wait_ns), not on a bell.
  Doorbell* doorbell() noexcept { return nullptr; }

  // finished / request_stop / set_alloc_guard / error(): live::IoStageControl (error is
  // set when the first poll() could not build the loop or start a feed, then finished).

  /// True once every market feed's WebSocket is open (and the user feed's, if it exists).
  bool all_open() const noexcept { return all_open_.load(std::memory_order_relaxed); }
  const IngestStats& stats() const noexcept { return stats_; }
  /// Feed statistics; stage thread, or any thread after finished().
  std::vector<live::WsFeedStats> feed_stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> all_open_{false};
  IngestStats stats_;
};

}  // namespace xtb::binance
