// test_history.cpp — the account history endpoints (rest_history.cpp): userTrades and income
// built from the fill ledger, their parameter rules (docs: get_fapi_v1_usertrades.md,
// get_fapi_v1_income.md), and multiAssetsMargin. ccxt's fetchMyTrades / fetchLedger on top:
// test_ccxt.cpp.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "sim_harness.hpp"

using namespace xtb;
using namespace xtb::simtest;

TEST_CASE("userTrades / income: the fills of a crossing order, with Binance's parameter errors") {
  SimProcess sim;
  REQUIRE_MESSAGE(sim.start({"--capture", data_path("binance-usdm/capture/btcusdt_20240808.gz"), "--speed", "1",
                             "--account", source_path("configs/sim-account.yaml")}),
                  sim.log());
  ClientLoop cl(sim.cert());
  RestClient rest(cl, sim.port());
  // A BUY above the best ask fills at once (IOC): one or more fills of 0.003.
  std::string ask;
  for (int i = 0; i < 100 && ask.empty(); ++i) {
    const std::string d = rest.request("GET", "/fapi/v1/depth?symbol=BTCUSDT&limit=5", {}, {}).body;
    const std::size_t p = d.find("\"asks\":[[\"");
    if (p != std::string::npos) ask = d.substr(p + 10, d.find('"', p + 10) - p - 10);
  }
  REQUIRE(!ask.empty());
  char px[32];
  std::snprintf(px, sizeof px, "%.1f", std::stod(ask) + 20.0);
  const HttpResult o = rest.signed_request(
      "POST", "/fapi/v1/order",
      std::string("symbol=BTCUSDT&side=BUY&positionSide=LONG&type=LIMIT&timeInForce=IOC&newOrderRespType=RESULT&quantity=0.003&price=") + px);
  REQUIRE_MESSAGE(o.status == 200, o.body);
  const std::string id = json_field(o.body, "orderId");
  INFO(o.body);
  REQUIRE(json_field(o.body, "executedQty") == "0.003");
  const HttpResult t = rest.signed_request("GET", "/fapi/v1/userTrades", "symbol=BTCUSDT&orderId=" + id);
  REQUIRE_MESSAGE(t.status == 200, t.body);
  CHECK(t.body.rfind("[{\"buyer\":true,\"commission\":\"", 0) == 0);
  CHECK(t.body.find("\"orderId\":" + id) != std::string::npos);
  CHECK(t.body.find("\"side\":\"BUY\",\"positionSide\":\"LONG\",\"symbol\":\"BTCUSDT\"") != std::string::npos);
  const HttpResult none = rest.signed_request("GET", "/fapi/v1/userTrades", "symbol=BTCUSDT&fromId=999999999");
  CHECK(none.body == "[]");
  const HttpResult inc = rest.signed_request("GET", "/fapi/v1/income", "incomeType=COMMISSION");
  REQUIRE(inc.status == 200);
  CHECK(inc.body.find("\"incomeType\":\"COMMISSION\",\"income\":\"-") != std::string::npos);
  CHECK(inc.body.find("REALIZED_PNL") == std::string::npos);  // filtered by type
  CHECK(rest.signed_request("GET", "/fapi/v1/multiAssetsMargin", "").body == "{\"multiAssetsMargin\":false}");
  // Parameter errors, as Binance answers them.
  CHECK(rest.signed_request("GET", "/fapi/v1/userTrades", "").body.find("-1102") != std::string::npos);
  CHECK(rest.signed_request("GET", "/fapi/v1/userTrades", "symbol=BTCUSDT&fromId=1&startTime=1").body.find("-1128") !=
        std::string::npos);
  CHECK(rest.signed_request("GET", "/fapi/v1/userTrades", "symbol=BTCUSDT&limit=1001").body.find("-1130") !=
        std::string::npos);
  CHECK(rest.signed_request("GET", "/fapi/v1/userTrades", "symbol=BTCUSDT&startTime=1&endTime=999999999").body.find(
            "-1127") != std::string::npos);
  CHECK(rest.signed_request("GET", "/fapi/v1/userTrades", "symbol=NOPEUSDT").body.find("-1121") != std::string::npos);
}
