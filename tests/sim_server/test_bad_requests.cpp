// xtb-sim's answers to the reliability probe's bad requests (issue 12), pure parts with no
// sockets: the signed-request timestamp check without overflow (D4/R12), duplicated
// parameters (D18/R16) and the bound on armed faults (D18/R23).
#include <doctest/doctest.h>

#include <climits>
#include <string>

#include "sim/core/fault_plan.hpp"
#include "sim/server/query_params.hpp"
#include "sim_harness.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/sim/request_auth.hpp"
#include "venue/binance/sim/sim_errors.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::server;

namespace {

constexpr EpochMs kNow = 1'723'161'255'088;

// Signs `params` (which carry their own timestamp) with the docs' secret and checks them.
ApiError check_signed(RequestAuth& auth, const std::string& params, EpochMs now = kNow) {
  char hex[64];
  binance::HmacSha256Signer(simtest::kApiSecret).sign_hex(params, hex);
  const std::string q = params + "&signature=" + std::string(hex, 64);
  QueryParams p;
  REQUIRE(p.parse(q, "") == QueryParams::Status::Ok);
  return auth.check(Security::Signed, AuthInput{simtest::kApiKey, true, q, "", &p, now});
}

}  // namespace

TEST_CASE("D4/R12: timestamp INT64_MIN (and 0, -1) is rejected with -1021, even with recvWindow=1") {
  RequestAuth auth(simtest::kApiKey, simtest::kApiSecret);
  const std::string order = "symbol=BTCUSDT&side=BUY&positionSide=LONG&type=LIMIT&timeInForce=GTC&quantity=0.002&price=60000";
  for (const std::string& ts : {std::to_string(INT64_MIN), std::string("0"), std::string("-1")}) {
    CAPTURE(ts);
    for (const std::string& extra : {std::string(), std::string("&recvWindow=1"), std::string("&recvWindow=60000")}) {
      const ApiError e = check_signed(auth, order + extra + "&timestamp=" + ts);
      CHECK(e.http_status == 400);
      CHECK(venue_error(e.reject).code == -1021);
      CHECK(e.reject.message() == "Timestamp for this request is outside of the recvWindow.");
    }
  }
  // The window itself still works both ways.
  CHECK(check_signed(auth, order + "&timestamp=" + std::to_string(kNow - 100)).ok());
  CHECK(check_signed(auth, order + "&timestamp=" + std::to_string(kNow - 5000)).ok());
  CHECK(venue_error(check_signed(auth, order + "&timestamp=" + std::to_string(kNow - 5001)).reject).code == -1021);
  CHECK(venue_error(check_signed(auth, order + "&recvWindow=1&timestamp=" + std::to_string(kNow - 2)).reject).code ==
        -1021);
  CHECK(venue_error(check_signed(auth, order + "&timestamp=" + std::to_string(INT64_MAX)).reject).code == -1021);
}

TEST_CASE("D18/R16: a parameter sent twice in the query or the body is Duplicate; once in each is allowed") {
  QueryParams p;
  CHECK(p.parse("symbol=BTCUSDT&symbol=ETHUSDT", "") == QueryParams::Status::Duplicate);
  CHECK(p.parse("", "side=BUY&quantity=1&side=SELL") == QueryParams::Status::Duplicate);
  CHECK(p.parse("sym%62ol=A&symbol=B", "") == QueryParams::Status::Duplicate);  // equal once decoded
  REQUIRE(p.parse("symbol=BTCUSDT", "symbol=ETHUSDT") == QueryParams::Status::Ok);
  CHECK(p.get("symbol") == "BTCUSDT");  // query wins (rate_limits.md)
  CHECK(p.parse("symbol=BTCUSDT&Symbol=x", "") == QueryParams::Status::Ok);  // names are case-sensitive
}

TEST_CASE("D18/R23: at most 1024 faults are armed at once; more are refused without a log line") {
  FaultInjector inj;
  FaultSpec f;
  f.type = FaultType::RestError;  // armed now, consumed by the next REST request
  for (std::size_t i = 0; i < FaultInjector::kMaxArmed; ++i) REQUIRE(inj.add(f, kNow));
  CHECK(inj.pending() == FaultInjector::kMaxArmed);
  for (int i = 0; i < 100; ++i) CHECK_FALSE(inj.add(f, kNow));
  CHECK(inj.pending() == FaultInjector::kMaxArmed);
  // Once one is consumed there is room again.
  CHECK(inj.on_rest_request("/fapi/v1/time", false, kNow).kind == RestFault::Error);
  CHECK(inj.pending() == FaultInjector::kMaxArmed - 1);
  CHECK(inj.add(f, kNow));
  CHECK_FALSE(inj.add(f, kNow));
}
