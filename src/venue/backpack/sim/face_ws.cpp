// face_ws.cpp — BackpackFace's WebSocket side (backpack_face.hpp).
//
// Endpoint (https://docs.backpack.exchange/#tag/Streams; change_log.md 2024-01-16: the API
// is at wss://ws.backpack.exchange, no path): the upgrade target "/" (also "", "/stream",
// "/ws") opens a connection on which streams are added with
//   {"method":"SUBSCRIBE","params":["depth.BTC_USDC_PERP","trade.BTC_USDC_PERP"]}
//   {"method":"UNSUBSCRIBE","params":[...]}
// Every message is framed {"stream":"<name>","data":{...}}. Public streams of the simulated
// market: depth.<S>, bookTicker.<S>, trade.<S> (the re-expressed capture), markPrice.<S>
// (the derived mark); ticker.<S>, kline.<interval>.<S>, openInterest.<S> are accepted and
// idle. Private streams account.orderUpdate[.<S>], account.positionUpdate[.<S>] need
// "signature":[<X-API-Key>, <signature>, <timestamp ms>, <window ms>] signed over
// instruction=subscribe&timestamp=<ts>&window=<window> (request_auth.hpp), numbers given
// as strings or bare.
// Answers: a subscription is answered by its messages (the venue sends no acknowledgement;
// when the request carries an "id", {"id":<id>,"result":null} is sent). Errors
// {"id":<id|null>,"error":{"code":<int>,"message":".."}}: 4006 "Invalid stream" (ccxt's
// recorded venue answer); the simulator's own 4000 for a malformed request, an unknown
// method, a missing or bad signature (the message says which: the REST texts).
#include <simdjson.h>

#include <cstring>

#include "core/clock.hpp"
#include "sim/core/json_writer.hpp"
#include "venue/backpack/sim/backpack_face.hpp"
#include "venue/backpack/sim/sim_errors.hpp"

namespace xtb::sim::backpack_sim {
namespace {

using server::ServerSession;

constexpr std::size_t kMaxNames = 64;

struct Control {
  std::string_view method, id;
  std::string_view names[kMaxNames];
  std::size_t n_names = 0;
  std::string_view sig[4];
  std::size_t n_sig = 0;
  std::string_view error;
};

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// An array of strings (or bare numbers: the signature's timestamp and window).
bool read_list(simdjson::ondemand::value& v, std::string_view* out, std::size_t cap, std::size_t& n) noexcept {
  simdjson::ondemand::array arr;
  if (v.get_array().get(arr)) return false;
  for (auto e : arr) {
    simdjson::ondemand::value x;
    simdjson::ondemand::json_type t;
    if (e.get(x) || x.type().get(t) || n == cap) return false;
    if (t == simdjson::ondemand::json_type::string) {
      if (x.get_string().get(out[n])) return false;
    } else if (t == simdjson::ondemand::json_type::number) {
      out[n] = trim(x.raw_json_token());
    } else {
      return false;
    }
    ++n;
  }
  return true;
}

bool parse_control(simdjson::ondemand::object& obj, Control& c) noexcept {
  for (auto field : obj) {
    std::string_view key;
    simdjson::ondemand::value v;
    if (field.unescaped_key().get(key) || field.value().get(v)) return c.error = "Invalid JSON", false;
    if (key == "method") {
      if (v.get_string().get(c.method)) return c.error = "Invalid method", false;
    } else if (key == "id") {
      c.id = trim(v.raw_json_token());
    } else if (key == "params") {
      if (!read_list(v, c.names, kMaxNames, c.n_names)) return c.error = "Invalid params", false;
    } else if (key == "signature") {
      if (!read_list(v, c.sig, 4, c.n_sig) || c.n_sig != 4) return c.error = "Invalid signature field", false;
    }
  }
  return true;
}

bool is_private(std::string_view name) noexcept { return name.starts_with("account."); }

}  // namespace

std::uint16_t BackpackFace::on_ws_upgrade(ServerSession& s, std::string_view target, EpochMs) noexcept {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "" && path != "/" && path != "/stream" && path != "/ws") return 404;
  s.set_ws_kind(ServerSession::WsKind::Market, true);
  return 101;
}

void BackpackFace::ws_error(ServerSession& s, int code, std::string_view message, std::string_view id) noexcept {
  char buf[512];
  JsonWriter w(buf, sizeof buf);
  w.begin_object();
  w.key("id");
  w.raw(id.empty() ? std::string_view("null") : id);
  w.key("error");
  w.begin_object();
  w.kv_i64("code", code);
  w.kv("message", message);
  w.end_object();
  w.end_object();
  s.send_text(std::string_view(buf, w.finish()));
}

bool BackpackFace::public_stream(std::string_view name) const noexcept {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || name.substr(dot + 1) != symbols_.name(sym_)) return false;
  const std::string_view type = name.substr(0, name.find('.'));
  for (std::string_view t : {"depth", "bookTicker", "trade", "markPrice", "ticker", "kline", "openInterest"})
    if (type == t) return true;
  return false;
}

// account.orderUpdate[.<S>] / account.positionUpdate[.<S>]; false for another name.
bool BackpackFace::subscribe_private(ServerSession& s, std::string_view name, bool on) noexcept {
  const bool orders = name.starts_with("account.orderUpdate"), positions = name.starts_with("account.positionUpdate");
  if (!orders && !positions) return false;
  const std::string_view rest = name.substr(orders ? 19 : 22);
  SymbolId only = kNoSymbol;
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.substr(1) != symbols_.name(sym_)) return false;
    only = sym_;
  }
  if (s.index() >= private_.size()) return false;
  PrivateSub& p = private_[s.index()];
  (orders ? p.orders : p.positions) = on;
  (orders ? p.order_symbol : p.position_symbol) = only;
  const bool any = p.orders || p.positions;
  bool listed = false;
  for (std::size_t i = 0; i < private_sessions_.size(); ++i) {
    if (private_sessions_[i] != &s) continue;
    listed = true;
    if (!any) {
      private_sessions_[i] = private_sessions_.back();
      private_sessions_.pop_back();
    }
    break;
  }
  if (any && !listed && private_sessions_.size() < private_sessions_.capacity()) private_sessions_.push_back(&s);
  return true;
}

void BackpackFace::on_ws_text(ServerSession& s, std::string_view msg) noexcept {
  if (msg.size() > kWsBytes) return ws_error(s, 4000, "Message too large", {});
  std::memcpy(ws_json_.get(), msg.data(), msg.size());
  std::memset(ws_json_.get() + msg.size(), 0, simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (ws_parser_.iterate(ws_json_.get(), msg.size(), msg.size() + simdjson::SIMDJSON_PADDING).get(doc) ||
      doc.get_object().get(obj))
    return ws_error(s, 4000, "Invalid JSON", {});
  Control c;
  if (!parse_control(obj, c)) return ws_error(s, 4000, c.error, c.id);
  const bool sub = c.method == "SUBSCRIBE";
  if (!sub && c.method != "UNSUBSCRIBE") return ws_error(s, 4000, "Invalid method", c.id);
  bool any_private = false;
  for (std::size_t i = 0; i < c.n_names; ++i) {
    if (!is_private(c.names[i]) && !public_stream(c.names[i])) return ws_error(s, 4006, "Invalid stream", c.id);
    any_private = any_private || is_private(c.names[i]);
  }
  if (sub && any_private) {
    if (c.n_sig != 4) return ws_error(s, 4000, "Missing signature for a private stream", c.id);
    SignedFields f{c.sig[0], c.sig[1], c.sig[2], c.sig[3], true, true, true};
    const Reject why = auth_.check("subscribe", f, nullptr, 0, Clock::wall_ns() / 1'000'000);
    if (!why.ok()) return ws_error(s, 4000, venue_error(why).text(), c.id);
  }
  for (std::size_t i = 0; i < c.n_names; ++i) {
    const std::string_view name = c.names[i];
    if (is_private(name)) {
      if (!subscribe_private(s, name, sub)) return ws_error(s, 4006, "Invalid stream", c.id);
    } else if (sub) {
      if (s.find_sub(name) < 0 && !host_.subscribe(s, name)) return ws_error(s, 4000, "Too many streams", c.id);
    } else {
      host_.unsubscribe(s, name);
    }
  }
  if (c.id.empty()) return;
  char buf[128];
  JsonWriter w(buf, sizeof buf);
  w.begin_object();
  w.key("id");
  w.raw(c.id);
  w.key("result");
  w.null();
  w.end_object();
  s.send_text(std::string_view(buf, w.finish()));
}

}  // namespace xtb::sim::backpack_sim
