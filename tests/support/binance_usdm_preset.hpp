// binance_usdm_preset.hpp — the fake-venue kit's Binance USD-M preset: the routes, the
// HMAC check and the WebSocket request answers of a loopback Binance USD-M peer, built from
// the recorded fixtures of ../shared/data/binance-usdm/fixtures/http/.
//
//   routes  GET /fapi/v1/time (the wall clock), GET /fapi/v1/exchangeInfo, GET
//           /fapi/v1/positionSide/dual, POST/PUT/DELETE /fapi/v1/listenKey (POST answers
//           listen_keys in turn, the last repeating), GET /fapi/v1/depth (depth_snapshot),
//           POST/DELETE /fapi/v1/order (order_response.json, "testOrder123" replaced by the
//           request's newClientOrderId / origClientOrderId, DELETE → "CANCELED"; headers
//           X-MBX-ORDER-COUNT-10S/-1M counting POSTs), GET /fapi/v1/openOrders,
//           /fapi/v1/openAlgoOrders, /fapi/v3/positionRisk; anything else 404 -1000.
//           Every answer carries X-MBX-USED-WEIGHT-1M: used_weight.
//   auth    SIGNED requests (a `signature` parameter) are verified with
//           binance::HmacSha256Signer over totalParams = query + body (authentication.md):
//           a mismatch is refused 400 -1022; a signed or listenKey request whose
//           X-MBX-APIKEY is not api_key 401 -2015.
//   faults  429 -1003 (LoopbackPeer's TooMany).
//   WSS     {"method":..,"id":N} requests are answered {"result":null,"id":N}; SUBSCRIBE /
//           UNSUBSCRIBE params are the session's streams (market_data_requests.md).
//
// Threads: the route handlers and check run on the peer thread that answers; the state a
// route keeps (listen-key turn, order counts) is that thread's. Errors: load() throws
// std::runtime_error for a missing fixture. Allocation: free (test and bench peers).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_exchange.hpp"
#include "loopback_peer.hpp"
#include "route_table.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::test_support {

inline constexpr std::string_view kBinanceListenKey =
    "xtbKitListenKey0000000000000000000000000000000000000000000000000";

/// The recorded REST answers the preset serves.
struct BinanceFixtures {
  std::string exchange_info, position_mode, order, open_orders, algo_orders, position_risk;
  /// Reads them from `dir` (empty: shared/data/binance-usdm/fixtures/http).
  static BinanceFixtures load(const std::string& dir = {});
};

struct BinanceUsdmOptions {
  std::string api_key, secret;        ///< X-MBX-APIKEY and HMAC key expected from clients
  BinanceFixtures fixtures;           ///< empty: BinanceFixtures::load() when the routes are built
  std::string depth_snapshot = "{}";  ///< body of GET /fapi/v1/depth
  std::vector<std::string> listen_keys{std::string(kBinanceListenKey)};
  std::uint32_t used_weight = 11;  ///< X-MBX-USED-WEIGHT-1M on every answer
};

/// HMAC-SHA256 request check (Binance authentication.md).
class BinanceHmacCheck {
 public:
  BinanceHmacCheck(std::string_view api_key, std::string_view secret) : api_key_(api_key), signer_(secret) {}
  /// Sets r.signed_request, r.signature_ok and r.api_key (X-MBX-APIKEY).
  void inspect(Request& r) const;
  /// The refusal of an inspected request: 400 -1022 bad signature, 401 -2015 wrong key.
  std::optional<Reply> refusal(const Request& r) const;
  /// Signed, with a matching signature and key.
  bool verified(const Request& r) const { return r.signed_request && r.signature_ok && r.api_key == api_key_; }

 private:
  std::string api_key_;
  binance::HmacSha256Signer signer_;
};

/// {"code":<code>,"msg":"<msg>"}
std::string binance_error(int code, std::string_view msg);
/// The order answer for `r` from the recorded template (see the routes above).
std::string binance_order_answer(const std::string& tmpl, const Request& r);
/// The routes above (the decorator adds the weight header).
RouteTable binance_usdm_routes(const BinanceUsdmOptions& o);
/// Answers a client's WebSocket request; records SUBSCRIBE / UNSUBSCRIBE streams. Returns
/// the request's method (empty for anything else).
std::string binance_ws_request(WsPeer& s, WsMessage& m);
/// Installs routes, check, WebSocket answers and the 429 body on `peer`.
void install_binance_usdm(LoopbackPeer& peer, const BinanceUsdmOptions& o);

/// A LoopbackPeer with the Binance USD-M preset installed.
class BinanceUsdmPeer : public LoopbackPeer {
 public:
  BinanceUsdmPeer(const PeerConfig& net, const BinanceUsdmOptions& o) : LoopbackPeer(net) {
    install_binance_usdm(*this, o);
  }
};

}  // namespace xtb::test_support
