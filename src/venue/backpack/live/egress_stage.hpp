// egress_stage.hpp — Backpack's live egress stage: owns the REST order-entry connections
// (design §1) on its own EventLoop, turns OrderCommands from ring R3 into signed HTTPS
// requests and hands every answer back to decode as a RawFrame on ring R4; it also fetches
// the REST depth snapshots the market book needs.
//
//   R3 OrderCommand ─▶ client-id binding (first id only, live_decoder.hpp: a bind frame
//                      goes to R4 first) ─▶ RateBudget (rate_budget.hpp) ─▶
//                      RequestEncoder::encode + Ed25519 (encode_request.hpp) ─▶ HTTP/1.1 on
//                      an idle keep-alive TLS connection (request_shape.hpp; one request
//                      in flight per connection, http_client_stream.hpp)
//   answer          ─▶ RateBudget::on_answer (429 back-off) ─▶ R4 RawFrame{HttpResponse,
//                      body, ResponseMeta{rest_kind = RestKind of the command, command,
//                      http_status, retry_after_s, symbol, generation, client_id}}
//   no answer       ─▶ (timeout / disconnect with the request in flight) body-less frame,
//                      transport_error = 1: the decoder answers OrderAck{Unknown}
//                      (errors.hpp NoAnswer); the engine queries the order. NEVER RESENT.
//   refused locally ─▶ body-less frame flagged kFrameFlagLocal, ResponseMeta::local_refusal:
//                      EncodeFailed (AmendOrder — Backpack has no amend endpoint —, stop
//                      types, an id outside the bound head, overflow), RequestRateLimit
//                      (429 back-off or the request budget), OrderCountLimit, NoConnection
//                      (no idle connection within queue_timeout_ns, or the send failed).
//                      Never sent; the decoder answers as the venue would (errors.hpp).
// Answers to QueryOpenOrders / QueryPositions carry conn_id = reconcile_tag (the
// sequencer's reconciliation), local refusals local_tag, the rest their connection's tag.
//
// Depth snapshots (https://docs.backpack.exchange/#tag/Markets/operation/get_depth):
// whenever the ingest stage's market feed subscribed again (`market_opens` moved) or the
// decoder saw a break in a depth chain (`depth_requests` moved, live_decoder.hpp), every
// traded symbol's GET /api/v1/depth?symbol= is due `depth_delay_ns` later (BookSync
// buffers the diffs meanwhile); optionally again every `depth_refresh_ns` (default 0 =
// never: a snapshot older than the diffs already applied would itself break a synced
// book). Only on idle connections while R3 is empty (orders first); a 200 answer goes to
// R4 as rest_kind DepthSnapshot (conn_id depth_tag), anything else is retried after
// `depth_retry_ns`.
//
// Threads: construct anywhere (cold); poll() on the stage thread only — loop, TLS and
// connections are created by the first poll() there. request_stop(), set_alloc_guard()
// and the stats: any thread.
// Allocation: first poll() only in our code; Ed25519 signing allocates inside OpenSSL
// (5 small blocks per signature, signer.hpp) — the one allocation on the order path.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/alloc_guard.hpp"
#include "core/command.hpp"
#include "core/doorbell.hpp"
#include "core/frame_pool.hpp"
#include "core/spsc_ring.hpp"
#include "core/stage.hpp"
#include "engine/venue_budget.hpp"
#include "market/symbol_table.hpp"
#include "net/client/counter.hpp"
#include "net/client/io_stage_control.hpp"
#include "net/client/link_health.hpp"
#include "net/client/live_endpoint.hpp"
#include "net/connection_backoff.hpp"
#include "net/http/http_client.hpp"
#include "net/uring/event_loop.hpp"
#include "venue/backpack/client_id.hpp"
#include "venue/backpack/command_costs.hpp"
#include "venue/backpack/encode_request.hpp"

namespace xtb::backpack {

struct EgressImpl;  // egress_impl.hpp

struct EgressConfig {
  live::LiveEndpoint endpoint;                   ///< api.backpack.exchange:443, or a local venue
  std::uint32_t connections = 2;                 ///< persistent keep-alive order connections
  net::HttpClientConfig http{{}, 5'000'000'000}; ///< request timeout 5 s (= X-Window default)
  std::int64_t queue_timeout_ns = 2'000'000'000; ///< a command waits this long for a connection
  net::BackoffConfig backoff{};
  std::int64_t connect_timeout_ns = 5'000'000'000;
  net::LoopConfig loop{};
  std::int64_t io_wait_ns = 0;                   ///< idle poll may sleep this long in the kernel
  std::uint16_t first_tag = 30, reconcile_tag = 40, local_tag = 41, depth_tag = 42;
  std::int64_t venue_offset_ms = 0;              ///< X-Timestamp = local wall ms + this
  std::int64_t start_ms = 0;                     ///< client-id base (live_decoder.hpp; same as decode's)
  std::vector<SymbolId> depth_symbols;           ///< symbols whose depth snapshots are fetched
  std::int64_t depth_delay_ns = 500'000'000;
  std::int64_t depth_refresh_ns = 0;
  std::int64_t depth_retry_ns = 2'000'000'000;
  engine::VenueRateLimits limits = default_limits();
  engine::CommandCosts costs = command_costs();
  std::int64_t shutdown_timeout_ns = 3'000'000'000;  ///< wait for answers in flight
};

/// What the egress stage needs from the venue adapter (all outlive the stage; egress
/// thread only while it runs).
struct EgressVenue {
  RequestEncoder& encoder;         ///< with its own signer; reads `ids`
  ClientIdMap& ids;                ///< the encoder's map: bound by egress on the first id
  const SymbolTable& symbols;      ///< depth snapshot names
};

struct EgressStats {
  live::Counter commands, sent, responses, transport_errors, local_rejects, frames;
  live::Counter depth_sent, depth_ok, depth_failures, conn_drops, id_binds;
  live::LinkHealth links;
};

class EgressStage : public live::OrderEntryControl {
 public:
  struct Rings {
    SpscRing<OrderCommand>& commands;  ///< R3 (consumer)
    SpscRing<RawFrame>& responses;     ///< R4 (producer)
    LargeFramePool& pool;              ///< R4's pool
    const std::atomic<std::uint64_t>* market_opens = nullptr;    ///< ingest: market feed subscribed
    const std::atomic<std::uint64_t>* depth_requests = nullptr;  ///< decode: a depth chain broke
  };

  EgressStage(const EgressConfig& cfg, const EgressVenue& venue, const Rings& rings);
  ~EgressStage();
  EgressStage(const EgressStage&) = delete;
  EgressStage& operator=(const EgressStage&) = delete;

  std::size_t poll() noexcept;
  // finished / request_stop / set_alloc_guard / error / doorbell / open_connections:
  // live::OrderEntryControl; ready(): at least one order connection is open.
  const EgressStats& stats() const noexcept { return stats_; }

 private:
  friend struct EgressImpl;
  std::unique_ptr<EgressImpl> impl_;
  EgressStats stats_;
};

}  // namespace xtb::backpack
