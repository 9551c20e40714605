// decode_frame.cpp — see decode_frame.hpp. Stream dispatch: find the payload object,
// read its event name `e`, hand the object to the per-event decoder.
// Market frames first try the raw fast path (decode_raw.hpp: bookTicker, trade, aggTrade,
// depthUpdate in Binance's compact form, decoded by the same decoders without simdjson's
// stage 1 and iterator); anything it declines is decoded with simdjson On-Demand.
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/venue_id.hpp"

#include <cstring>

#include "venue/binance/decode_market.hpp"
#include "venue/binance/errors.hpp"
#include "venue/binance/decode_user.hpp"

namespace xtb::binance {
namespace od = simdjson::ondemand;
using detail::Ctx;
using detail::RawObject;
using detail::RawValue;

namespace detail {
namespace {

MsgKind classify_event(std::string_view e) noexcept {
  struct Entry { std::string_view name; MsgKind kind; };
  // Market events first: they are >99% of the traffic.
  static constexpr Entry kEvents[] = {
      {"bookTicker", MsgKind::BookTicker},        {"depthUpdate", MsgKind::DepthUpdate},
      {"trade", MsgKind::Trade},                  {"aggTrade", MsgKind::AggTrade},
      {"markPriceUpdate", MsgKind::MarkPrice},    {"forceOrder", MsgKind::ForceOrder},
      {"ORDER_TRADE_UPDATE", MsgKind::OrderTradeUpdate}, {"TRADE_LITE", MsgKind::TradeLite},
      {"ACCOUNT_UPDATE", MsgKind::AccountUpdate}, {"ALGO_UPDATE", MsgKind::AlgoUpdate},
      {"listenKeyExpired", MsgKind::ListenKeyExpired}, {"MARGIN_CALL", MsgKind::MarginCall},
      {"kline", MsgKind::Kline},                  {"continuous_kline", MsgKind::Kline},
      {"24hrTicker", MsgKind::Ticker},            {"24hrMiniTicker", MsgKind::Ticker},
  };
  for (const Entry& en : kEvents)
    if (en.name == e) return en.kind;
  return MsgKind::None;
}

DecodeStatus decode_wrapper(od::object& o, Ctx& c) noexcept;

// Sets c.kind and runs the decoder of a hot market `kind` over payload object `o`: the
// same decoders on both paths (`Obj` is od::object or the raw path's RawObject). Every
// other kind goes to `other()`. Always inlined, like the switch each path had before.
template <class Obj, class Other>
[[gnu::always_inline]] inline DecodeStatus decode_market_kind(Obj& o, Ctx& c, MsgKind kind, Other&& other) noexcept {
  c.kind = kind;
  switch (kind) {
    case MsgKind::BookTicker: return decode_book_ticker(o, c);
    case MsgKind::DepthUpdate: return decode_depth_update(o, c);
    case MsgKind::Trade: return decode_trade(o, c, false);
    case MsgKind::AggTrade: return decode_trade(o, c, true);
    default: return other();
  }
}

// Runs the decoder of `kind` over payload object `o`.
DecodeStatus decode_kind(od::object& o, Ctx& c, MsgKind kind) noexcept {
  return decode_market_kind(o, c, kind, [&] {
    switch (kind) {
      case MsgKind::MarkPrice: return decode_mark_price(o, c);
      case MsgKind::ForceOrder: return decode_force_order(o, c);
      case MsgKind::OrderTradeUpdate: return decode_order_trade_update(o, c);
      case MsgKind::TradeLite: return decode_trade_lite(o, c);
      case MsgKind::AccountUpdate: return decode_account_update(o, c);
      case MsgKind::AlgoUpdate: return decode_algo_update(o, c);
      case MsgKind::ListenKeyExpired: return decode_listen_key_expired(o, c);
      case MsgKind::MarginCall: return decode_margin_call(o, c);
      case MsgKind::Kline:
      case MsgKind::Ticker: return DecodeStatus::Ignored;
      default: return DecodeStatus::Unsupported;
    }
  });
}

// One event payload object {"e":...}; without "e" it may be a wrapper or control reply.
DecodeStatus decode_event(od::object& o, Ctx& c) noexcept {
  std::string_view e;
  if (const DecodeStatus s = peek_text(o, "e", e); s != DecodeStatus::Ok) return s;
  if (e.empty()) return decode_wrapper(o, c);
  return decode_kind(o, c, classify_event(e));
}

// Market stream names "<symbol>@<type>[@<speed>]" name their payload's event type, so the
// payload can be decoded without first searching it for "e"; the decoders still compare
// "e" with Ctx::expect_event and report a mismatch as Unsupported.
struct StreamType { std::string_view prefix; MsgKind kind; std::string_view event; };
constexpr StreamType kStreamTypes[] = {
    {"bookTicker", MsgKind::BookTicker, "bookTicker"}, {"depth", MsgKind::DepthUpdate, "depthUpdate"},
    {"trade", MsgKind::Trade, "trade"},                {"aggTrade", MsgKind::AggTrade, "aggTrade"},
    {"markPrice", MsgKind::MarkPrice, "markPriceUpdate"}, {"forceOrder", MsgKind::ForceOrder, "forceOrder"},
};

const StreamType* stream_type(std::string_view stream) noexcept {
  const std::size_t at = stream.find('@');
  if (at == std::string_view::npos || at + 1 == stream.size() || stream[0] == '!') return nullptr;
  const std::string_view type = stream.substr(at + 1);
  const StreamType* t = nullptr;
  switch (type[0]) {  // one candidate per first letter
    case 'b': t = &kStreamTypes[0]; break;
    case 'd': t = &kStreamTypes[1]; break;
    case 't': t = &kStreamTypes[2]; break;
    case 'a': t = &kStreamTypes[3]; break;
    case 'm': t = &kStreamTypes[4]; break;
    case 'f': t = &kStreamTypes[5]; break;
    default: return nullptr;
  }
  if (!type.starts_with(t->prefix)) return nullptr;
  const std::string_view rest = type.substr(t->prefix.size());
  // "depth", "depth20", "depth@100ms", "markPrice@1s"; but "trade" must not match "tradeX".
  const bool ok = rest.empty() || rest[0] == '@' || (t->kind == MsgKind::DepthUpdate && rest[0] >= '0' && rest[0] <= '9');
  return ok ? t : nullptr;
}

// Each element of an array of payload objects (all-market streams such as !markPrice@arr).
DecodeStatus decode_items(od::array& arr, Ctx& c) noexcept {
  for (auto ir : arr) {
    od::object o;
    if (auto e = ir.get_object().get(o)) return map_error(e);
    const DecodeStatus s = decode_event(o, c);
    if (s != DecodeStatus::Ok && s != DecodeStatus::Ignored) return s;
  }
  return DecodeStatus::Ok;
}

// "data" of a combined stream: one payload object or an array of them.
DecodeStatus decode_payload(od::value& v, Ctx& c) noexcept {
  od::json_type t{};
  if (auto e = v.type().get(t)) return map_error(e);
  if (t == od::json_type::array) {
    od::array arr;
    if (auto e = v.get_array().get(arr)) return map_error(e);
    return decode_items(arr, c);
  }
  od::object o;
  if (auto e = v.get_object().get(o)) return map_error(e);
  return decode_event(o, c);
}

// {"stream":..,"data":..} (any key order) or {"result":..,"id":..}.
DecodeStatus decode_wrapper(od::object& o, Ctx& c) noexcept {
  bool has_data = false, has_id = false, has_result = false, has_error = false;
  const StreamType* type = nullptr;
  const DecodeStatus st = for_each_field(o, [&](std::uint64_t k, std::string_view, od::value& v) {
    if (k == "stream"_k) {
      std::string_view name;
      const DecodeStatus s = read_text(v, name);
      type = stream_type(name);
      return s;
    }
    if (k == "data"_k) {
      has_data = true;
      od::object payload;
      if (!type || v.get_object().get(payload) != simdjson::SUCCESS) return decode_payload(v, c);
      c.expect_event = type->event;
      return decode_kind(payload, c, type->kind);
    }
    has_id |= k == "id"_k;
    has_result |= k == "result"_k;
    has_error |= k == "error"_k;
    return DecodeStatus::Ok;
  });
  if (st != DecodeStatus::Ok || has_data) return st;
  if (has_id && (has_result || has_error)) {
    c.kind = MsgKind::ControlReply;
    // {"result":..,"id":n} acknowledges a (UN)SUBSCRIBE; {"error":{..},"id":n} reports a
    // rejected one — surfaced as Unsupported so the counter shows it.
    return has_result ? DecodeStatus::Ignored : DecodeStatus::Unsupported;
  }
  return DecodeStatus::Unsupported;
}

// First key of a JSON object in raw bytes (empty if not `{"key"`): picks the wrapper path
// without scanning the payload for a top-level "e" that combined streams do not have.
std::string_view first_key(const std::uint8_t* p, std::size_t len) noexcept {
  std::size_t i = 0;
  auto skip_ws = [&] { while (i < len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t')) ++i; };
  skip_ws();
  if (i >= len || p[i] != '{') return {};
  ++i;
  skip_ws();
  if (i >= len || p[i] != '"') return {};
  const std::size_t start = ++i;
  while (i < len && p[i] != '"') ++i;
  return {reinterpret_cast<const char*>(p) + start, i - start};
}

// A bare top-level array of payload objects.
DecodeStatus decode_event_array(od::document& doc, Ctx& c) noexcept {
  od::array arr;
  if (auto e = doc.get_array().get(arr)) return map_error(e);
  return decode_items(arr, c);
}

// ---- fast path: the hot market streams scanned from raw bytes (decode_raw.hpp) ----

// Payloads the raw scanner hands to the shared decoders. Only decoders that change
// nothing but the frame's events on success are listed, so a failure at any later point
// (trailing bytes, ...) can still fall back without double counting.
DecodeStatus decode_kind_raw(RawObject& o, Ctx& c, MsgKind kind) noexcept {
  return decode_market_kind(o, c, kind, [] { return DecodeStatus::BadJson; });  // everything else: On-Demand
}

// `{"stream":"<name>","data":{...}}` (stream first, as Binance sends it) or a bare
// `{"e":"<event>",...}`, nothing after. Ok only when the whole frame was decoded; any
// other result means "decode it with simdjson" (the caller resets the Ctx).
DecodeStatus decode_raw(const char* p, std::size_t len, Ctx& c) noexcept {
  const char* const end = p + len;
  RawObject root{p, end};
  const std::string_view head(p, len < 11 ? len : 11);
  const bool wrapped = head.starts_with("{\"stream\":\""), bare = head.starts_with("{\"e\":\"");
  if (!(wrapped || bare) || !printable_ascii(p, len)) return DecodeStatus::BadJson;
  DecodeStatus st = DecodeStatus::BadJson;
  if (wrapped) {
    const StreamType* type = nullptr;
    st = for_each_field(root, [&](std::uint64_t k, std::string_view, RawValue& v) {
      if (k == "stream"_k) {
        std::string_view name;
        if (read_text(v, name) != DecodeStatus::Ok || !(type = stream_type(name))) return DecodeStatus::BadJson;
        return DecodeStatus::Ok;
      }
      if (k != "data"_k || !type || v.kind != RawValue::Kind::Object) return DecodeStatus::BadJson;
      RawObject payload{v.text.data(), end};
      c.expect_event = type->event;
      const DecodeStatus s = decode_kind_raw(payload, c, type->kind);
      v.next = payload.after;
      return s;
    });
  } else {
    std::string_view e;
    st = peek_text(root, "e", e);
    if (st == DecodeStatus::Ok) st = decode_kind_raw(root, c, classify_event(e));
  }
  return st == DecodeStatus::Ok && root.after == end ? DecodeStatus::Ok : DecodeStatus::BadJson;
}

// Trailing bytes after the root value (e.g. "{...}{") make the frame malformed.
DecodeStatus check_consumed(od::document& doc) noexcept {
  return doc.current_location().error() == simdjson::OUT_OF_BOUNDS ? DecodeStatus::Ok : DecodeStatus::BadJson;
}

// ---- small REST bodies (serverTime, dualSidePosition, commissionRate) ----

// Runs `on_field(key, value)` over the fields of the root object of `doc`.
template <class F>
DecodeStatus root_fields(od::document& doc, F&& on_field) noexcept {
  od::object o;
  if (auto e = doc.get_object().get(o)) return map_error(e);
  return for_each_field(o, [&](std::uint64_t, std::string_view key, od::value& v) { return on_field(key, v); });
}

// A body whose answer is the one root field `name`, read by `read(value)`: MissingField
// when absent, BadJson for trailing bytes.
template <class Read>
DecodeStatus root_field(od::document& doc, std::string_view name, Read&& read) noexcept {
  bool found = false;
  const DecodeStatus st = root_fields(doc, [&](std::string_view key, od::value& v) {
    if (key != name) return DecodeStatus::Ok;
    found = true;
    return read(v);
  });
  if (st != DecodeStatus::Ok) return st;
  return found ? check_consumed(doc) : DecodeStatus::MissingField;
}

}  // namespace
}  // namespace detail

Decoder::Decoder(const SymbolTable& symbols, std::size_t max_frame_bytes)
    : symbols_(symbols), max_frame_(max_frame_bytes), parser_(max_frame_bytes) {
  if (parser_.allocate(max_frame_bytes) != simdjson::SUCCESS) throw std::bad_alloc();
}

DecodeStatus Decoder::start(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                            od::document& doc) noexcept {
  if (len > max_frame_) return DecodeStatus::TooLarge;  // never let simdjson reallocate
  if (capacity < len + simdjson::SIMDJSON_PADDING) return DecodeStatus::NoPadding;
  if (auto e = parser_.iterate(bytes, len, capacity).get(doc)) return detail::map_error(e);
  return DecodeStatus::Ok;
}

DecodeResult Decoder::decode_frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                   EventSink& sink, TscTicks rx_tsc, std::uint16_t conn_id) noexcept {
  Ctx c{symbols_, sink, stats_, rx_tsc, conn_id};
  const char* const text = reinterpret_cast<const char*>(bytes);
  c.end = text + len;
  // Fast path first (same size/padding preconditions as start()); when it declines, the
  // frame is decoded from scratch with simdjson On-Demand.
  if (raw_fast_path_ && len <= max_frame_ && capacity >= len + simdjson::SIMDJSON_PADDING) {
    if (detail::decode_raw(text, len, c) == DecodeStatus::Ok) return finish(DecodeStatus::Ok, c, len);
    c.n = 0;
    c.kind = MsgKind::None;
    c.decimal = DecimalError::Ok;
    c.expect_event = {};
  }
  od::document doc;
  DecodeStatus st = start(bytes, len, capacity, doc);
  if (st == DecodeStatus::Ok) {
    od::json_type t{};
    if (auto e = doc.type().get(t)) {
      st = detail::map_error(e);
    } else if (t == od::json_type::array) {
      st = detail::decode_event_array(doc, c);  // /ws/!markPrice@arr sends a bare array
    } else {
      od::object root;
      if (auto e = doc.get_object().get(root)) {
        st = detail::map_error(e);
      } else {
        const std::string_view k = detail::first_key(bytes, len);
        const bool wrapper = k == "stream" || k == "data" || k == "result" || k == "id";
        st = wrapper ? detail::decode_wrapper(root, c) : detail::decode_event(root, c);
      }
    }
    if (st == DecodeStatus::Ok) st = detail::check_consumed(doc);
  }
  return finish(st, c, len);
}

DecodeResult Decoder::decode_rest(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                  const RestContext& rc, EventSink& sink, TscTicks rx_tsc,
                                  std::uint16_t conn_id) noexcept {
  Ctx c{symbols_, sink, stats_, rx_tsc, conn_id};
  c.end = reinterpret_cast<const char*>(bytes) + len;
  od::document doc;
  DecodeStatus st = len == 0 ? DecodeStatus::BadJson : start(bytes, len, capacity, doc);
  if (st == DecodeStatus::Ok) {
    st = detail::decode_rest_body(doc, rc, c);
    if (st == DecodeStatus::Ok || st == DecodeStatus::VenueError) {
      const DecodeStatus tail = detail::check_consumed(doc);
      if (tail != DecodeStatus::Ok) st = tail;
    }
  }
  // An HTTP error whose body we could not read (empty, HTML from a proxy, truncated) is
  // still an answer to the request: report it as a venue error, not a decode failure.
  if (rc.http_status >= 400 && st != DecodeStatus::Ok && st != DecodeStatus::VenueError &&
      st != DecodeStatus::SinkFull) {
    c.n = 0;
    st = detail::emit_transport_error(rc, c);
  }
  return finish(st, c, len);
}

RestContext rest_context_of(const ResponseMeta& m) noexcept {
  RestContext rc;
  rc.kind = static_cast<RestKind>(m.rest_kind);
  rc.command = static_cast<CommandKind>(m.command);
  rc.http_status = m.transport_error != 0 ? 0 : m.http_status;
  rc.retry_after_s = m.retry_after_s;
  rc.used_weight_1m = m.used_weight_1m;
  rc.order_count_10s = m.order_count_10s;
  rc.generation = m.generation;
  rc.symbol = m.symbol;
  rc.client_id = m.client_id;
  return rc;
}

DecodeResult Decoder::decode_response(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                      const ResponseMeta& meta, EventSink& sink, TscTicks rx_tsc,
                                      std::uint16_t conn_id) noexcept {
  const RestContext rc = rest_context_of(meta);
  if (meta.transport_error == 0 && meta.local_refusal == 0) return decode_rest(bytes, len, capacity, rc, sink, rx_tsc, conn_id);
  // Nothing came back (typed frames without a body): the answer the venue gives for it.
  Ctx c{symbols_, sink, stats_, rx_tsc, conn_id};
  const std::int32_t code = meta.transport_error != 0
                                ? kNoAnswerCode
                                : local_refusal_answer(static_cast<LocalRefusal>(meta.local_refusal)).code;
  return finish(detail::emit_code_ack(rc, c, code), c, len);
}

DecodeResult Decoder::decode_record(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                    SymbolId snapshot_symbol, EventSink& sink, TscTicks rx_tsc,
                                    std::uint16_t conn_id) noexcept {
  static constexpr char kSnapshotPrefix[] = "{\"lastUpdateId\"";
  if (len > sizeof kSnapshotPrefix && std::memcmp(bytes, kSnapshotPrefix, sizeof kSnapshotPrefix - 1) == 0) {
    RestContext rc;
    rc.kind = RestKind::DepthSnapshot;
    rc.symbol = snapshot_symbol;
    return decode_rest(bytes, len, capacity, rc, sink, rx_tsc, conn_id);
  }
  return decode_frame(bytes, len, capacity, sink, rx_tsc, conn_id);
}

DecodeStatus Decoder::decode_server_time(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                         EpochMs& server_ms) noexcept {
  od::document doc;
  if (const DecodeStatus st = start(bytes, len, capacity, doc); st != DecodeStatus::Ok) return st;
  return detail::root_field(doc, "serverTime", [&](od::value& v) { return detail::read_i64(v, server_ms); });
}

DecodeStatus Decoder::decode_position_mode(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                           bool& hedge_mode) noexcept {
  od::document doc;
  if (const DecodeStatus st = start(bytes, len, capacity, doc); st != DecodeStatus::Ok) return st;
  return detail::root_field(doc, "dualSidePosition", [&](od::value& v) { return detail::read_bool(v, hedge_mode); });
}

DecodeStatus Decoder::decode_commission_rate(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                             SymbolId& symbol, std::int64_t& maker_e8,
                                             std::int64_t& taker_e8) noexcept {
  od::document doc;
  if (const DecodeStatus st = start(bytes, len, capacity, doc); st != DecodeStatus::Ok) return st;
  std::string_view name, maker, taker;
  const DecodeStatus st = detail::root_fields(doc, [&](std::string_view key, od::value& v) {
    if (key == "symbol") return detail::read_text(v, name);
    if (key == "makerCommissionRate") return detail::read_text(v, maker);
    if (key == "takerCommissionRate") return detail::read_text(v, taker);
    return DecodeStatus::Ok;
  });
  if (st != DecodeStatus::Ok) return st;
  symbol = symbols_.find(kVenueId, name);
  if (symbol == kNoSymbol) return name.empty() ? DecodeStatus::MissingField : DecodeStatus::UnknownSymbol;
  detail::Conv cv;
  cv.amount(maker, maker_e8, false);
  cv.amount(taker, taker_e8, false);
  if (!cv.ok()) return cv.status;
  return detail::check_consumed(doc);
}

DecodeResult Decoder::finish(DecodeStatus st, Ctx& c, std::size_t len) noexcept {
  DecodeResult r;
  r.status = st;
  r.kind = c.kind;
  r.decimal = st == DecodeStatus::BadDecimal ? c.decimal : DecimalError::Ok;
  DecodeStats::bump(stats_.by_status[static_cast<int>(st)]);
  DecodeStats::bump(stats_.by_kind[static_cast<int>(c.kind)]);
  if (r.ok()) {
    r.events = c.n;
    DecodeStats::bump(stats_.events, c.n);
    return r;
  }
  if (st == DecodeStatus::Ignored || st == DecodeStatus::Unsupported) return r;  // no events
  // Failure: whatever was written is discarded; slot 0 becomes the DecodeError report.
  c.n = 0;
  if (Event* ev = c.emit(EventType::DecodeError, kNoSymbol, 0)) {
    ev->decode_error.code = pack_decode_error(r);
    ev->decode_error.frame_len = static_cast<std::uint32_t>(len);
    r.events = 1;
  }
  return r;
}

}  // namespace xtb::binance
