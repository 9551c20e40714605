// sim_egress_types.hpp — the shapes every venue's backtest egress shares (its options, the
// rings it reads and writes, its counters), so the backtest wiring and its report read them
// without naming a venue. The stage itself is per venue: it answers in the venue's protocol
// (src/venue/<name>/sim/sim_egress_stage.hpp).
// Units: ns, ring slots, bytes, steps (Qty). Plain data; any thread before the run, the
// egress thread during it.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/command.hpp"
#include "core/frame_pool.hpp"
#include "core/spsc_ring.hpp"
#include "pipeline/replay_sync.hpp"
#include "sim/core/exchange.hpp"

namespace xtb {

/// Connection ids the egress stamps on its frames (the sequencer's ConnRole table must
/// agree: core/conn_role.hpp).
struct SimConnIds {
  std::uint16_t market = 0, user_stream = 1, order_rest = 2, reconcile_rest = 3;
};

struct SimEgressOptions {
  SimConnIds conns{};
  std::int64_t latency_ns = 0;          ///< order-entry latency (cause → exchange), ns
  std::uint64_t drop_trade_update = 0;     ///< drop the N-th fill report of the user stream (0 = none)
  std::size_t r4_headroom = 64;         ///< free R4 slots needed before an exchange call (≤ capacity/2)
  std::size_t max_market_per_poll = 1024;  ///< tapped events fed per poll (watermark catch-up)
  bool publish_mark_price = true;          ///< the venue's mark price stream (1 s) on the market conn
  std::size_t scratch_bytes = 256 * 1024;  ///< largest encoded answer
  std::size_t max_list_rows = 1024;     ///< rows of an openOrders answer
  /// Optional observer (tests: the venue's order log, tests/scenarios): receives every
  /// exchange report first, on the egress thread, before any fault injection; must not
  /// call back into the exchange (and must not allocate while the alloc guard is armed).
  sim::ExchangeListener* observer = nullptr;
};

/// Where the egress reads and writes (all outlive it).
struct SimEgressRings {
  SpscRing<OrderCommand>& r3;
  const RingStamps* r3_stamps;          ///< cause time of each command (capture ns)
  SpscRing<Event>& tap;                 ///< replayed market events (decode's market tap)
  const RingStamps* tap_stamps;
  const EndOfInput* tap_end;            ///< the tap's producer: market input finished
  const TimeWatermark* watermark;       ///< the sequencer's time (may be null)
  SpscRing<RawFrame>& r4;
  LargeFramePool& r4_pool;
};

struct SimEgressCounters {
  std::uint64_t commands = 0, by_kind[8] = {};
  std::uint64_t rest_answers = 0, rest_errors = 0, user_events = 0, mark_prices = 0;
  std::uint64_t dropped_injected = 0;   ///< user-stream events dropped on purpose
  Qty dropped_qty[3] = {};              ///< their fill quantity by PositionSide (BOTH, LONG, SHORT)
  std::uint64_t r4_overflow = 0;        ///< frames lost: R4 / pool full inside a callback
  std::uint64_t encode_failures = 0;    ///< answer larger than the scratch buffer
  std::uint64_t unsupported = 0;          ///< commands with no simulated endpoint (the venue's "unknown" error)
  std::uint64_t headroom_stalls = 0;    ///< polls that stopped for lack of R4 room
  std::uint64_t waits = 0;              ///< polls a command waited for later market data
  std::uint64_t market_events = 0;      ///< tapped events fed to the exchange
  std::uint64_t gtx_rejects = 0;          ///< post-only orders refused because they would take liquidity
  std::uint64_t reduce_only_rejects = 0;  ///< reduce-only orders refused (a close larger than the position)
};

}  // namespace xtb
