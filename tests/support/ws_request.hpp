// ws_request.hpp — a client's JSON request on a venue WebSocket, as the fake-venue kit's
// presets read it: {"method":"SUBSCRIBE","params":["btcusdt@bookTicker",..],"id":1} (Binance,
// market_data_requests.md) or {"method":"SUBSCRIBE","params":["account.orderUpdate"],
// "signature":["<key>","<sig>","<ts ms>","<window ms>"]} (Backpack, Streams).
//
// Shapes: `id` is the raw JSON of "id" ("1", "\"abc\"", or "null" when absent); `params`
// and `signature` keep only string elements. ok = false for text that is not a JSON object.
// Threads: any (a parser per call). Allocation: free (test code).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace xtb::test_support {

struct WsRequest {
  bool ok = false;
  std::string method;
  std::string id = "null";
  std::vector<std::string> params, signature;
};

WsRequest parse_ws_request(std::string_view text);

}  // namespace xtb::test_support
