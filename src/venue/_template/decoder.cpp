// decoder.cpp — the template venue's toy line decoder (see decoder.hpp).
#include "venue/_template/decoder.hpp"

#include <charconv>
#include <cstring>
#include <string_view>

namespace xtb::venue_template {
namespace {

// Splits the next space-separated field off `rest`.
std::string_view next_field(std::string_view& rest) noexcept {
  const std::size_t sp = rest.find(' ');
  const std::string_view f = rest.substr(0, sp);
  rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
  return f;
}

bool read_i64(std::string_view& rest, std::int64_t& out) noexcept {
  const std::string_view f = next_field(rest);
  const auto r = std::from_chars(f.data(), f.data() + f.size(), out);
  return !f.empty() && r.ec == std::errc{} && r.ptr == f.data() + f.size();
}

Event* header(EventSink& sink, EventType type, SymbolId sym, TscTicks rx, std::uint16_t conn) noexcept {
  Event* e = sink.slot(0);
  if (e == nullptr) return nullptr;
  std::memset(static_cast<void*>(e), 0, sizeof(Event));
  e->h.type = type;
  e->h.venue = kVenueId;
  e->h.symbol = sym;
  e->h.rx_tsc = rx;
  e->h.conn_id = conn;
  return e;
}

DecodeResult error(EventSink& sink, DecodeStatus st, std::size_t len, TscTicks rx, std::uint16_t conn) noexcept {
  Event* e = header(sink, EventType::DecodeError, kNoSymbol, rx, conn);
  if (e == nullptr) return {DecodeStatus::SinkFull, 0};
  e->decode_error.code = static_cast<std::int32_t>(st);
  e->decode_error.frame_len = static_cast<std::uint32_t>(len);
  return {st, 1};
}

}  // namespace

DecodeResult Decoder::decode_frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                   EventSink& sink, TscTicks rx_tsc, std::uint16_t conn_id) noexcept {
  if (capacity < len) return error(sink, DecodeStatus::NoPadding, len, rx_tsc, conn_id);
  std::string_view rest(reinterpret_cast<const char*>(bytes), len);
  const std::string_view kind = next_field(rest);
  if (kind != "bbo" && kind != "trade") return {DecodeStatus::Unsupported, 0};
  const SymbolId sym = symbols_.find(kVenueId, next_field(rest));
  if (sym == kNoSymbol) return error(sink, DecodeStatus::UnknownSymbol, len, rx_tsc, conn_id);
  std::int64_t v[4] = {};
  const int n = kind == "bbo" ? 4 : 2;
  for (int i = 0; i < n; ++i)
    if (!read_i64(rest, v[i])) return error(sink, DecodeStatus::WrongType, len, rx_tsc, conn_id);
  if (kind == "trade") {
    const std::string_view side = next_field(rest);
    if (side != "buy" && side != "sell") return error(sink, DecodeStatus::UnknownEnum, len, rx_tsc, conn_id);
    Event* e = header(sink, EventType::Trade, sym, rx_tsc, conn_id);
    if (e == nullptr) return {DecodeStatus::SinkFull, 0};
    e->trade.px = v[0];
    e->trade.qty = v[1];
    e->trade.buyer_is_maker = side == "sell";  // the aggressor sold
    return {DecodeStatus::Ok, 1};
  }
  Event* e = header(sink, EventType::BestBidOffer, sym, rx_tsc, conn_id);
  if (e == nullptr) return {DecodeStatus::SinkFull, 0};
  e->bbo = BestBidOffer{v[0], v[1], v[2], v[3], 0, 0};
  return {DecodeStatus::Ok, 1};
}

DecodeResult Decoder::decode_response(const std::uint8_t*, std::size_t, std::size_t, const ResponseMeta&,
                                      EventSink&, TscTicks, std::uint16_t) noexcept {
  return {DecodeStatus::Unsupported, 0};
}

}  // namespace xtb::venue_template
