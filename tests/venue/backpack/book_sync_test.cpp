// book_sync_test.cpp — Backpack depth events drive the shared BookSync unchanged: a REST
// snapshot, deltas with U == previous u + 1 applied, a skipped id detected as a gap.
#include <doctest/doctest.h>

#include <string>

#include "decode_util.hpp"
#include "market/book_sync.hpp"

using namespace xtb;
using namespace xtb::backpack;
using namespace xtb::backpack::test;

namespace {

std::string delta(int first, int last, const char* bid_px, const char* bid_qty) {
  return "{\"stream\":\"depth.SOL_USDC_PERP\",\"data\":{\"e\":\"depth\",\"E\":1,\"T\":1,\"U\":" + std::to_string(first) +
         ",\"u\":" + std::to_string(last) + ",\"s\":\"SOL_USDC_PERP\",\"a\":[],\"b\":[[\"" + bid_px + "\",\"" + bid_qty +
         "\"]]}}";
}

}  // namespace

TEST_SUITE("backpack") {

TEST_CASE("BookSync over Backpack depth: snapshot, continuous deltas, a gap resyncs") {
  Decoder d(symbols());
  const SymbolId sol = symbols().find(kVenueId, "SOL_USDC_PERP");
  OrderBook book(sol, 64);
  BookSync sync(book, 64);
  Events out;
  auto feed = [&](const DecodeResult& r) {
    SyncAction last = SyncAction::Ignored;
    for (std::uint32_t i = 0; i < r.events; ++i) last = sync.on_depth(out.ev[i]);
    return last;
  };
  CHECK(feed(ws(d, out, delta(100, 100, "141.00", "3"))) == SyncAction::Buffered);
  const std::string snap = R"({"asks":[["141.50","1.00"]],"bids":[["141.00","2.00"]],"lastUpdateId":"100","timestamp":1})";
  feed(rest(d, out, snap, meta(RestKind::DepthSnapshot, CommandKind::None, 200, "SOL_USDC_PERP")));
  CHECK_FALSE(sync.wants_snapshot());
  CHECK(feed(ws(d, out, delta(101, 101, "140.99", "5"))) == SyncAction::Applied);
  CHECK(feed(ws(d, out, delta(102, 103, "141.00", "0"))) == SyncAction::Applied);
  PriceLevel top{};
  REQUIRE(book.best_bid(top));
  CHECK(top.px == 14099);  // 141.00 deleted by qty 0, 140.99 left
  CHECK(top.qty == 500);
  CHECK(feed(ws(d, out, delta(105, 105, "140.98", "1"))) == SyncAction::Gap);  // 104 missing
  CHECK(sync.wants_snapshot());
  CHECK(sync.stats().gaps == 1);
}

}  // TEST_SUITE
