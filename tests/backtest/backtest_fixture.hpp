// backtest_fixture.hpp — shared helpers of the backtest suite: the real exchangeInfo
// symbol table, ring helpers that publish Events / consume commands with their
// capture-time stamps, and builders for venue answers as the Binance decoder emits them.
#pragma once
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/replay_sync.hpp"
#include "pipeline/sequencer/sequencer_stage.hpp"
#include "core/clock.hpp"
#include "core/spsc_ring.hpp"
#include "sim/capture.hpp"
#include "venue/binance/decode_types.hpp"
#include "venue/binance/exchange_info.hpp"

namespace xtb::bt_test {

inline constexpr std::int64_t kSec = 1'000'000'000, kMs = 1'000'000;
inline constexpr std::uint16_t kMarketConn = 0, kUserConn = 1, kOrderConn = 2, kReconcileConn = 3;

inline void load_symbols(SymbolTable& t) {
  const auto info = binance::load_exchange_info(
      read_file_maybe_gz(XTB_DATA_DIR "/binance-usdm/fixtures/http/http_futures_market_exchange_info.json"), t);
  REQUIRE_MESSAGE(info.ok(), info.error);
}

/// Publishes `e` on `ring` with capture time `t_ns` in `stamps` (what the decode stage does).
inline void push(SpscRing<Event>& ring, RingStamps& stamps, Event e, std::int64_t t_ns) {
  Event* slot = ring.try_claim();
  REQUIRE(slot != nullptr);
  e.h.seq = ring.producer_sequence();
  stamps.set(e.h.seq, t_ns);
  *slot = e;
  ring.publish(1);
}

/// Every command on R3 with its cause time.
inline std::vector<std::pair<OrderCommand, std::int64_t>> drain(SpscRing<OrderCommand>& r3, const RingStamps& stamps) {
  std::vector<std::pair<OrderCommand, std::int64_t>> out;
  r3.consume([&](OrderCommand& c, std::uint64_t seq, bool) { out.emplace_back(c, stamps.get(seq)); });
  return out;
}

inline Event base(EventType t, SymbolId s, std::uint16_t conn) {
  Event e;
  std::memset(static_cast<void*>(&e), 0, sizeof e);
  e.h.type = t;
  e.h.venue = binance::kVenueId;
  e.h.symbol = s;
  e.h.conn_id = conn;
  e.h.rx_tsc = Clock::now();
  return e;
}

inline Event book(SymbolId s, Price bid, Price ask) {
  Event e = base(EventType::BestBidOffer, s, kMarketConn);
  e.bbo = BestBidOffer{bid, 1000, ask, 1000, 1, 0};
  return e;
}

inline Event trade(SymbolId s, Price px, Qty qty = 1) {
  Event e = base(EventType::Trade, s, kMarketConn);
  e.trade.px = px;
  e.trade.qty = qty;
  return e;
}

/// End-of-list marker of a GET openOrders / openAlgoOrders answer (decode_rest.hpp).
inline Event list_end() {
  Event e = base(EventType::OrderAck, kNoSymbol, kReconcileConn);
  e.order_ack.status = OrderStatus::Open;
  e.order_ack.request_kind = static_cast<std::uint8_t>(CommandKind::QueryOpenOrders);
  e.order_ack.http_status = 200;
  e.order_ack.generation = 1;
  return e;
}

/// A one-chunk positionRisk answer with the hedge sides of `s`.
inline Event position_risk(SymbolId s, Qty long_qty, Qty short_qty, Price long_entry, Price short_entry) {
  Event e = base(EventType::AccountUpdate, kNoSymbol, kReconcileConn);
  e.h.flags = AccountUpdate::kFirstChunk | AccountUpdate::kLastChunk;
  AccountUpdate& a = e.account_update;
  a.reason = static_cast<std::uint8_t>(binance::AccountReason::RestPositionRisk);
  a.n_positions = 2;
  a.positions[0].symbol = s;
  a.positions[0].side = PositionSide::Long;
  a.positions[0].amount = long_qty;
  a.positions[0].entry_px = long_entry;
  a.positions[1].symbol = s;
  a.positions[1].side = PositionSide::Short;
  a.positions[1].amount = -short_qty;
  a.positions[1].entry_px = short_entry;
  return e;
}

inline Event conn_state(std::uint16_t conn, ConnStatus st) {
  Event e = base(EventType::ConnState, kNoSymbol, conn);
  e.conn_state.status = st;
  return e;
}

/// Sequencer connection roles matching the conn ids above.
inline std::array<ConnRole, SequencerConfig::kMaxConns> roles() {
  std::array<ConnRole, SequencerConfig::kMaxConns> r{};
  r[kMarketConn] = ConnRole::Market;
  r[kUserConn] = ConnRole::UserStream;
  r[kOrderConn] = ConnRole::OrderRest;
  r[kReconcileConn] = ConnRole::ReconcileRest;
  return r;
}

/// EndOfInput a test flips by hand.
struct ManualEnd final : EndOfInput {
  bool ended = false;
  bool input_ended() const noexcept override { return ended; }
};

}  // namespace xtb::bt_test
