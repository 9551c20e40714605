// encode_request.cpp — see encode_request.hpp.
#include "venue/backpack/encode_request.hpp"

#include <charconv>

#include "venue/backpack/venue_id.hpp"

namespace xtb::backpack {
namespace {

constexpr std::size_t kMaxParams = 12;

// Rules of a Backpack instrument; nullptr for an unknown id or another venue's.
const SymbolRules* our_rules(const SymbolTable& t, SymbolId id) noexcept {
  return t.venue(id) == kVenueId ? t.try_rules(id) : nullptr;
}

std::string_view tif_word(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    case TimeInForce::GTC: case TimeInForce::PostOnly: case TimeInForce::None: return "GTC";
    default: return {};
  }
}

std::string_view u32_text(std::uint32_t v, char (&buf)[12]) noexcept {
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, static_cast<std::size_t>(r.ptr - buf)};
}

void header_line(TextWriter& w, std::string_view name, std::string_view value) noexcept {
  w.text(name).text(": ").text(value).text("\r\n");
}

}  // namespace

const char* to_string(Method m) noexcept {
  switch (m) {
    case Method::Get: return "GET";
    case Method::Post: return "POST";
    case Method::Delete: return "DELETE";
  }
  return "?";
}

const char* to_string(EncodeError e) noexcept {
  switch (e) {
    case EncodeError::Ok: return "ok";
    case EncodeError::UnknownSymbol: return "unknown-symbol";
    case EncodeError::BadClientId: return "bad-client-id";
    case EncodeError::BadOrder: return "bad-order";
    case EncodeError::Unsupported: return "unsupported";
    case EncodeError::Overflow: return "overflow";
    case EncodeError::NoKey: return "no-key";
    case EncodeError::SignFailed: return "sign-failed";
  }
  return "?";
}

EncodeError RequestEncoder::encode(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept {
  out.reset(Method::Get, {});
  switch (cmd.kind) {
    case CommandKind::NewOrder: return order_execute(cmd, now_ms, out);
    case CommandKind::CancelOrder: return order_cancel(cmd, now_ms, out);
    case CommandKind::CancelAll:
    case CommandKind::QueryOrder:
    case CommandKind::QueryOpenOrders: return by_symbol(cmd, now_ms, out);
    case CommandKind::QueryPositions:
      out.path = "/api/v1/position";
      return finish("positionQuery", nullptr, 0, now_ms, out);
    default: return EncodeError::Unsupported;
  }
}

EncodeError RequestEncoder::order_execute(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept {
  const SymbolRules* r = our_rules(symbols_, cmd.symbol);
  if (r == nullptr) return EncodeError::UnknownSymbol;
  const bool limit = cmd.type == OrderType::Limit;
  if (!limit && cmd.type != OrderType::Market) return EncodeError::Unsupported;
  if ((cmd.side != Side::Buy && cmd.side != Side::Sell) || cmd.qty <= 0 || (limit && cmd.px <= 0))
    return EncodeError::BadOrder;
  const std::string_view tif = tif_word(cmd.tif);
  if (limit && tif.empty()) return EncodeError::Unsupported;
  std::uint32_t cid = 0;
  if (!ids_.to_venue(cmd.client_id, cid)) return EncodeError::BadClientId;
  char cid_buf[12], px[kMaxFormattedDecimal], qty[kMaxFormattedDecimal];
  const std::size_t qn = format_qty(*r, cmd.qty, qty, sizeof qty);
  const std::size_t pn = limit ? format_price(*r, cmd.px, px, sizeof px) : 1;
  if (qn == 0 || pn == 0) return EncodeError::BadOrder;
  Param p[kMaxParams];
  std::size_t n = 0;
  p[n++] = {"clientId", u32_text(cid, cid_buf), false};
  p[n++] = {"orderType", limit ? "Limit" : "Market", true};
  p[n++] = {"quantity", {qty, qn}, true};
  p[n++] = {"side", cmd.side == Side::Buy ? "Bid" : "Ask", true};
  p[n++] = {"symbol", symbols_.name(cmd.symbol), true};
  if (limit) {
    p[n++] = {"price", {px, pn}, true};
    p[n++] = {"timeInForce", tif, true};
    if (cmd.tif == TimeInForce::PostOnly) p[n++] = {"postOnly", "true", false};
  }
  if (cmd.flags & OrderCommand::kReduceOnly) p[n++] = {"reduceOnly", "true", false};
  out.method = Method::Post;
  out.path = "/api/v1/order";
  return finish("orderExecute", p, n, now_ms, out);
}

EncodeError RequestEncoder::order_cancel(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept {
  if (our_rules(symbols_, cmd.symbol) == nullptr) return EncodeError::UnknownSymbol;
  char id_buf[24], cid_buf[12];
  Param p[2];
  if (cmd.venue_order_id != 0) {
    const auto r = std::to_chars(id_buf, id_buf + sizeof id_buf, cmd.venue_order_id);
    p[0] = {"orderId", {id_buf, static_cast<std::size_t>(r.ptr - id_buf)}, true};
  } else {
    std::uint32_t cid = 0;
    if (!ids_.to_venue(cmd.client_id, cid)) return EncodeError::BadClientId;
    p[0] = {"clientId", u32_text(cid, cid_buf), false};
  }
  p[1] = {"symbol", symbols_.name(cmd.symbol), true};
  out.method = Method::Delete;
  out.path = "/api/v1/order";
  return finish("orderCancel", p, 2, now_ms, out);
}

// CancelAll (DELETE body), QueryOrder and QueryOpenOrders (GET query).
EncodeError RequestEncoder::by_symbol(const OrderCommand& cmd, std::int64_t now_ms, Request& out) noexcept {
  const bool has_symbol = cmd.symbol != kNoSymbol;
  if (has_symbol && our_rules(symbols_, cmd.symbol) == nullptr) return EncodeError::UnknownSymbol;
  Param p[2];
  std::size_t n = 0;
  char cid_buf[12];
  if (cmd.kind == CommandKind::QueryOrder) {
    std::uint32_t cid = 0;
    if (!ids_.to_venue(cmd.client_id, cid)) return EncodeError::BadClientId;
    if (!has_symbol) return EncodeError::UnknownSymbol;
    p[n++] = {"clientId", u32_text(cid, cid_buf), false};
  }
  if (has_symbol) p[n++] = {"symbol", symbols_.name(cmd.symbol), true};
  else if (cmd.kind == CommandKind::QueryOpenOrders) p[n++] = {"marketType", "PERP", true};
  else return EncodeError::UnknownSymbol;  // cancel-all needs a symbol
  switch (cmd.kind) {
    case CommandKind::CancelAll:
      out.method = Method::Delete;
      out.path = "/api/v1/orders";
      return finish("orderCancelAll", p, n, now_ms, out);
    case CommandKind::QueryOrder:
      out.path = "/api/v1/order";
      return finish("orderQuery", p, n, now_ms, out);
    default:
      out.path = "/api/v1/orders";
      return finish("orderQueryAll", p, n, now_ms, out);
  }
}

// Sorts the params, writes signing string, body (POST/DELETE) or query (GET), signs, headers.
EncodeError RequestEncoder::finish(std::string_view instruction, Param* params, std::size_t n,
                                   std::int64_t now_ms, Request& out) noexcept {
  if (!signer_.has_key()) return EncodeError::NoKey;
  sort_params(params, n);
  TextWriter s(out.signing, sizeof out.signing);
  append_block(s, instruction, params, n);
  append_time_window(s, now_ms, window_ms_);
  TextWriter payload(out.method == Method::Get ? out.query : out.body,
                     out.method == Method::Get ? sizeof out.query : sizeof out.body);
  if (out.method == Method::Get) append_query(payload, params, n);
  else append_json_object(payload, params, n);
  if (!s.ok() || !payload.ok()) return EncodeError::Overflow;
  out.signing_len = static_cast<std::uint16_t>(s.size());
  (out.method == Method::Get ? out.query_len : out.body_len) = static_cast<std::uint16_t>(payload.size());
  char sig[Ed25519Signer::kSigB64];
  if (!signer_.sign_base64(s.view(), sig)) return EncodeError::SignFailed;
  char num[24];
  TextWriter h(out.headers, sizeof out.headers);
  header_line(h, "X-API-Key", signer_.api_key());
  header_line(h, "X-Signature", {sig, sizeof sig});
  auto r = std::to_chars(num, num + sizeof num, now_ms);
  header_line(h, "X-Timestamp", {num, static_cast<std::size_t>(r.ptr - num)});
  r = std::to_chars(num, num + sizeof num, window_ms_);
  header_line(h, "X-Window", {num, static_cast<std::size_t>(r.ptr - num)});
  if (out.method != Method::Get) header_line(h, "Content-Type", "application/json; charset=utf-8");
  if (!h.ok()) return EncodeError::Overflow;
  out.headers_len = static_cast<std::uint16_t>(h.size());
  return EncodeError::Ok;
}

std::size_t RequestEncoder::encode_private_subscribe(const std::string_view* streams, std::size_t n,
                                                     std::int64_t now_ms, char* out, std::size_t cap) noexcept {
  if (!signer_.has_key()) return 0;
  char signing[96];
  TextWriter s(signing, sizeof signing);
  append_block(s, "subscribe", nullptr, 0);
  append_time_window(s, now_ms, window_ms_);
  char sig[Ed25519Signer::kSigB64];
  if (!s.ok() || !signer_.sign_base64(s.view(), sig)) return 0;
  TextWriter w(out, cap);
  w.text("{\"method\":\"SUBSCRIBE\",\"params\":[");
  for (std::size_t i = 0; i < n; ++i) w.text(i ? ",\"" : "\"").text(streams[i]).ch('"');
  w.text("],\"signature\":[\"").text(signer_.api_key()).text("\",\"").text({sig, sizeof sig});
  w.text("\",\"").i64(now_ms).text("\",\"").u64(window_ms_).text("\"]}");
  return w.ok() ? w.size() : 0;
}

EncodeError encode_depth_request(std::string_view symbol, Request& out) noexcept {
  out.reset(Method::Get, "/api/v1/depth");
  TextWriter q(out.query, sizeof out.query);
  q.text("symbol=").text(symbol);
  if (!q.ok()) return EncodeError::Overflow;
  out.query_len = static_cast<std::uint16_t>(q.size());
  return EncodeError::Ok;
}

}  // namespace xtb::backpack
