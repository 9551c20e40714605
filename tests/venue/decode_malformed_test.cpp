// decode_malformed_test.cpp — bad input never crashes and always gives one typed
// DecodeError event: truncation at every byte, garbage, wrong types, unknown symbols,
// missing padding, oversize frames, a full sink, and random byte mutations.
#include <random>

#include "decode_test_util.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {
struct DocFixture {
  SymbolTable table{64, 16};
  Decoder dec{table, 1 << 16};
  DocFixture() { add_doc_symbols(table); }
};

void check_error_event(const Decoded& d, DecodeStatus expected) {
  CHECK(d.r.status == expected);
  REQUIRE(d.ev.size() == 1);
  CHECK(d.ev[0].h.type == EventType::DecodeError);
  CHECK(decode_error_status(d.ev[0].decode_error.code) == expected);
}

const char* const kStreamFixtures[] = {
    "market/book_ticker_stream.json", "market/agg_trade_stream.json", "market/depth_update_stream.json",
    "market/mark_price_stream.json", "market/liquidation_stream.json", "user/order_update_trade.json",
    "user/account_update.json", "user/trade_lite.json", "user/algo_update_new.json",
    "ws/ws_futures_order_update_adl.json", "ws/ws_futures_algo_update_finished.json",
};
}  // namespace

TEST_CASE_FIXTURE(DocFixture, "every truncation of every stream fixture is an error, never a crash") {
  for (const char* f : kStreamFixtures) {
    const std::string full = fixture(f);
    const std::size_t end = full.find_last_of('}');
    for (std::size_t n = 0; n <= end; ++n) {
      const Decoded d = decode_stream(dec, std::string_view(full).substr(0, n));
      CAPTURE(f);
      CAPTURE(n);
      CHECK_FALSE(d.r.ok());
      CHECK(d.ev.size() <= 1);
    }
    CHECK(decode_stream(dec, full).r.status == DecodeStatus::Ok);
  }
  CHECK(dec.stats().status(DecodeStatus::Ok) == std::size(kStreamFixtures));
}

TEST_CASE_FIXTURE(DocFixture, "garbage and wrong shapes") {
  check_error_event(decode_stream(dec, ""), DecodeStatus::BadJson);
  for (const char* junk : {"not json", "42", "[1,2", "{\"e\":\"trade\",", "\"x\"", "nul", "{\"e\" \"x\"}"}) {
    CAPTURE(junk);
    const Decoded d = decode_stream(dec, junk);
    CHECK((d.r.status == DecodeStatus::BadJson || d.r.status == DecodeStatus::WrongType));
    REQUIRE(d.ev.size() == 1);
    CHECK(d.ev[0].h.type == EventType::DecodeError);
  }
  check_error_event(decode_stream(dec, R"({"e":5})"), DecodeStatus::WrongType);
  check_error_event(decode_stream(dec, R"({"e":"bookTicker"})"), DecodeStatus::MissingField);
  check_error_event(decode_stream(dec, R"({"e":"bookTicker","s":"BTCUSDT","b":"1","B":"1","a":"2"})"),
                    DecodeStatus::MissingField);  // no "A"
  check_error_event(decode_stream(dec, R"({"e":"bookTicker","s":"BTCUSDT","u":"7","b":"1","B":"1","a":"2","A":"1"})"),
                    DecodeStatus::WrongType);  // "u" must be a number
  const Decoded neg = decode_stream(dec, R"({"e":"bookTicker","s":"BTCUSDT","u":-7,"b":"1","B":"1","a":"2","A":"1"})");
  CHECK_FALSE(neg.r.ok());  // negative where unsigned
  CHECK(neg.ev.at(0).h.type == EventType::DecodeError);
  check_error_event(decode_stream(dec, R"({"e":"trade","s":"BTCUSDT","p":1.5,"q":"1","t":1})"), DecodeStatus::WrongType);
  const Decoded bad_num = decode_stream(dec, R"({"e":"trade","s":"BTCUSDT","p":"1e5","q":"1","t":1})");
  check_error_event(bad_num, DecodeStatus::BadDecimal);
  CHECK(bad_num.r.decimal == DecimalError::Malformed);
  const Decoded too_precise = decode_stream(dec, R"({"e":"trade","s":"BTCUSDT","p":"1.000000001","q":"1","t":1})");
  CHECK(too_precise.r.decimal == DecimalError::TooPrecise);
  const Decoded overflow = decode_stream(dec, R"({"e":"trade","s":"BTCUSDT","p":"999999999999","q":"1","t":1})");
  CHECK(overflow.r.decimal == DecimalError::Overflow);
  check_error_event(decode_stream(dec, R"({"e":"ORDER_TRADE_UPDATE","o":{"s":"BTCUSDT","S":"UP","X":"NEW","x":"NEW"}})"),
                    DecodeStatus::UnknownEnum);
  check_error_event(decode_stream(dec, R"({"e":"ORDER_TRADE_UPDATE","o":{"s":"BTCUSDT","S":"BUY","X":"WEIRD","x":"NEW"}})"),
                    DecodeStatus::UnknownEnum);
  check_error_event(decode_stream(dec, R"({"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"pu":0,"b":[["1"]],"a":[]})"),
                    DecodeStatus::MissingField);  // level without qty
  check_error_event(decode_stream(dec, R"({"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"pu":0,"b":{"x":1}})"),
                    DecodeStatus::WrongType);
  check_error_event(decode_stream(dec, R"({"e":"trade","s":"BTCUSDT","p":"1","q":"1","t":1}{})"), DecodeStatus::BadJson);
  check_error_event(decode_stream(dec, R"({"stream":"x","data":{"e":"trade","s":"BTCUSDT","p":"1","q":"1","t":1})"),
                    DecodeStatus::BadJson);  // wrapper not closed
  CHECK(decode_stream(dec, "{}").r.status == DecodeStatus::Unsupported);
  CHECK(decode_stream(dec, R"({"stream":"x"})").r.status == DecodeStatus::Unsupported);
  CHECK(dec.stats().errors() >= 15);
}

TEST_CASE_FIXTURE(DocFixture, "unknown symbol is a counted error of that frame only") {
  const Decoded d = decode_stream(dec, R"({"e":"bookTicker","u":1,"s":"NOPEUSDT","b":"1","B":"1","a":"2","A":"1"})");
  check_error_event(d, DecodeStatus::UnknownSymbol);
  CHECK(decode_error_kind(d.ev[0].decode_error.code) == MsgKind::BookTicker);
  CHECK(dec.stats().status(DecodeStatus::UnknownSymbol) == 1);
  check_error_event(decode_stream(dec, R"({"e":"depthUpdate","s":"NOPE","U":1,"u":2,"pu":0,"b":[],"a":[]})"),
                    DecodeStatus::UnknownSymbol);
  CHECK(decode_stream(dec, fixture("market/book_ticker_stream.json")).r.status == DecodeStatus::Ok);
}

TEST_CASE_FIXTURE(DocFixture, "padding, size limit and sink capacity are enforced") {
  const std::string msg = fixture("market/book_ticker_stream.json");
  Padded p(msg);
  std::vector<Event> slots(4);
  ArrayEventSink sink(slots.data(), slots.size());
  DecodeResult r = dec.decode_frame(p.data(), p.len, p.len + 10, sink);  // capacity < len + 64
  CHECK(r.status == DecodeStatus::NoPadding);
  CHECK(r.events == 1);
  CHECK(slots[0].h.type == EventType::DecodeError);
  CHECK(slots[0].decode_error.frame_len == msg.size());
  Decoder small(table, 64);
  r = small.decode_frame(p.data(), p.len, p.capacity(), sink);
  CHECK(r.status == DecodeStatus::TooLarge);
  // 3 depth chunks into a 2-slot sink: nothing but the error is published.
  std::string depth = R"({"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"pu":0,"b":[)";
  for (int i = 0; i < 25; ++i) depth += (i ? "," : "") + std::string("[\"") + std::to_string(100 - i) + "\",\"1\"]";
  depth += R"(],"a":[]})";
  const Decoded full = decode_stream(dec, depth, 2);
  check_error_event(full, DecodeStatus::SinkFull);
  ArrayEventSink none(slots.data(), 0);
  r = dec.decode_frame(p.data(), p.len, p.capacity(), none);
  CHECK(r.status == DecodeStatus::SinkFull);
  CHECK(r.events == 0);
}

TEST_CASE_FIXTURE(DocFixture, "random byte mutations of real messages never crash") {
  std::vector<std::string> seeds;
  for (const char* f : kStreamFixtures) seeds.push_back(fixture(f));
  seeds.push_back(R"({"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":5,"u":7,"pu":4,"b":[["61800.20","0.014"],["61496.50","0.010"]],"a":[["61800.30","2.5"]]}})");
  std::mt19937_64 rng(20240808);
  const char alphabet[] = "{}[]\":,0123456789.-eE \\nulltruefalse";
  std::size_t ok = 0, failed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string m = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !m.empty(); ++k) {
      const std::size_t pos = rng() % m.size();
      switch (rng() % 3) {
        case 0: m[pos] = alphabet[rng() % (sizeof alphabet - 1)]; break;
        case 1: m.erase(pos, 1 + rng() % 8); break;
        default: m.insert(pos, 1, alphabet[rng() % (sizeof alphabet - 1)]); break;
      }
    }
    const Decoded d = decode_stream(dec, m, 64);
    if (d.r.ok()) ++ok;
    else ++failed;
    if (!d.r.ok() && d.r.status != DecodeStatus::Ignored && d.r.status != DecodeStatus::Unsupported)
      CHECK(d.ev.size() == 1);
  }
  CHECK(ok + failed == 20000);
  CHECK(failed > 0);
}
