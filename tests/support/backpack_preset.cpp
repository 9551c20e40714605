// backpack_preset.cpp — see backpack_preset.hpp.
#include "backpack_preset.hpp"

#include <simdjson.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "core/clock.hpp"
#include "data_files.hpp"
#include "venue/backpack/signer.hpp"
#include "venue/backpack/signing_string.hpp"
#include "ws_request.hpp"

namespace xtb::test_support {

namespace {

// The n-th example of ccxt function `fn`, compact.
std::string ccxt_example(simdjson::dom::element root, std::string_view fn, int nth) {
  for (simdjson::dom::element e : root["entries"].get_array()) {
    std::string_view f;
    if (e["function"].get_string().get(f) != simdjson::SUCCESS || f != fn) continue;
    if (nth-- == 0) return simdjson::minify(e["example"].value());
  }
  throw std::runtime_error("ccxt_examples.json: no example " + std::string(fn));
}

// Params of a signed request: the query's k=v pairs, or a flat JSON body's fields
// (values as the signing string shows them: strings unquoted, numbers and bools as sent).
struct ParamText {
  std::vector<std::string> keys, values;
};

ParamText request_params(const Request& r) {
  ParamText p;
  if (!r.body.empty() && r.body.front() == '{') {
    simdjson::dom::parser parser;
    simdjson::dom::object o;
    if (parser.parse(r.body).get_object().get(o) != simdjson::SUCCESS) return p;
    for (auto [k, v] : o) {
      std::string_view s;
      p.keys.emplace_back(k);
      p.values.push_back(v.get_string().get(s) == simdjson::SUCCESS ? std::string(s) : simdjson::minify(v));
    }
    return p;
  }
  std::string_view q = r.query;
  while (!q.empty()) {
    const std::size_t amp = std::min(q.find('&'), q.size());
    const std::string_view kv = q.substr(0, amp);
    const std::size_t eq = kv.find('=');
    p.keys.emplace_back(kv.substr(0, eq));
    p.values.emplace_back(eq == std::string_view::npos ? std::string_view{} : kv.substr(eq + 1));
    q.remove_prefix(std::min(amp + 1, q.size()));
  }
  return p;
}

// instruction=<i>[&params sorted]&timestamp=<ts>&window=<w>
std::string signing_string(std::string_view instruction, const ParamText& p, std::int64_t ts, std::uint32_t window) {
  std::vector<backpack::Param> params;
  for (std::size_t i = 0; i < p.keys.size(); ++i) params.push_back({p.keys[i], p.values[i], false});
  backpack::sort_params(params.data(), params.size());
  std::string buf(8192, '\0');
  backpack::TextWriter w(buf.data(), buf.size());
  backpack::append_block(w, instruction, params.data(), params.size());
  backpack::append_time_window(w, ts, window);
  return w.ok() ? std::string(w.view()) : std::string();
}

std::int64_t to_i64(std::string_view s, std::int64_t fallback) {
  std::int64_t v = 0;
  if (s.empty()) return fallback;
  for (const char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// The recorded order with the request's clientId (body field) in place of the example's.
Handler order_answer(std::string tmpl, std::string example_id) {
  return [tmpl = std::move(tmpl), example_id = std::move(example_id)](const Request& r) {
    std::string body = tmpl;
    const ParamText p = request_params(r);
    const auto at = std::find(p.keys.begin(), p.keys.end(), "clientId");
    if (at != p.keys.end()) replace_once(body, example_id, "\"clientId\":" + p.values[at - p.keys.begin()]);
    return Reply{200, {}, body};
  };
}

}  // namespace

BackpackFixtures BackpackFixtures::load() {
  const std::string text = read_data("backpack/ccxt_examples.json");
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.parse(text);
  BackpackFixtures f;
  f.markets = ccxt_example(root, "parseMarket", 0);
  f.depth = ccxt_example(root, "fetchOrderBook", 0);
  f.position = "[" + ccxt_example(root, "parsePosition", 0) + "]";
  f.capital = ccxt_example(root, "parseBalance", 0);
  f.order_new = ccxt_example(root, "parseOrder", 1);
  f.order_cancelled = ccxt_example(root, "parseOrder", 2);
  return f;
}

std::string_view backpack_instruction(std::string_view method, std::string_view path) noexcept {
  struct Row {
    std::string_view method, path, instruction;
  };
  static constexpr Row kRows[] = {
      {"POST", "/api/v1/order", "orderExecute"},      {"DELETE", "/api/v1/order", "orderCancel"},
      {"GET", "/api/v1/order", "orderQuery"},         {"GET", "/api/v1/orders", "orderQueryAll"},
      {"DELETE", "/api/v1/orders", "orderCancelAll"}, {"GET", "/api/v1/position", "positionQuery"},
      {"GET", "/api/v1/capital", "balanceQuery"},     {"GET", "/api/v1/capital/collateral", "collateralQuery"},
  };
  for (const Row& r : kRows)
    if (r.method == method && r.path == path) return r.instruction;
  return {};
}

void backpack_inspect(Request& r) {
  r.api_key = r.header("X-API-Key");
  const std::string sig = r.header("X-Signature");
  if (sig.empty()) return;
  r.signed_request = true;
  const std::string_view instruction = backpack_instruction(r.method, r.path);
  const std::int64_t ts = to_i64(r.header("X-Timestamp"), -1);
  const std::int64_t window = to_i64(r.header("X-Window"), backpack::kDefaultWindowMs);
  if (instruction.empty() || ts < 0 || window < 0) return;
  const std::string msg = signing_string(instruction, request_params(r), ts, static_cast<std::uint32_t>(window));
  r.signature_ok = !msg.empty() && backpack::Ed25519Signer::verify(r.api_key, msg, sig);
}

std::string backpack_error(std::string_view code, std::string_view msg) {
  std::string b = "{\"code\":\"";
  b.append(code).append("\",\"message\":\"").append(msg).append("\"}");
  return b;
}

RouteTable backpack_routes(const BackpackOptions& o) {
  const BackpackFixtures& f = o.fixtures;
  RouteTable t;
  t.add("GET", "/api/v1/time", [offset = o.clock_offset_ms](const Request&) {
    return Reply{200, {}, std::to_string(Clock::wall_ns() / 1'000'000 + offset)};
  });
  t.add("GET", "/api/v1/markets", fixed_reply(f.markets));
  t.add("GET", "/api/v1/depth", fixed_reply(f.depth));
  t.add("GET", "/api/v1/position", fixed_reply(f.position));
  t.add("GET", "/api/v1/capital", fixed_reply(f.capital));
  t.add("GET", "/api/v1/orders", fixed_reply("[]"));
  t.add("POST", "/api/v1/order", order_answer(f.order_new, "\"clientId\":123456789"));
  t.add("DELETE", "/api/v1/order", order_answer(f.order_cancelled, "\"clientId\":null"));
  t.set_fallback([](const Request&) { return Reply{404, {}, backpack_error("RESOURCE_NOT_FOUND", "Not found")}; });
  return t;
}

void backpack_ws_request(WsPeer& s, WsMessage& m) {
  const WsRequest q = parse_ws_request(m.text);
  if (!q.ok) return;
  if (q.method == "SUBSCRIBE") s.streams.insert(s.streams.end(), q.params.begin(), q.params.end());
  if (q.method == "UNSUBSCRIBE")
    std::erase_if(s.streams, [&](const std::string& x) {
      return std::find(q.params.begin(), q.params.end(), x) != q.params.end();
    });
  if (q.signature.size() != 4) return;
  m.signed_request = true;
  const std::int64_t ts = to_i64(q.signature[2], -1), window = to_i64(q.signature[3], -1);
  if (ts < 0 || window < 0) return;
  const std::string msg = signing_string("subscribe", {}, ts, static_cast<std::uint32_t>(window));
  m.signature_ok = !msg.empty() && backpack::Ed25519Signer::verify(q.signature[0], msg, q.signature[1]);
}

void install_backpack(LoopbackPeer& peer, const BackpackOptions& o) {
  peer.set_routes(backpack_routes(o));
  peer.authenticate([](Request& r) -> std::optional<Reply> {
    backpack_inspect(r);
    if (r.signed_request && !r.signature_ok)
      return Reply{401, {}, backpack_error("INVALID_SIGNATURE", "Invalid signature")};
    return std::nullopt;
  });
  peer.on_ws_message(backpack_ws_request);
  peer.set_too_many_body(backpack_error("TOO_MANY_REQUESTS", "Too many requests"));
}

}  // namespace xtb::test_support
