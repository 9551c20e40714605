// client_order_id_test.cpp — "<prefix>-<run>-<gen>-<seq>": venue regex, round trip,
// canonical parsing and ownership classification (seeds 002 and 004).
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "venue/binance/client_order_id.hpp"

using namespace xtb;
using namespace xtb::binance;

namespace {
// The venue's rule, verbatim from post_fapi_v1_order.md.
const std::regex kVenueRule(R"(^[\.A-Z\:/a-z0-9_-]{1,36}$)");

bool venue_ok(std::string_view s) { return std::regex_match(std::string(s), kVenueRule); }
}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("format → parse round trip and the venue regex") {
  ClientOrderIdCodec codec;
  REQUIRE(ClientOrderIdCodec::create("xtb", 10, codec));
  ClientOrderId id{};
  REQUIRE(codec.format(2, 71, id));
  CHECK(id.view() == "xtb-0000000a-2-1z");
  CHECK(venue_ok(id.view()));
  CHECK(binance::is_valid_client_order_id(id.view()));
  ParsedClientOrderId p;
  REQUIRE(ClientOrderIdCodec::parse(id.view(), p));
  CHECK(p.prefix == "xtb");
  CHECK(p.run_id == 10);
  CHECK(p.generation == 2);
  CHECK(p.seq == 71);

  // Many values, including every extreme, stay inside 36 chars and round-trip.
  ClientOrderIdCodec longest;
  REQUIRE(ClientOrderIdCodec::create("Ab.9_Xyz", ClientOrderIdCodec::kMaxRunId, longest));
  const std::uint64_t gens[] = {0, 1, 35, 36, 1295, ClientOrderIdCodec::kMaxGeneration};
  const std::uint64_t seqs[] = {0, 1, 36, 1'000'000, 1ull << 40, ClientOrderIdCodec::kMaxSeq};
  for (const std::uint64_t g : gens) {
    for (const std::uint64_t s : seqs) {
      REQUIRE(longest.format(g, s, id));
      CHECK(id.len <= 36);
      CHECK(venue_ok(id.view()));
      REQUIRE(ClientOrderIdCodec::parse(id.view(), p));
      CHECK(p.prefix == "Ab.9_Xyz");
      CHECK(p.run_id == ClientOrderIdCodec::kMaxRunId);
      CHECK(p.generation == g);
      CHECK(p.seq == s);
    }
  }
  REQUIRE(longest.format(ClientOrderIdCodec::kMaxGeneration, ClientOrderIdCodec::kMaxSeq, id));
  CHECK(id.len == 35);
}

TEST_CASE("out-of-range values and bad prefixes are refused") {
  ClientOrderIdCodec codec;
  CHECK_FALSE(ClientOrderIdCodec::create("", 1, codec));
  CHECK_FALSE(ClientOrderIdCodec::create("toolongpx", 1, codec));   // 9 chars
  CHECK_FALSE(ClientOrderIdCodec::create("a-b", 1, codec));         // separator inside
  CHECK_FALSE(ClientOrderIdCodec::create("a:b", 1, codec));
  CHECK_FALSE(ClientOrderIdCodec::create("xtb", ClientOrderIdCodec::kMaxRunId + 1, codec));
  REQUIRE(ClientOrderIdCodec::create("xtb", 1, codec));
  ClientOrderId id{};
  id.assign("untouched");
  CHECK_FALSE(codec.format(ClientOrderIdCodec::kMaxGeneration + 1, 0, id));
  CHECK_FALSE(codec.format(0, ClientOrderIdCodec::kMaxSeq + 1, id));
  CHECK(id.view() == "untouched");
}

TEST_CASE("parse accepts only canonical ids of the scheme") {
  ParsedClientOrderId p;
  CHECK(ClientOrderIdCodec::parse("xtb-00000001-0-0", p));
  CHECK_FALSE(ClientOrderIdCodec::parse("xtb-00000001-00-1", p));     // leading zero in gen
  CHECK_FALSE(ClientOrderIdCodec::parse("xtb-00000001-1-01", p));     // leading zero in seq
  CHECK_FALSE(ClientOrderIdCodec::parse("xtb-0000001-1-1", p));       // run is 7 chars
  CHECK_FALSE(ClientOrderIdCodec::parse("xtb-00000001-1", p));        // missing field
  CHECK_FALSE(ClientOrderIdCodec::parse("xtb-00000001-1-1-1", p));    // extra field
  CHECK_FALSE(ClientOrderIdCodec::parse("xtb-0000000A-1-1", p));      // upper-case digit
  CHECK_FALSE(ClientOrderIdCodec::parse("xtb-00000001-11111-1", p));  // gen > 4 chars
  CHECK_FALSE(ClientOrderIdCodec::parse("-00000001-1-1", p));         // empty prefix
  CHECK_FALSE(ClientOrderIdCodec::parse("web_z00rl9EmhEGAEv7FHo24", p));  // a manual order
  CHECK_FALSE(ClientOrderIdCodec::parse("", p));
  CHECK_FALSE(ClientOrderIdCodec::parse(std::string(40, 'a'), p));
}

TEST_CASE("ownership: current, stale generation, earlier run, foreign") {
  ClientOrderIdCodec mine;
  REQUIRE(ClientOrderIdCodec::create("xtb", 500, mine));
  ClientOrderIdCodec earlier;
  REQUIRE(ClientOrderIdCodec::create("xtb", 499, earlier));
  ClientOrderIdCodec stops;
  REQUIRE(ClientOrderIdCodec::create("xtbps", 500, stops));
  ClientOrderId id{};
  REQUIRE(mine.format(7, 1, id));
  CHECK(mine.classify(id.view(), 7) == Ownership::Current);
  CHECK(mine.classify(id.view(), 8) == Ownership::StaleGeneration);
  REQUIRE(earlier.format(7, 1, id));
  CHECK(mine.classify(id.view(), 7) == Ownership::OtherRun);
  REQUIRE(stops.format(7, 1, id));
  CHECK(mine.classify(id.view(), 7) == Ownership::Foreign);  // another purpose's prefix
  CHECK(stops.classify(id.view(), 7) == Ownership::Current);
  CHECK(mine.classify("web_z00rl9EmhEGAEv7FHo24", 7) == Ownership::Foreign);
  CHECK(mine.classify("x-xcKtGhcu19634092db0758f0ee1b4a", 7) == Ownership::Foreign);
}

TEST_CASE("run ids spread over the 8-digit range") {
  std::uint64_t prev = make_run_id(0);
  for (std::uint64_t e = 1; e < 1000; ++e) {
    const std::uint64_t r = make_run_id(e);
    CHECK(r <= ClientOrderIdCodec::kMaxRunId);
    CHECK(r != prev);
    prev = r;
  }
  ClientOrderIdCodec c;
  CHECK(ClientOrderIdCodec::create("xtb", make_run_id(123), c));
}

}  // TEST_SUITE
