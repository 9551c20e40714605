// backpack_preset.hpp — the fake-venue kit's Backpack preset: routes, Ed25519 check and
// WebSocket subscription bookkeeping of a loopback Backpack peer. Answers come from the
// recorded examples of ../shared/data/backpack/ccxt_examples.json (ccxt js/src/backpack.js:
// parseMarket, fetchOrderBook, parsePosition, parseBalance, parseOrder); the protocol from
// shared/venue-docs/backpack/ (authentication.md, Streams).
//
//   routes  GET /api/v1/time (wall clock + clock_offset_ms, bare number), GET
//           /api/v1/markets, GET /api/v1/depth, GET /api/v1/position ([parsePosition]),
//           GET /api/v1/capital, GET /api/v1/orders ([]), POST /api/v1/order (the New
//           parseOrder, clientId echoed), DELETE /api/v1/order (the Cancelled one); anything
//           else 404 RESOURCE_NOT_FOUND. A test overrides what it needs (LoopbackPeer::route).
//   auth    a request with X-Signature is verified with backpack::Ed25519Signer::verify
//           (X-API-Key) over the signing string (venue/backpack/signing_string.hpp) of the
//           route's instruction (orderExecute, orderCancel, orderQuery(All), orderCancelAll,
//           positionQuery, balanceQuery, collateralQuery) with the query or JSON-body
//           params, X-Timestamp and X-Window (5000 when absent); a mismatch or an unknown
//           instruction is refused 401 INVALID_SIGNATURE.
//   WSS     SUBSCRIBE / UNSUBSCRIBE params are the session's streams; a "signature":[key,
//           sig, ts, window] is verified over instruction=subscribe&timestamp=..&window=..
//           (the message log's signature_ok). Nothing is answered (Backpack sends no ack).
//   faults  429 TOO_MANY_REQUESTS (LoopbackPeer's TooMany).
//
// Threads: handlers and hooks on the peer thread. Errors: the constructor of the options
// throws std::runtime_error when the examples file is missing. Allocation: free (tests).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http_exchange.hpp"
#include "loopback_peer.hpp"
#include "route_table.hpp"

namespace xtb::test_support {

/// The recorded answers (compact JSON).
struct BackpackFixtures {
  std::string markets, depth, position, capital, order_new, order_cancelled;
  static BackpackFixtures load();  ///< from shared/data/backpack/ccxt_examples.json
};

struct BackpackOptions {
  BackpackFixtures fixtures = BackpackFixtures::load();
  std::int64_t clock_offset_ms = 0;  ///< GET /api/v1/time runs this far ahead of the wall clock
};

/// The instruction a signed request on `method` + `path` signs; empty when none.
std::string_view backpack_instruction(std::string_view method, std::string_view path) noexcept;
/// Sets r.signed_request (X-Signature present), r.signature_ok and r.api_key (X-API-Key).
void backpack_inspect(Request& r);
/// {"code":"<code>","message":"<msg>"}
std::string backpack_error(std::string_view code, std::string_view msg);
RouteTable backpack_routes(const BackpackOptions& o);
/// Records SUBSCRIBE / UNSUBSCRIBE streams and checks a signed subscription.
void backpack_ws_request(WsPeer& s, WsMessage& m);
void install_backpack(LoopbackPeer& peer, const BackpackOptions& o);

/// A LoopbackPeer with the Backpack preset installed.
class BackpackPeer : public LoopbackPeer {
 public:
  BackpackPeer(const PeerConfig& net, const BackpackOptions& o) : LoopbackPeer(net) { install_backpack(*this, o); }
};

}  // namespace xtb::test_support
