// malformed_test.cpp — bad input never crashes: every real message truncated at every
// length and with every byte flipped, wrong types, unknown symbols/enums, off-grid prices,
// missing padding, oversized frames — each a counted status, failures exactly one
// DecodeError event.
#include <doctest/doctest.h>

#include <string>

#include "decode_util.hpp"

using namespace xtb;
using namespace xtb::backpack;
using namespace xtb::backpack::test;

namespace {

bool failure(DecodeStatus s) {
  return s != DecodeStatus::Ok && s != DecodeStatus::Ignored && s != DecodeStatus::Unsupported &&
         s != DecodeStatus::VenueError;
}

// The failure contract for one outcome.
void check_contract(const DecodeResult& r, const Events& out) {
  if (failure(r.status)) {
    REQUIRE(r.events == 1);
    CHECK(out.ev[0].h.type == EventType::DecodeError);
    CHECK((out.ev[0].decode_error.code & 0xFF) == static_cast<int>(r.status));
  } else if (r.status == DecodeStatus::Ignored || r.status == DecodeStatus::Unsupported) {
    CHECK(r.events == 0);
  }
}

DecodeStatus status_of(Decoder& d, const std::string& json) {
  Events out;
  const DecodeResult r = ws(d, out, json);
  check_contract(r, out);
  return r.status;
}

}  // namespace

TEST_SUITE("backpack") {

TEST_CASE("every real message truncated at every length and mutated byte by byte: contract holds") {
  Decoder d(symbols());
  int frames = 0, failures = 0;
  for (const char* file : {"bpx_api_client_test_messages.json", "ccxt_examples.json"}) {
    for (const Sample& s : load_samples(file)) {
      for (std::size_t n = 0; n < s.json.size(); ++n) {
        Events out;
        const DecodeResult r = ws(d, out, s.json.substr(0, n));
        check_contract(r, out);
        const DecodeResult q = rest(d, out, s.json.substr(0, n), meta(RestKind::OpenOrders, CommandKind::QueryOpenOrders, 200));
        check_contract(q, out);
        failures += failure(r.status);
        ++frames;
      }
      for (std::size_t i = 0; i < s.json.size(); i += 3) {
        std::string m = s.json;
        m[i] = static_cast<char>(m[i] ^ 0x5A);
        Events out;
        check_contract(ws(d, out, m), out);
      }
    }
  }
  CHECK(frames > 5000);
  CHECK(failures > frames / 2);  // most truncations are malformed JSON
  CHECK(d.stats().status(DecodeStatus::BadJson) > 0);
}

TEST_CASE("specific bad fields give the matching status") {
  Decoder d(symbols());
  const std::string ok = R"({"e":"bookTicker","E":1,"s":"ETH_USDC","a":"3667.50","A":"0.4087","b":"3667.49","B":"0.0020","u":1,"T":1})";
  CHECK(status_of(d, ok) == DecodeStatus::Ok);
  auto with = [&](std::string from, std::string to) {
    std::string m = ok;
    m.replace(m.find(from), from.size(), to);
    return status_of(d, m);
  };
  CHECK(with("\"ETH_USDC\"", "\"NOPE_USDC\"") == DecodeStatus::UnknownSymbol);
  CHECK(with("\"ETH_USDC\"", "17") == DecodeStatus::WrongType);
  CHECK(with("\"3667.50\"", "\"3667.505\"") == DecodeStatus::BadDecimal);  // off the 0.01 tick
  CHECK(with("\"3667.50\"", "\"abc\"") == DecodeStatus::BadDecimal);
  CHECK(with("\"3667.50\"", "[1]") == DecodeStatus::WrongType);             // array: not a scalar
  CHECK(with("\"u\":1", "\"u\":-1") == DecodeStatus::WrongType);
  CHECK(with("\"u\":1,", "") == DecodeStatus::MissingField);
  CHECK(with("bookTicker", "brandNew") == DecodeStatus::Unsupported);
  CHECK(status_of(d, R"({"e":"orderFill","s":"ETH_USDC","S":"Up","o":"LIMIT","X":"New","i":"1"})") ==
        DecodeStatus::UnknownEnum);
  CHECK(status_of(d, R"({"e":"orderFill","s":"ETH_USDC","S":"Bid","o":"LIMIT","X":"Weird","i":"1"})") ==
        DecodeStatus::UnknownEnum);
  CHECK(status_of(d, R"({"e":"depth","s":"ETH_USDC","U":1,"u":2,"a":[["1.00"]],"b":[]})") == DecodeStatus::WrongType);
  CHECK(status_of(d, R"({"e":"depth","s":"ETH_USDC","U":1,"u":2,"a":[]})") == DecodeStatus::MissingField);
  CHECK(status_of(d, "[1,2,3]") == DecodeStatus::Unsupported);
  CHECK(status_of(d, "{\"e\":") == DecodeStatus::BadJson);
  CHECK(status_of(d, "") == DecodeStatus::BadJson);
  CHECK(status_of(d, R"({"id":null,"error":{"code":4006,"message":"Invalid stream"}})") == DecodeStatus::Unsupported);
  CHECK(status_of(d, R"({"id":1,"result":null})") == DecodeStatus::Ignored);
  CHECK(d.stats().status(DecodeStatus::UnknownSymbol) == 1);
}

TEST_CASE("no padding, oversized frame, full sink") {
  Decoder d(symbols(), nullptr, 90);
  const std::string ok = R"({"e":"trade","s":"ETH_USDC_PERP","p":"1.00","q":"1","t":1,"m":true})";
  Frame f(ok);
  Events out;
  CHECK(d.decode_frame(f.data(), f.len, f.len, out.sink).status == DecodeStatus::NoPadding);
  const std::string big(120, ' ');
  Frame g(big);
  CHECK(d.decode_frame(g.data(), g.len, g.cap(), out.sink).status == DecodeStatus::TooLarge);
  ArrayEventSink none(out.ev, 0);
  const DecodeResult r = d.decode_frame(f.data(), f.len, f.cap(), none);
  CHECK(r.status == DecodeStatus::SinkFull);
  CHECK(r.events == 0);
}

}  // TEST_SUITE
