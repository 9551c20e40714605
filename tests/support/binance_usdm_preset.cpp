// binance_usdm_preset.cpp — see binance_usdm_preset.hpp.
#include "binance_usdm_preset.hpp"

#include <algorithm>
#include <memory>

#include "core/clock.hpp"
#include "data_files.hpp"
#include "ws_request.hpp"

namespace xtb::test_support {

BinanceFixtures BinanceFixtures::load(const std::string& dir) {
  const std::string d = dir.empty() ? data_path("binance-usdm/fixtures/http") : dir;
  BinanceFixtures f;
  f.exchange_info = read_text(d + "/http_futures_market_exchange_info.json");
  f.position_mode = read_text(d + "/http_futures_account_position_side_dual.json");
  f.order = read_text(d + "/order_response.json");
  f.open_orders = read_text(d + "/http_futures_account_orders.json");
  f.algo_orders = read_text(d + "/open_algo_orders.json");
  f.position_risk = read_text(d + "/position_risk.json");
  return f;
}

void BinanceHmacCheck::inspect(Request& r) const {
  r.api_key = r.header("X-MBX-APIKEY");
  const std::string total = r.query + r.body;  // totalParams (authentication.md)
  const std::size_t sp = total.rfind("signature=");
  if (sp == std::string::npos) return;
  r.signed_request = true;
  const std::size_t cut = sp > 0 ? sp - 1 : 0;  // drop the '&' before it
  char hex[binance::HmacSha256Signer::kHexChars];
  signer_.sign_hex(std::string_view(total).substr(0, cut), hex);
  r.signature_ok = std::string_view(total).substr(sp + 10) == std::string_view(hex, sizeof hex);
}

std::optional<Reply> BinanceHmacCheck::refusal(const Request& r) const {
  if (r.signed_request && !r.signature_ok)
    return Reply{400, {}, binance_error(-1022, "Signature for this request is not valid.")};
  const bool keyed = r.signed_request || r.path == "/fapi/v1/listenKey";
  if (keyed && r.api_key != api_key_) return Reply{401, {}, binance_error(-2015, "Invalid API-key.")};
  return std::nullopt;
}

std::string binance_error(int code, std::string_view msg) {
  std::string b = "{\"code\":" + std::to_string(code) + ",\"msg\":\"";
  b.append(msg).append("\"}");
  return b;
}

std::string binance_order_answer(const std::string& tmpl, const Request& r) {
  std::string body = tmpl;
  for (const char* key : {"newClientOrderId", "origClientOrderId"}) {
    const std::string id = r.param(key);
    if (!id.empty()) replace_once(body, "\"testOrder123\"", "\"" + id + "\"");
  }
  if (r.method == "DELETE") replace_once(body, "\"status\": \"NEW\"", "\"status\": \"CANCELED\"");
  return body;
}

namespace {

// What the routes keep between requests (the answering peer thread's).
struct BinanceState {
  std::size_t key_index = 0;
  std::uint32_t orders_10s = 0, orders_1m = 0;
};

void add_order_routes(RouteTable& t, const std::string& order_body, const std::shared_ptr<BinanceState>& st) {
  const Handler order = [order_body, st](const Request& r) {
    if (r.method == "POST") {
      ++st->orders_10s;
      ++st->orders_1m;
    }
    Reply out{200, {}, binance_order_answer(order_body, r)};
    out.headers.emplace_back("X-MBX-ORDER-COUNT-10S", std::to_string(st->orders_10s));
    out.headers.emplace_back("X-MBX-ORDER-COUNT-1M", std::to_string(st->orders_1m));
    return out;
  };
  t.add("POST", "/fapi/v1/order", order);
  t.add("DELETE", "/fapi/v1/order", order);
}

}  // namespace

RouteTable binance_usdm_routes(const BinanceUsdmOptions& o) {
  const BinanceFixtures f = o.fixtures.exchange_info.empty() ? BinanceFixtures::load() : o.fixtures;
  auto st = std::make_shared<BinanceState>();
  RouteTable t;
  t.add("GET", "/fapi/v1/time", [](const Request&) {
    return Reply{200, {}, "{\"serverTime\":" + std::to_string(Clock::wall_ns() / 1'000'000) + "}"};
  });
  t.add("GET", "/fapi/v1/exchangeInfo", fixed_reply(f.exchange_info));
  t.add("GET", "/fapi/v1/positionSide/dual", fixed_reply(f.position_mode));
  t.add("", "/fapi/v1/listenKey", [keys = o.listen_keys, st](const Request& r) {
    if (r.method != "POST" || keys.empty()) return Reply{200, {}, "{}"};
    const std::string& key = keys[std::min(st->key_index++, keys.size() - 1)];
    return Reply{200, {}, "{\"listenKey\":\"" + key + "\"}"};
  });
  t.add("GET", "/fapi/v1/depth", fixed_reply(o.depth_snapshot));
  add_order_routes(t, f.order, st);
  t.add("GET", "/fapi/v1/openOrders", fixed_reply(f.open_orders));
  t.add("GET", "/fapi/v1/openAlgoOrders", fixed_reply(f.algo_orders));
  t.add("GET", "/fapi/v3/positionRisk", fixed_reply(f.position_risk));
  t.set_fallback([](const Request&) { return Reply{404, {}, binance_error(-1000, "unknown endpoint")}; });
  t.set_decorator([weight = std::to_string(o.used_weight)](const Request&, Reply& out) {
    out.headers.insert(out.headers.begin(), {"X-MBX-USED-WEIGHT-1M", weight});
  });
  return t;
}

std::string binance_ws_request(WsPeer& s, WsMessage& m) {
  const WsRequest q = parse_ws_request(m.text);
  if (!q.ok || q.method.empty()) return {};
  if (q.method == "SUBSCRIBE") s.streams.insert(s.streams.end(), q.params.begin(), q.params.end());
  if (q.method == "UNSUBSCRIBE")
    std::erase_if(s.streams, [&](const std::string& x) {
      return std::find(q.params.begin(), q.params.end(), x) != q.params.end();
    });
  s.queue.push_back("{\"result\":null,\"id\":" + q.id + "}");
  return q.method;
}

void install_binance_usdm(LoopbackPeer& peer, const BinanceUsdmOptions& o) {
  peer.set_routes(binance_usdm_routes(o));
  auto check = std::make_shared<const BinanceHmacCheck>(o.api_key, o.secret);
  peer.authenticate([check](Request& r) {
    check->inspect(r);
    return check->refusal(r);
  });
  peer.on_ws_message([](WsPeer& s, WsMessage& m) { binance_ws_request(s, m); });
  peer.set_too_many_body(binance_error(-1003, "Too many requests; current limit of IP is 2400 requests per minute."));
}

}  // namespace xtb::test_support
