// template_venue_test.cpp — the recipe venue (src/venue/_template/) through the shared
// decode stages: a second VenueDecoder drives ReplayDecodeStage and LiveDecodeStage
// unchanged, so the stages are generic over the venue, not Binance-shaped.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "pipeline/decode/live_decode_stage.hpp"
#include "pipeline/decode/replay_decode_stage.hpp"
#include "venue/_template/decoder.hpp"

using namespace xtb;

namespace {

struct Done {
  bool finished() const noexcept { return true; }
};

struct Rig {
  SymbolTable symbols;
  SpscRing<RawFrame> frames{16};
  LargeFramePool pool{2, 4096};
  SpscRing<Event> events{4};
  venue_template::Decoder decoder{symbols};
  Done up;

  Rig() {
    SymbolRules r;
    r.price = DecimalScale{1, 2};
    r.qty = DecimalScale{1, 3};
    REQUIRE(symbols.add_symbol(venue_template::kVenueId, "ABCUSD", r) != kNoSymbol);
  }
  void push(const std::string& line, FrameKind kind = FrameKind::ReplayLine) {
    RawFrame* f = frames.try_claim();
    REQUIRE(f != nullptr);
    std::memset(static_cast<void*>(f), 0, sizeof(RawFrame));
    f->kind = kind;
    f->conn_id = 7;
    if (kind != FrameKind::ConnState) REQUIRE(store_frame_payload(*f, line.data(), line.size(), pool) == FrameStore::Inline);
    frames.publish(1);
  }
  const Event& pop() {
    const Event* e = events.front();
    REQUIRE(e != nullptr);
    return *e;
  }
};

}  // namespace

TEST_CASE("template venue: the replay decode stage decodes any VenueDecoder's frames") {
  Rig g;
  ReplayDecodeStage<venue_template::Decoder, Done> stage(g.frames, g.pool, g.events, g.decoder, g.up, kNoSymbol);
  g.push("bbo ABCUSD 10050 2000 10051 1500");
  g.push("trade ABCUSD 10051 250 sell");
  g.push("kline ABCUSD 1 2 3");        // unsupported: no event
  g.push("bbo XYZUSD 1 1 2 1");        // unknown symbol: one DecodeError event
  CHECK(stage.poll() == 4);
  CHECK(stage.frames() == 4);
  const Event& b = g.pop();
  CHECK(b.h.type == EventType::BestBidOffer);
  CHECK(b.h.venue == venue_template::kVenueId);
  CHECK(b.h.conn_id == 7);
  CHECK(b.bbo.bid_px == 10050);
  CHECK(b.bbo.ask_qty == 1500);
  g.events.pop();
  const Event& t = g.pop();
  CHECK(t.h.type == EventType::Trade);
  CHECK(t.trade.qty == 250);
  CHECK(t.trade.buyer_is_maker);
  g.events.pop();
  const Event& err = g.pop();
  CHECK(err.h.type == EventType::DecodeError);
  CHECK(err.decode_error.code == static_cast<std::int32_t>(DecodeStatus::UnknownSymbol));
  g.events.pop();
  CHECK(g.events.front() == nullptr);
  CHECK(stage.finished());
}

TEST_CASE("template venue: a full event ring holds the frame back (never lost)") {
  Rig g;
  ReplayDecodeStage<venue_template::Decoder, Done> stage(g.frames, g.pool, g.events, g.decoder, g.up, kNoSymbol);
  for (int i = 0; i < 6; ++i) g.push("bbo ABCUSD " + std::to_string(100 + i) + " 1 200 1");
  CHECK(stage.poll() == 4);  // the event ring holds 4
  CHECK(stage.backpressure() == 1);
  for (int i = 0; i < 4; ++i) g.events.pop();
  CHECK(stage.poll() == 2);
  CHECK(g.pop().bbo.bid_px == 104);  // in order, nothing dropped
}

TEST_CASE("template venue: the live decode stage stamps connection states with the decoder's venue") {
  Rig g;
  SpscRing<RawFrame> answers{4};
  LargeFramePool answer_pool{1, 4096};
  using Live = LiveDecodeStage<venue_template::Decoder, Done, Done>;
  Live stage(Live::Input{g.frames, g.pool}, Live::Input{answers, answer_pool}, g.events, g.decoder, g.up, g.up);
  g.push("", FrameKind::ConnState);
  g.push("bbo ABCUSD 1 1 2 1", FrameKind::WsText);
  CHECK(stage.poll() == 2);
  CHECK(stage.conn_states() == 1);
  const Event& c = g.pop();
  CHECK(c.h.type == EventType::ConnState);
  CHECK(c.h.venue == venue_template::kVenueId);
  g.events.pop();
  CHECK(g.pop().h.type == EventType::BestBidOffer);
}
