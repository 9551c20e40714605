// egress_stage.hpp — the live egress stage for Binance USD-M: owns the REST order-entry
// connections (design §1) on its own EventLoop, turns OrderCommands from ring R3 into
// signed HTTPS requests, and hands every answer back to decode as a RawFrame on ring R4.
//
//   R3 OrderCommand ─▶ admission (server time known, position mode verified, RateLimiter)
//                   ─▶ OrderEncoder::encode + HMAC-SHA256 ─▶ HTTP/1.1 on an idle keep-alive
//                      TLS connection (one request in flight per connection)
//   answer          ─▶ RateLimiter::on_response(headers) ─▶ R4 RawFrame{HttpResponse, body,
//                      ResponseMeta from the in-flight table + headers}
//   no answer       ─▶ (timeout / disconnect with the request in flight) a body-less R4
//                      frame with transport_error = 1, http_status 0: the decoder maps it
//                      to OrderAck{Unknown, -1007}; the engine queries the order.
//                      NOTHING IS EVER RESENT (a resend could duplicate an order).
//   refused locally ─▶ a body-less R4 frame flagged kFrameFlagLocal with a typed reason
//                      (ResponseMeta::local_refusal, core/raw_frame.hpp LocalRefusal), never
//                      sent: 429/418 back-off or ban, order-count limits, no server-time
//                      estimate, position-mode mismatch, encode error, session not ready,
//                      no connection within `queue_timeout_ns`, send failure. The decoder
//                      answers it as Binance answers that cause (errors.hpp
//                      local_refusal_answer: e.g. 429 + -1003, 400 + -4061, 503 + -1001 →
//                      Failed: never sent).
//
// Commands wait in R3 (back-pressure to the sequencer) while every connection is busy;
// a QueryOpenOrders is sent as two requests, openOrders + openAlgoOrders (conditional
// orders live in the algo service since 2025-12-09), each answered by its own frame.
//
// Session (binance/session_schedule.hpp), on this thread on idle connections, orders
// first: GET /fapi/v1/time at start-up and every minute (TimeSync), GET
// positionSide/dual once (must equal EncoderConfig::mode), listenKey POST / PUT every
// 30 min / re-POST after listenKeyExpired or -1125 / DELETE at shutdown, and GET
// /fapi/v1/depth?limit=1000 on request (R4 frame, rest_kind DepthSnapshot).
// Control rings (binance/session_signal.hpp): to ingest ListenKey / ListenKeyClosed;
// from ingest ListenKeyExpired / UserStreamReconnected (→ PUT); from the sequencer
// DepthSnapshot.
//
// Threads: construct anywhere (cold); poll() on the stage thread only — loop, TLS and
// connections are created by the first poll() there and destroyed there after stop.
// request_stop(), set_alloc_guard() and the stats are safe from any thread.
// Allocation: first poll() only; none per order (AllocGuard-tested).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "net/client/counter.hpp"
#include "net/client/io_stage_control.hpp"
#include "net/client/link_health.hpp"
#include "net/client/live_endpoint.hpp"
#include "core/alloc_guard.hpp"
#include "core/command.hpp"
#include "core/doorbell.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "net/connection_backoff.hpp"
#include "net/http/http_client.hpp"
#include "net/uring/event_loop.hpp"
#include "venue/binance/encode_command.hpp"
#include "venue/binance/rate_limit.hpp"
#include "venue/binance/session_schedule.hpp"
#include "venue/binance/session_signal.hpp"
#include "venue/binance/time_sync.hpp"

namespace xtb::binance {

struct EgressImpl;  // venue/binance/live/egress_impl.hpp


struct EgressConfig {
  live::LiveEndpoint endpoint;                ///< fapi.binance.com:443, or the simulator
  std::uint32_t connections = 2;              ///< persistent keep-alive order connections
  net::HttpClientConfig http{{}, 5'000'000'000};  ///< request timeout 5 s (= recvWindow)
  std::int64_t queue_timeout_ns = 2'000'000'000;  ///< a command waits this long for a connection
  net::BackoffConfig backoff;
  std::int64_t connect_timeout_ns = 5'000'000'000;
  net::LoopConfig loop;
  std::int64_t io_wait_ns = 0;                ///< idle poll may sleep this long in the kernel
  std::uint16_t first_tag = 100;              ///< RawFrame::conn_id of connection i = first_tag + i
  /// RawFrame::conn_id of every frame answering QueryOpenOrders / QueryPositions (venue
  /// answer, transport error or local refusal), so the sequencer can route them to its
  /// reconciliation (ConnRole::ReconcileRest) whichever connection carried them;
  /// 0 = the carrying connection's tag (local refusals: 0) like every other answer.
  std::uint16_t reconcile_tag = 0;
  /// RawFrame::conn_id of local refusals of other commands (never sent: no connection).
  std::uint16_t local_tag = 0;
  binance::SessionConfig session;             ///< expected_mode is taken from the encoder
  binance::RateLimitConfig rate;
  binance::TimeSyncConfig time;
  std::int64_t shutdown_timeout_ns = 3'000'000'000;  ///< wait for DELETE listenKey / answers
  /// Latency probe (bench/latency_common, tick-to-order): called on the egress thread right
  /// after an order-entry request was encoded, signed, TLS-encrypted and queued on its
  /// connection (the loop hands it to the kernel at the end of this poll); nullptr = off.
  void (*on_submitted)(void* ctx, const OrderCommand& cmd, TscTicks submitted_tsc) noexcept = nullptr;
  void* on_submitted_ctx = nullptr;
};

/// What the egress stage needs from the venue adapter (all must outlive the stage).
struct EgressVenue {
  const binance::OrderEncoder& encoder;
  const binance::HmacSha256Signer& signer;   ///< the encoder's signer (session requests)
  std::string_view api_key;                  ///< X-MBX-APIKEY value (copied)
  std::span<const binance::EncodeSymbol> symbols;  ///< by SymbolId (depth snapshot names)
};

struct EgressStats {
  live::Counter commands, sent, responses, transport_errors, local_rejects;
  live::Counter session_sent, session_failures, time_samples, listen_keys;
  live::Counter frames, signals_in, signals_out, signal_drops, conn_drops;
  live::LinkHealth links;  ///< the REST connections' health (main thread reads)
};

class EgressStage : public live::OrderEntryControl {
 public:
  using SignalRing = SpscRing<binance::SessionSignal>;
  struct Rings {
    SpscRing<OrderCommand>& commands;        ///< R3 (consumer)
    SpscRing<RawFrame>& responses;           ///< R4 (producer)
    LargeFramePool& pool;                    ///< R4's pool
    SignalRing* to_ingest = nullptr;
    SignalRing* from_ingest = nullptr;
    SignalRing* from_engine = nullptr;
  };

  EgressStage(const EgressConfig& cfg, const EgressVenue& venue, const Rings& rings);
  ~EgressStage();
  EgressStage(const EgressStage&) = delete;
  EgressStage& operator=(const EgressStage&) = delete;

  /// Stage concept: one round (commands, session tasks, I/O, timeouts).
  std::size_t poll() noexcept;
  // From live::OrderEntryControl: doorbell() (rung by R3's producer: attach with
  // commands.attach_doorbell(stage.doorbell())); request_stop() (DELETE the listenKey, wait
  // for answers, bounded, close, finish); set_alloc_guard; error; open_connections; and
  // ready(): a server-time estimate exists and the position mode check passed.
  /// Raised by a 418 or a position-mode mismatch; needs a human.
  bool alert() const noexcept { return alert_.load(std::memory_order_relaxed); }
  const EgressStats& stats() const noexcept { return stats_; }

 private:
  friend struct EgressImpl;
  std::unique_ptr<EgressImpl> impl_;
  std::atomic<bool> alert_{false};
  EgressStats stats_;
};

}  // namespace xtb::binance
