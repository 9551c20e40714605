// face_ws.cpp — UsdmFace's WebSocket side (usdm_face.hpp): upgrade targets and the
// live-subscription control messages.
//
// Targets (https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
// and .../user-data-streams, with the split base paths /public, /market, /private;
// net/ws/ws_target.hpp builds the same forms):
//   {route}/ws                      raw, streams added with SUBSCRIBE
//   {route}/ws/<stream>             raw, one stream (an unknown name is accepted, idle —
//                                   ccxt connects to /ws/<n> and subscribes later)
//   {route}/ws/<listenKey>          user data stream (raw events)
//   {route}/stream?streams=a/b/...  combined: {"stream":"a","data":{...}}; a listenKey
//                                   among the names binds the user stream, wrapped
//   {route}                          bare /public or /market: raw, subscribe later
//   /private/ws?listenKey=<key>     user data stream (also /private?listenKey=)
// {route} is "", "/public", "/market" or "/private"; any stream is served on any route.
//
// Control messages (WebSocket Market Streams "Live Subscribing/Unsubscribing to streams"):
//   {"method":"SUBSCRIBE","params":["btcusdt@depth"],"id":1}    → {"result":null,"id":1}
//   {"method":"UNSUBSCRIBE","params":[...],"id":2}               → {"result":null,"id":2}
//   {"method":"LIST_SUBSCRIPTIONS","id":3}                       → {"result":["btcusdt@depth"],"id":3}
//   {"method":"SET_PROPERTY","params":["combined",true],"id":5}  → {"result":null,"id":5}
//   {"method":"GET_PROPERTY","params":["combined"],"id":2}       → {"result":true,"id":2}
// Errors: {"error":{"code":2,"msg":"Invalid request: ..."},"id":N}, code 3 for bad JSON
// (the venue's error-message table of the same page).
#include <simdjson.h>

#include <cstdio>
#include <cstring>

#include "core/clock.hpp"
#include "sim/core/json_writer.hpp"
#include "venue/binance/sim/usdm_face.hpp"

namespace xtb::sim::binance_usdm {
namespace {

using server::for_each_part;
using server::ServerSession;

constexpr std::size_t kWsJsonBytes = 64 * 1024;
// USD-M "WebSocket Market Streams": "A single connection can listen to a maximum of 200
// streams" (that page is not in ../shared/venue-docs; its spot counterpart there,
// get_api_v3_ratelimit_order.md, says 1024 for spot). One more slot detects a longer list.
constexpr std::size_t kMaxParamNames = 201;

// Strips a "/public", "/market" or "/private" route prefix.
std::string_view strip_route(std::string_view path, bool& is_private) noexcept {
  is_private = false;
  for (std::string_view r : {std::string_view("/public"), std::string_view("/market"), std::string_view("/private")}) {
    if (path.substr(0, r.size()) == r && (path.size() == r.size() || path[r.size()] == '/')) {
      is_private = r == "/private";
      return path.substr(r.size());
    }
  }
  return path;
}

std::string_view query_value(std::string_view query, std::string_view name) noexcept {
  std::string_view found;
  for_each_part(query, '&', [&](std::string_view kv) {
    if (kv.substr(0, name.size()) == name && kv.size() > name.size() && kv[name.size()] == '=')
      found = kv.substr(name.size() + 1);
  });
  return found;
}

// A control message's fields, in any order: method, id (raw token, echoed as sent), params.
struct ControlMessage {
  std::string_view method, id;
  std::string_view names[kMaxParamNames];
  std::size_t n_names = 0;
  bool flag = false, has_flag = false;
  int error_code = 0;
  std::string_view error;
  bool echo_id = true;  ///< false: the error answers "id":null (the id may not be read yet)
};

bool control_error(ControlMessage& m, int code, std::string_view text, bool echo_id = true) noexcept {
  m.error_code = code;
  m.error = text;
  m.echo_id = echo_id;
  return false;
}

// Strings (stream names) and one boolean (SET_PROPERTY) are the only params the venue
// takes: anything else is error 1 (D18/W4), more than 200 names error 2 (W5) — never a
// success that kept only some of them.
bool parse_params(simdjson::ondemand::value& v, ControlMessage& m) noexcept {
  simdjson::ondemand::array arr;
  if (v.get_array().get(arr)) return control_error(m, 1, "Invalid value type: expected Array");
  for (auto p : arr) {
    simdjson::ondemand::value pv;
    simdjson::ondemand::json_type type;  // non-throwing: malformed params must not abort
    if (p.get(pv) || pv.type().get(type)) return control_error(m, 3, "Invalid JSON: bad params");
    if (type == simdjson::ondemand::json_type::boolean) {
      m.has_flag = !pv.get_bool().get(m.flag);
    } else if (type != simdjson::ondemand::json_type::string || pv.get_string().get(m.names[m.n_names])) {
      return control_error(m, 1, "Invalid value type: expected String");
    } else if (++m.n_names == kMaxParamNames) {
      return control_error(m, 2, "Invalid request: too many streams in one request (at most 200 per connection)");
    }
  }
  return true;
}

bool parse_control(simdjson::ondemand::object& obj, ControlMessage& m) noexcept {
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return control_error(m, 3, "Invalid JSON: bad key", false);
    simdjson::ondemand::value v;
    if (field.value().get(v)) return control_error(m, 3, "Invalid JSON: bad value", false);
    if (key == "method") {
      if (v.get_string().get(m.method)) return control_error(m, 1, "Invalid value type: expected String");
    } else if (key == "id") {
      m.id = v.raw_json_token();
      while (!m.id.empty() && (m.id.back() == ' ' || m.id.back() == '\n' || m.id.back() == '\r' || m.id.back() == '\t'))
        m.id.remove_suffix(1);
    } else if (key == "params" && !parse_params(v, m)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::uint16_t UsdmFace::on_ws_upgrade(ServerSession& s, std::string_view target, EpochMs now) noexcept {
  const std::size_t q = target.find('?');
  const std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  bool is_private = false;
  const std::string_view rest = strip_route(target.substr(0, q), is_private);
  const std::string_view key = query_value(query, "listenKey");
  if (!key.empty() || (is_private && (rest.empty() || rest == "/ws"))) {
    if (!user_->valid(key, now) || !user_->bind(&s)) return 400;
    s.set_ws_kind(ServerSession::WsKind::User, false);
    s.bind_user({});
    return 101;
  }
  if (rest.empty() || rest == "/ws" || rest == "/ws/") {
    s.set_ws_kind(ServerSession::WsKind::Market, false);
    return 101;
  }
  if (rest.substr(0, 4) == "/ws/") {
    const std::string_view name = rest.substr(4);
    if (user_->valid(name, now)) {
      if (!user_->bind(&s)) return 503;
      s.set_ws_kind(ServerSession::WsKind::User, false);
      s.bind_user({});
      return 101;
    }
    s.set_ws_kind(ServerSession::WsKind::Market, false);
    // Every stream name has an '@' (btcusdt@trade, !markPrice@arr); anything else after
    // /ws/ (ccxt's "/ws/0") names no stream: a bare connection, streams come by SUBSCRIBE.
    if (name.find('@') == std::string_view::npos) return 101;
    return host_.subscribe(s, name) ? 101 : 400;
  }
  if (rest == "/stream") {
    s.set_ws_kind(ServerSession::WsKind::Market, true);
    bool ok = true;
    for_each_part(query_value(query, "streams"), '/', [&](std::string_view name) {
      if (user_->valid(name, now)) {
        ok = ok && user_->bind(&s);
        s.bind_user(name);
      } else {
        ok = ok && host_.subscribe(s, name);
      }
    });
    return ok ? 101 : 400;
  }
  return 404;
}

void UsdmFace::on_ws_text(ServerSession& s, std::string_view msg) noexcept {
  char* reply = ws_reply_.get();
  auto fail = [&](int code, std::string_view text, std::string_view id) {
    JsonWriter e(reply, kWsJsonBytes);
    e.begin_object();
    e.key("error");
    e.begin_object();
    e.kv_i64("code", code);
    e.kv("msg", text);
    e.end_object();
    e.key("id");
    e.raw(id.empty() ? std::string_view("null") : id);
    e.end_object();
    s.send_text(std::string_view(reply, e.finish()));
  };
  if (msg.size() > kWsJsonBytes) return fail(3, "Invalid JSON: message too large", {});
  std::memcpy(ws_json_.get(), msg.data(), msg.size());
  std::memset(ws_json_.get() + msg.size(), 0, simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::parser& parser = ws_parser_;  // allocated for kWsJsonBytes at start-up
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(ws_json_.get(), msg.size(), msg.size() + simdjson::SIMDJSON_PADDING).get(doc) ||
      doc.get_object().get(obj))
    return fail(3, "Invalid JSON: expected an object", {});
  ControlMessage c;
  if (!parse_control(obj, c)) return fail(c.error_code, c.error, c.echo_id ? c.id : std::string_view{});
  const std::string_view method = c.method, id = c.id;
  const std::string_view* names = c.names;
  const std::size_t n_names = c.n_names;
  const bool flag = c.flag, has_flag = c.has_flag;
  for (std::size_t i = 0; method == "SUBSCRIBE" && i < n_names; ++i)
    if (!host_.subscribe(s, names[i])) return fail(2, "Invalid request: too many streams on this connection", id);
  JsonWriter w(reply, kWsJsonBytes);
  w.begin_object();
  if (method == "SUBSCRIBE" || method == "UNSUBSCRIBE") {
    for (std::size_t i = 0; method == "UNSUBSCRIBE" && i < n_names; ++i) host_.unsubscribe(s, names[i]);
    w.key("result");
    w.null();
  } else if (method == "LIST_SUBSCRIPTIONS") {
    w.key("result");
    w.begin_array();
    for (std::size_t i = 0; i < ServerSession::kMaxSubs; ++i)
      if (s.sub(i).used) w.str(s.sub(i).name_view());
    w.end_array();
  } else if (method == "SET_PROPERTY" && n_names == 1 && names[0] == "combined" && has_flag) {
    s.set_ws_kind(s.ws_kind(), flag);
    w.key("result");
    w.null();
  } else if (method == "GET_PROPERTY" && n_names == 1 && names[0] == "combined") {
    w.key("result");
    w.boolean(s.combined());
  } else {
    return fail(2,
                "Invalid request: unknown variant, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, "
                "`LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`",
                id);
  }
  w.key("id");
  w.raw(id.empty() ? std::string_view("null") : id);
  w.end_object();
  s.send_text(std::string_view(reply, w.finish()));
}

}  // namespace xtb::sim::binance_usdm
