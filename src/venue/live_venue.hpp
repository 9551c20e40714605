// live_venue.hpp — what `xtb run` asks of a venue's live side, so the run's wiring
// (src/app/run/) names no venue: start-up reads, the venue's ingest / decode / egress
// stages on the shared rings, position reads, and the numbers for the summary.
//
//   LiveVenue* v = make_live_venue(cfg, log)      (venue/venue_list.hpp)
//   v->load_symbols(symbols)                      instruments, tick/step sizes, limits
//   v->build(rings, symbols, traded, io_wait)     its three stages + doorbells
//   runner.add(..., v->ingest() / decode() / egress())   (core/stage.hpp StageHandle)
//   v->fetch_positions(...)                       at start-up and on every refresh
//   v->set_io_alloc_guard / request_io_stop / io_finished / io_failure
//
// Threads: every member is called on the main thread (cold path) except what the stages do
// on their own threads; numbers() and the link health may be read while they run.
// Errors: start-up reads throw std::runtime_error with the venue's answer in the message;
// a bad venue option throws std::invalid_argument naming the key.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/command.hpp"
#include "core/conn_role.hpp"
#include "core/event.hpp"
#include "core/frame_pool.hpp"
#include "core/spsc_ring.hpp"
#include "core/stage.hpp"
#include "engine/risk.hpp"
#include "market/symbol_table.hpp"
#include "net/client/link_health.hpp"
#include "net/client/live_endpoint.hpp"
#include "net/connection_backoff.hpp"

namespace xtb {

/// The `venue:` section of a run config (app/run/run_config.hpp documents the keys).
struct VenueConfig {
  std::string name = "binance_usdm";   ///< which venue (venue/venue_list.hpp)
  std::string rest_url = "https://fapi.binance.com";
  std::string ws_url = "wss://fstream.binance.com";
  std::string ca_file;
  bool insecure = false;
  std::uint32_t connections = 2;       ///< keep-alive order-entry connections
  /// Venue options; "" = the venue's default. A venue without the option refuses a value.
  std::string streams;                 ///< market stream paths (binance_usdm: combined|raw|split)
  std::string trades;                  ///< the trade stream strategies read (binance_usdm: aggTrade|trade)
  /// Names of the environment variables holding the API key and secret; "" = the venue's
  /// defaults (binance_usdm: XTB_API_KEY / XTB_API_SECRET, else BINANCE_API_KEY / ..._SECRET;
  /// backpack: XTB_BACKPACK_API_KEY / XTB_BACKPACK_API_SECRET). Secrets never sit in the file.
  std::string api_key_env, api_secret_env;
  live::LiveEndpoint rest, ws;         ///< parsed from the URLs (+ ca_file, insecure)
  /// Market/user stream reconnects (seed 002 global.ws.reconnect). Omitted: 100 ms doubling
  /// to 30 s, jitter 0.5.
  net::BackoffConfig ws_backoff{};
};

/// A venue option of the `venue:` section the venue refuses: the key under venue: and why.
struct VenueOptionIssue {
  std::string key;
  std::string message;
};

/// One position side's venue facts (size, liquidation price, leverage, margin mode).
struct SideRisk {
  Qty amount = 0;        ///< signed steps (short negative)
  Price liq_px = 0;      ///< ticks (nearest), 0 = none / unreachable
  std::int32_t leverage = 1;
  bool isolated = false;
  bool found = false;
};
struct PositionRisk {
  SideRisk long_side, short_side;
};

/// The rings a venue's live stages read and write (all outlive the venue's stages).
struct LiveRings {
  SpscRing<RawFrame>& market;        ///< ingest → decode
  LargeFramePool& market_pool;
  SpscRing<RawFrame>& answers;       ///< egress → decode (venue answers, local refusals)
  LargeFramePool& answer_pool;
  SpscRing<Event>& events;           ///< decode → sequencer
  SpscRing<OrderCommand>& commands;  ///< sequencer → egress
};

/// The venue stages' counters for the run summary.
struct LiveIoNumbers {
  std::uint64_t ingest_messages = 0;
  std::uint64_t egress_sent = 0, egress_responses = 0, transport_errors = 0, local_rejects = 0;
  std::uint64_t decode_frames = 0, decode_responses = 0, decode_conn_states = 0, decode_backpressure = 0;
};

class LiveVenue {
 public:
  virtual ~LiveVenue() = default;

  /// The venue's id (core/types.hpp Venue): stamped on events and commands.
  virtual Venue venue_id() const noexcept = 0;
  /// What each command costs against the venue's rate limits (the risk gate's budgets).
  virtual engine::CommandCosts command_costs() const noexcept = 0;
  /// The venue's rate limits those costs count against (its docs' figures, or its documented
  /// conservative defaults): the budget of a venue that is not a run's first (run_live.cpp).
  virtual engine::VenueRateLimits rate_limits() const noexcept = 0;
  /// The engine's client order id for `wire`, an id as the venue writes it in its answers and
  /// its simulator's dump (the ledger check); ids that are not this start's come back as the
  /// venue's own text. Cold path, after the stages stopped.
  virtual std::string engine_client_id(std::string_view wire) const { return std::string(wire); }
  /// End-of-list markers its decoder emits per QueryOpenOrders answer set (the
  /// reconciliation waits for that many; Binance: 2, regular + algo orders).
  virtual std::uint32_t open_order_lists() const noexcept { return 1; }
  /// Start-up: the venue's instruments and their rules into `symbols`, and the codecs built
  /// on them; returns a line for the log. Once, before build().
  virtual std::string load_symbols(SymbolTable& symbols) = 0;
  /// A later re-read of the instruments into a fresh table (rules changes, delistings);
  /// the running codecs are untouched. Returns the number of instruments read.
  virtual std::size_t reread_symbols(SymbolTable& fresh) = 0;
  /// Builds the ingest, decode and egress stages for the `traded` symbols on `rings` and
  /// attaches the rings' doorbells. `ingest_io_wait_ns`: how long an idle ingest may sleep
  /// in the kernel (layout choice, core/pipeline_layout.hpp).
  virtual void build(const LiveRings& rings, const SymbolTable& symbols, const std::vector<SymbolId>& traded,
                     std::int64_t ingest_io_wait_ns) = 0;
  /// The role of each connection id the stages use (after build()).
  virtual ConnRoles roles() const = 0;
  virtual StageHandle ingest() = 0;
  virtual StageHandle decode() = 0;
  virtual StageHandle egress() = 0;

  /// Position facts of each `traded` symbol (same order); a symbol the venue does not list
  /// for trading gives an empty PositionRisk.
  virtual std::vector<PositionRisk> fetch_positions(const SymbolTable& symbols, const std::vector<SymbolId>& traded) = 0;

  /// Arms/disarms the allocation guard on the I/O stages' threads (steady state only).
  virtual void set_io_alloc_guard(bool armed) noexcept = 0;
  /// Asks the I/O stages to close their sessions (e.g. delete a listen key) and finish.
  virtual void request_io_stop() noexcept = 0;
  virtual bool io_finished() const noexcept = 0;
  /// "" while the I/O stages run; otherwise why one stopped ("ingest stopped: ...").
  virtual std::string io_failure() const = 0;
  virtual const live::LinkHealth& stream_links() const noexcept = 0;  ///< market/user streams
  virtual const live::LinkHealth& order_links() const noexcept = 0;   ///< order connections
  virtual LiveIoNumbers numbers() const noexcept = 0;
};

/// Receives the venue's start-up log lines (the run log).
using VenueLog = std::function<void(const std::string&)>;

}  // namespace xtb
