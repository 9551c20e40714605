// ingest_stage.hpp — Backpack's live ingest stage: owns the market and user WebSocket
// connections (design §1: every socket has one owner thread) on its own EventLoop and
// publishes every complete message into ring R1.
//
//   wss://ws.backpack.exchange ─TLS/WS─▶ market feed (tag LiveTags::kMarket): on every
//        open sends {"method":"SUBSCRIBE","params":["depth.S","bookTicker.S","trade.S",
//        "markPrice.S",...]} (stream_plan.hpp)
//   ─────────────────────────────────────▶ user feed (tag LiveTags::kUser): on every open a
//        freshly signed SUBSCRIBE for account.orderUpdate + account.positionUpdate
//        (encode_request.hpp encode_private_subscribe; the signature's window expires, so
//        it is signed again on each reconnect, stamped local wall ms + the venue offset)
//   ─▶ RawFrame{WsText|WsBinary, conn_id = tag, rx_tsc, capture_ns} ─▶ R1 ─▶ decode
//   connection state changes ─▶ RawFrame{ConnState} ─▶ R1 (the sequencer holds trading
//        and recalibrates after a drop)
// Protocol: https://docs.backpack.exchange/#tag/Streams (SUBSCRIBE, signed private
// streams, the server's 60 s ping — answered by net/ws, which also pings a quiet peer).
// Reconnects: the Connection pump's backoff and jitter (VenueConfig::ws_backoff).
// Depth book sync: every time the market feed opened and subscribed, `market_opens` is
// incremented; the egress stage watches it and fetches REST depth snapshots
// (egress_stage.hpp), which decode turns into BookSync snapshots (market/book_sync.hpp).
// A venue error answer ({"id":..,"error":..}, e.g. a refused signature) is published like
// any message (decode counts it) and its first 5 are logged.
//
// Back-pressure, never loss (core/frame_publisher.hpp): a full ring makes the stage wait,
// so it needs a thread of its own.
// Threads: construct anywhere (cold); poll() on the stage thread only — the EventLoop, TLS
// context and connections are created by the first poll() there and destroyed there.
// request_stop(), set_alloc_guard(), all_open() and the stats: any thread.
// Allocation: first poll(); a (re)connect signs the private SUBSCRIBE (OpenSSL allocates
// inside, signer.hpp) in an AllocGuard::ColdSection; none per message.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/alloc_guard.hpp"
#include "core/doorbell.hpp"
#include "core/frame_pool.hpp"
#include "core/spsc_ring.hpp"
#include "core/stage.hpp"
#include "net/client/counter.hpp"
#include "net/client/io_stage_control.hpp"
#include "net/client/link_health.hpp"
#include "net/client/live_endpoint.hpp"
#include "net/connection_backoff.hpp"
#include "net/uring/event_loop.hpp"
#include "net/ws/ws_types.hpp"
#include "venue/backpack/encode_request.hpp"

namespace xtb::backpack {

struct IngestConfig {
  live::LiveEndpoint endpoint;               ///< ws.backpack.exchange:443, or a local venue
  std::string target = "/";                  ///< WebSocket request target
  std::vector<std::string> public_streams;   ///< stream_plan.hpp public_streams()
  bool user_stream = true;                   ///< needs `auth` (the private SUBSCRIBE)
  std::uint16_t market_tag = 1, user_tag = 20;
  std::int64_t venue_offset_ms = 0;          ///< venue − local wall clock (account_rest.hpp)
  net::WsConfig ws{};                        ///< limits, ping / pong timeouts
  net::BackoffConfig backoff{};
  std::int64_t connect_timeout_ns = 5'000'000'000;
  std::int64_t handshake_timeout_ns = 10'000'000'000;
  net::LoopConfig loop{};
  std::int64_t io_wait_ns = 1'000'000;       ///< idle poll may sleep this long in the kernel
};

struct IngestStats {
  live::Counter messages, bytes, conn_states, subscribes, subscribe_failures, publish_failures;
  live::Counter ws_errors;  ///< {"id":..,"error":..} answers (a refused SUBSCRIBE), first 5 logged
  live::LinkHealth links;
};

class IngestStage : public live::IoStageControl {
 public:
  /// `auth`: signs the private SUBSCRIBE (its signer is used on the ingest thread only);
  /// nullptr with cfg.user_stream is an error reported by the first poll().
  /// `market_opens`: incremented after each market subscribe (egress's depth trigger).
  IngestStage(const IngestConfig& cfg, SpscRing<RawFrame>& out, LargeFramePool& pool, RequestEncoder* auth,
              std::atomic<std::uint64_t>* market_opens);
  ~IngestStage();
  IngestStage(const IngestStage&) = delete;
  IngestStage& operator=(const IngestStage&) = delete;

  std::size_t poll() noexcept;
  Doorbell* doorbell() noexcept { return nullptr; }  ///< sleeps in the kernel instead

  bool all_open() const noexcept { return all_open_.load(std::memory_order_relaxed); }
  const IngestStats& stats() const noexcept { return stats_; }

 private:
  struct Impl;
  friend struct IngestFeed;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> all_open_{false};
  IngestStats stats_;
};

}  // namespace xtb::backpack
