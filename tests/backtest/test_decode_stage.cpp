// test_decode_stage.cpp — BacktestDecodeStage: R4 (venue answers) is decoded before R1
// (market data); every event gets its frame's capture time beside R2 and its R2 sequence
// in EventHeader::seq; market events are copied to the tap with the same stamps; a frame
// is published to R2 and the tap together or not at all; end-of-input and finished()
// follow the DoneFlag protocol. Real capture lines and a real Binance error body.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "pipeline/decode/backtest_decode_stage.hpp"
#include "venue/binance/decode_frame.hpp"
#include "backtest_fixture.hpp"
#include "venue/binance/decode_rest.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::bt_test;

namespace {

struct FakeUpstream {
  bool done = false;
  bool finished() const noexcept { return done; }
};

// Real `@trade` combined-stream line of btcusdt_20240808.gz.
constexpr const char* kTrade =
    R"({"stream":"btcusdt@trade","data":{"e":"trade","E":1723161256322,"T":1723161256322,"s":"BTCUSDT","t":5266583935,"p":"61800.30","q":"0.006","X":"MARKET","m":false}})";
constexpr const char* kGtxError =
    R"({"code":-5022,"msg":"Due to the order could not be executed as maker, the Post Only order will be rejected."})";

struct Rig {
  SymbolTable symbols;
  SpscRing<RawFrame> r1{8}, r4{8};
  LargeFramePool r1_pool{2, 64 * 1024}, r4_pool{2, 64 * 1024};
  SpscRing<Event> r2{64}, tap{2};
  RingStamps r2_stamps{64}, tap_stamps{2};
  FakeUpstream source, egress;
  std::unique_ptr<binance::Decoder> decoder;
  std::unique_ptr<BacktestDecodeStage<binance::Decoder, FakeUpstream, FakeUpstream>> stage;

  Rig() {
    load_symbols(symbols);
    decoder = std::make_unique<binance::Decoder>(symbols, 1 << 16);
    stage = std::make_unique<BacktestDecodeStage<binance::Decoder, FakeUpstream, FakeUpstream>>(
        BacktestDecodeRings{r1, r1_pool, r4, r4_pool, r2, r2_stamps, &tap, &tap_stamps}, *decoder, source,
        symbols.find(xtb::binance::kVenueId, "BTCUSDT"));
    stage->set_egress(&egress);
  }
  void market(std::int64_t t) {
    RawFrame* f = r1.try_claim();
    REQUIRE(f != nullptr);
    REQUIRE(store_frame_payload(*f, kTrade, std::strlen(kTrade), r1_pool) == FrameStore::Inline);
    f->kind = FrameKind::ReplayLine;
    f->conn_id = kMarketConn;
    f->capture_ns = t;
    f->rx_tsc = 1;
    r1.publish(1);
  }
};

}  // namespace

TEST_CASE("backtest decode: venue answers first, capture stamps beside R2, market events on the tap") {
  Rig g;
  g.market(5 * kSec);
  // The venue's answer to a NewOrder, with the ResponseMeta the egress fills in.
  RawFrame* f = g.r4.try_claim();
  REQUIRE(f != nullptr);
  REQUIRE(store_frame_payload(*f, kGtxError, std::strlen(kGtxError), g.r4_pool) == FrameStore::Inline);
  f->kind = FrameKind::HttpResponse;
  f->conn_id = kOrderConn;
  f->capture_ns = 7 * kSec;
  f->response = ResponseMeta{};
  f->response.rest_kind = static_cast<std::uint8_t>(binance::RestKind::Order);
  f->response.command = static_cast<std::uint8_t>(CommandKind::NewOrder);
  f->response.http_status = 400;
  f->response.generation = 3;
  f->response.client_id.assign("xtb-t1-9");
  g.r4.publish(1);

  CHECK(g.stage->poll() == 2);
  std::vector<Event> out;
  std::vector<std::int64_t> stamps;
  g.r2.consume([&](Event& e, std::uint64_t seq, bool) {
    out.push_back(e);
    stamps.push_back(g.r2_stamps.get(seq));
    CHECK(e.h.seq == seq);
  });
  REQUIRE(out.size() == 2);
  CHECK(out[0].h.type == EventType::OrderAck);  // R4 before R1
  CHECK(out[0].order_ack.error_code == -5022);
  CHECK(out[0].order_ack.generation == 3);
  CHECK(out[0].order_ack.client_id.view() == "xtb-t1-9");
  CHECK(out[0].h.conn_id == kOrderConn);
  CHECK(stamps[0] == 7 * kSec);
  CHECK(out[1].h.type == EventType::Trade);
  CHECK(stamps[1] == 5 * kSec);
  int tapped = 0;
  g.tap.consume([&](Event& e, std::uint64_t seq, bool) {
    ++tapped;
    CHECK(e.h.type == EventType::Trade);
    CHECK(g.tap_stamps.get(seq) == 5 * kSec);
  });
  CHECK(tapped == 1);  // the venue's answer is not market data
}

TEST_CASE("backtest decode: a full tap holds the frame back (R2 and tap together or not at all); end of input") {
  Rig g;
  g.market(1 * kSec);
  g.market(2 * kSec);
  g.market(3 * kSec);
  CHECK(g.stage->poll() == 2);  // the tap holds two events
  CHECK(g.stage->counters().backpressure == 1);
  CHECK(g.r2.size_approx() == 2);
  CHECK(g.r1.size_approx() == 1);  // third frame still queued, not lost
  g.tap.consume([](Event&, std::uint64_t, bool) {});
  g.source.done = true;
  CHECK_FALSE(g.stage->input_ended());
  CHECK(g.stage->poll() == 1);
  CHECK(g.r2.size_approx() == 3);
  CHECK(g.stage->input_ended());   // source done and R1 drained
  CHECK_FALSE(g.stage->finished());  // the egress may still answer
  g.egress.done = true;
  g.stage->poll();
  CHECK(g.stage->finished());
}
