// encode_request.hpp — OrderCommand → one signed Backpack REST request (method, path,
// query or JSON body, and the X-API-Key / X-Signature / X-Timestamp / X-Window headers),
// written into a caller-owned Request.
//
// Endpoints (https://docs.backpack.exchange; bpx-api-client @dc5d8b1c client/src/routes/):
//   NewOrder        POST   /api/v1/order   orderExecute   {clientId, orderType Limit|Market,
//                   side Bid|Ask, symbol, quantity, price (limit), timeInForce GTC|IOC|FOK
//                   (limit), postOnly true (TimeInForce::PostOnly → GTC + postOnly),
//                   reduceOnly true (OrderCommand::kReduceOnly)}
//   CancelOrder     DELETE /api/v1/order   orderCancel    {orderId (when known) | clientId, symbol}
//   CancelAll       DELETE /api/v1/orders  orderCancelAll {symbol}
//   QueryOrder      GET    /api/v1/order   orderQuery     ?clientId=&symbol=
//   QueryOpenOrders GET    /api/v1/orders  orderQueryAll  ?symbol= (none: all; marketType=PERP)
//   QueryPositions  GET    /api/v1/position positionQuery (no params)
//   (no command)    GET    /api/v1/capital  balanceQuery  (encode_balance_query; start-up)
// Depth snapshots (GET /api/v1/depth?symbol=) are public: encode_depth_request, unsigned.
// Signing string: signing_string.hpp; the body's fields and the query's params are the same
// sorted list the signature covers. Prices in ticks and quantities in steps are written
// with the symbol's grid (market/decimal.hpp format_decimal). AmendOrder: Backpack has no
// amend endpoint → Unsupported. Stop/trigger order types → Unsupported (not in scope).
//
// Threads: the egress thread (the signer is not thread-safe). Allocation: none in our code
// (OpenSSL's Ed25519 allocates internally: signer.hpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/command.hpp"
#include "market/symbol_table.hpp"
#include "venue/backpack/client_id.hpp"
#include "venue/backpack/signer.hpp"
#include "venue/backpack/signing_string.hpp"

namespace xtb::backpack {

enum class Method : std::uint8_t { Get, Post, Delete };
const char* to_string(Method m) noexcept;

enum class EncodeError : std::uint8_t {
  Ok = 0, UnknownSymbol, BadClientId, BadOrder, Unsupported, Overflow, NoKey, SignFailed,
};
const char* to_string(EncodeError e) noexcept;

/// One request, fixed buffers. `signing` keeps the signed string (no secret in it) for
/// tests and the simulator's checks; never log `headers` (the signature is replayable
/// within its window).
struct Request {
  static constexpr std::size_t kQueryCap = 256, kBodyCap = 512, kHeaderCap = 320, kSigningCap = 768;
  Method method = Method::Get;
  std::string_view path;  ///< static string
  std::uint16_t query_len = 0, body_len = 0, headers_len = 0, signing_len = 0;
  char query[kQueryCap];
  char body[kBodyCap];
  char headers[kHeaderCap];  ///< "Name: value\r\n" lines
  char signing[kSigningCap];
  void reset(Method m, std::string_view p) noexcept {
    method = m;
    path = p;
    query_len = body_len = headers_len = signing_len = 0;
  }
  std::string_view query_view() const noexcept { return {query, query_len}; }
  std::string_view body_view() const noexcept { return {body, body_len}; }
  std::string_view headers_view() const noexcept { return {headers, headers_len}; }
  std::string_view signing_view() const noexcept { return {signing, signing_len}; }
};

/// `window_ms` (X-Window) is clamped to the documented (0, 60000]; 0 means the default 5000.
class RequestEncoder {
 public:
  RequestEncoder(Ed25519Signer& signer, const SymbolTable& symbols, const ClientIdMap& ids,
                 std::uint32_t window_ms = kDefaultWindowMs) noexcept
      : signer_(signer), symbols_(symbols), ids_(ids),
        window_ms_(window_ms == 0 ? kDefaultWindowMs : window_ms > kMaxWindowMs ? kMaxWindowMs : window_ms) {}

  /// Encodes `cmd` (any CommandKind above) stamped with `now_ms` (venue-time estimate).
  EncodeError encode(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept;

  /// GET /api/v1/capital (balances; private/get_balances.md), signed, no params.
  EncodeError encode_balance_query(std::int64_t now_ms, Request& out) noexcept {
    out.reset(Method::Get, "/api/v1/capital");
    return finish("balanceQuery", nullptr, 0, now_ms, out);
  }

  /// The SUBSCRIBE message of private streams ("account.orderUpdate", ...):
  /// {"method":"SUBSCRIBE","params":[..],"signature":["<key>","<sig>","<ts>","<window>"]},
  /// signing instruction=subscribe&timestamp=..&window=.. Returns bytes written, 0 on error.
  std::size_t encode_private_subscribe(const std::string_view* streams, std::size_t n, std::int64_t now_ms,
                                       char* out, std::size_t cap) noexcept;

 private:
  EncodeError order_execute(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept;
  EncodeError order_cancel(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept;
  EncodeError by_symbol(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept;
  EncodeError finish(std::string_view instruction, Param* params, std::size_t n, std::int64_t now_ms,
                     Request& out) noexcept;

  Ed25519Signer& signer_;
  const SymbolTable& symbols_;
  const ClientIdMap& ids_;
  std::uint32_t window_ms_;
};

/// GET /api/v1/depth?symbol=<symbol> (public, https://docs.backpack.exchange/#tag/Markets/operation/get_depth).
EncodeError encode_depth_request(std::string_view symbol, Request& out) noexcept;

}  // namespace xtb::backpack
