// sim_egress_stage.hpp — SimEgressStage: the egress stage of a backtest. It consumes ring
// R3 (OrderCommands from the sequencer), applies each to an in-process simulated Binance
// USD-M exchange (sim::SimExchange, docs/simulator-exchange.md) and writes the exchange's
// answers onto ring R4 as the bytes Binance would send, so the real decode path runs:
//
//   NewOrder LIMIT/MARKET        POST /fapi/v1/order        → HttpResponse (RestKind Order)
//   NewOrder STOP/TP_MARKET      POST /fapi/v1/algoOrder    → HttpResponse (AlgoOrder)
//   CancelOrder                  DELETE order | algoOrder   → HttpResponse (Order | AlgoOrder)
//   QueryOrder                   GET order | algoOrder      → HttpResponse (QueryOrder)
//   CancelAll                    DELETE allOpenOrders + algoOpenOrders → HttpResponse (Order)
//   QueryOpenOrders              GET openOrders, GET openAlgoOrders → two HttpResponses
//   QueryPositions               GET positionRisk           → HttpResponse (PositionRisk)
//   user stream                  ORDER_TRADE_UPDATE / ACCOUNT_UPDATE / ALGO_UPDATE → WsText
//   derived mark price           markPriceUpdate            → WsText on the market conn
// (routing as venue/binance/encode_command.hpp does it; the requests are built typed
// from the command, command_request.hpp, with no REST text in between; bodies from
// json_encode.hpp and state_dump.hpp of this face; REST errors are HTTP 400 with
// {"code","msg"}).
// Every REST frame carries ResponseMeta (kind, command, status, symbol, generation,
// client id) as a live egress fills it from its in-flight table.
//
// Lockstep rule (docs/backtest.md): the exchange replays the same decoded market events
// as the sequencer (the decode stage's market tap, stamped with capture time) and
//   1. a command caused at capture time T (R3's RingStamps) is applied at exchange time
//      T + latency, after every tapped market event stamped ≤ T + latency — it waits until
//      the tap holds an event stamped later, or the market input has ended;
//   2. with no command pending, the exchange follows the sequencer's TimeWatermark (events
//      stamped ≤ the sequencer's time), so resting orders fill while nothing is sent.
// The exchange therefore never sees market data the strategy could not have seen when it
// decided (latency 0), and the result does not depend on ring sizes or batch boundaries.
// Each frame's capture_ns is the exchange time it was produced at (the sequencer's replay
// time for the answer), rx_tsc the TSC when written.
// Back-pressure: an exchange call is made only when R4 has `r4_headroom` free slots (one
// call emits a few frames: NEW, TRADE + ACCOUNT_UPDATE per fill, EXPIRED); a callback that
// still finds R4 full drops the frame and counts r4_overflow (reconciliation repairs it).
// Fault injection: `drop_trade_update` = N drops the N-th ORDER_TRADE_UPDATE with x=TRADE
// (the engine must recover the fill by reconciliation / query, issue 6).
// Thread: the egress thread (R3 consumer, R4 producer, tap consumer). No allocation after
// construction (the exchange preallocates; encoders write into a fixed scratch buffer).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/command.hpp"
#include "core/frame_pool.hpp"
#include "core/runner.hpp"
#include "core/spsc_ring.hpp"
#include "sim/core/exchange.hpp"
#include "sim/core/sim_egress_types.hpp"

namespace xtb {

class SequencerStage;

class SimEgressStage final : public sim::ExchangeListener {
 public:
  /// Builds the exchange (cold path; throws sim::ConfigError on a bad account config).
  /// `markets`: the simulated symbols (their books are replayed).
  SimEgressStage(const SymbolTable& symbols, const sim::ExchangeConfig& cfg, std::vector<SymbolId> markets,
                 const SimEgressRings& rings, const SimEgressOptions& opt);
  ~SimEgressStage();
  SimEgressStage(const SimEgressStage&) = delete;
  SimEgressStage& operator=(const SimEgressStage&) = delete;

  /// Cold path: the R3 producer; finished() needs it finished and R3 drained.
  void set_upstream(const SequencerStage* s) noexcept { upstream_ = s; }

  // Stage concept
  std::size_t poll() noexcept;
  bool finished() const noexcept { return done_.get(); }
  Doorbell* doorbell() noexcept { return &bell_; }

  // sim::ExchangeListener: user-stream records → WsText frames on R4.
  void on_order_update(const sim::OrderUpdateReport& r) noexcept override;
  void on_account_update(const sim::AccountUpdateReport& r) noexcept override;
  void on_algo_update(const sim::AlgoUpdateReport& r) noexcept override;
  void on_mark_price(const sim::MarkPriceReport& r) noexcept override;

  const sim::SimExchange& exchange() const noexcept { return *x_; }
  const SimEgressCounters& counters() const noexcept { return c_; }
  /// Exchange time (capture ns) the exchange has been advanced to.
  std::int64_t exchange_time_ns() const noexcept { return exch_ns_; }

 private:
  enum class Advance : std::uint8_t { Done, Stalled, Waiting };
  Advance advance_to(std::int64_t t_ns, std::size_t budget, bool need_later) noexcept;
  void apply(const OrderCommand& c, std::int64_t t_ns) noexcept;
  void new_order(const OrderCommand& c, EpochMs now) noexcept;
  void cancel_or_query(const OrderCommand& c, EpochMs now, bool query) noexcept;
  void cancel_all(const OrderCommand& c, EpochMs now) noexcept;
  void open_orders(const OrderCommand& c) noexcept;
  void positions(const OrderCommand& c) noexcept;
  void answer(const OrderCommand& c, std::uint8_t rest_kind, const sim::OrderResult& r, bool algo) noexcept;
  void answer_error(const OrderCommand& c, std::uint8_t rest_kind, const sim::Reject& e) noexcept;
  void rest(const OrderCommand& c, std::uint8_t rest_kind, std::uint16_t http, std::size_t len) noexcept;
  bool emit(FrameKind kind, std::uint16_t conn, std::size_t len, const ResponseMeta* meta) noexcept;
  bool headroom() noexcept;

  const SymbolTable& symbols_;
  SimEgressRings g_;
  SimEgressOptions opt_;
  std::vector<SymbolId> markets_;
  std::unique_ptr<sim::SimExchange> x_;
  std::unique_ptr<char[]> scratch_;
  std::unique_ptr<const sim::SimOrder*[]> rows_;
  const SequencerStage* upstream_ = nullptr;
  std::uint64_t r3_seq_ = 0, tap_seq_ = 0, trade_updates_ = 0;
  std::int64_t exch_ns_ = 0;     // exchange time reached (capture ns)
  std::int64_t frame_ns_ = 0;    // capture_ns stamped on frames written now
  SimEgressCounters c_;
  Doorbell bell_;
  DoneFlag done_;
};

}  // namespace xtb
