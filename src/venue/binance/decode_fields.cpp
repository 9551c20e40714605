// decode_fields.cpp — see decode_fields.hpp.
#include "venue/binance/decode_fields.hpp"

#include <cstring>
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace xtb::binance::detail {

DecodeStatus map_error(simdjson::error_code e) noexcept {
  switch (e) {
    case simdjson::SUCCESS: return DecodeStatus::Ok;
    case simdjson::INCORRECT_TYPE: return DecodeStatus::WrongType;
    case simdjson::NO_SUCH_FIELD: return DecodeStatus::MissingField;
    case simdjson::CAPACITY: return DecodeStatus::TooLarge;
    case simdjson::INSUFFICIENT_PADDING: return DecodeStatus::NoPadding;
    default: return DecodeStatus::BadJson;  // TAPE_ERROR, UNCLOSED_STRING, NUMBER_ERROR, ...
  }
}

void Conv::retry(std::string_view text, DecimalScale scale, Rounding mode, std::int64_t& out, DecimalError e) noexcept {
  if (mode == Rounding::Nearest && (e == DecimalError::TooPrecise || e == DecimalError::OffGrid)) {
    // The fast paths already failed on this text: go straight to the general parser.
    e = parse_decimal_general(text, scale, Rounding::Nearest, out);
    if (e == DecimalError::Ok) {
      ++rounded;
      return;
    }
  }
  status = DecodeStatus::BadDecimal;
  decimal = e;
}

DecodeStatus peek_text(od::object& o, std::string_view key, std::string_view& out) noexcept {
  out = {};
  od::value v;
  const simdjson::error_code e = o.find_field_unordered(key).get(v);
  if (e == simdjson::SUCCESS) {
    if (const DecodeStatus s = read_text(v, out); s != DecodeStatus::Ok) return s;
  } else if (e != simdjson::NO_SUCH_FIELD) {
    return map_error(e);
  }
  bool ignored = false;
  if (auto r = o.reset().get(ignored)) return map_error(r);
  return DecodeStatus::Ok;
}

namespace {

// Ring slots are reused: the whole slot is cleared so no field of an older event leaks
// into this one. Eight explicit 32-byte stores: GCC turns a 256-byte memset into
// `rep stosq`, whose start-up costs more than the stores themselves.
inline void clear_event(Event* ev) noexcept {
#if defined(__AVX__)
  static_assert(sizeof(Event) == 256, "clear_event writes exactly 8 x 32 bytes");
  const __m256i z = _mm256_setzero_si256();
  auto* p = reinterpret_cast<__m256i*>(ev);
  _mm256_storeu_si256(p + 0, z);
  _mm256_storeu_si256(p + 1, z);
  _mm256_storeu_si256(p + 2, z);
  _mm256_storeu_si256(p + 3, z);
  _mm256_storeu_si256(p + 4, z);
  _mm256_storeu_si256(p + 5, z);
  _mm256_storeu_si256(p + 6, z);
  _mm256_storeu_si256(p + 7, z);
#else
  std::memset(static_cast<void*>(ev), 0, sizeof(Event));
#endif
}

}  // namespace

Event* Ctx::emit(EventType type, SymbolId symbol, EpochMs venue_time_ms, std::uint8_t flags) noexcept {
  Event* ev = sink.slot(n);
  if (!ev) return nullptr;
  clear_event(ev);
  ev->h.type = type;
  ev->h.venue = kVenueId;
  ev->h.flags = flags;
  ev->h.conn_id = conn_id;
  ev->h.symbol = symbol;
  ev->h.rx_tsc = rx_tsc;
  ev->h.venue_time_ms = venue_time_ms;
  ++n;
  return ev;
}

DecodeStatus Ctx::take(const Conv& c) noexcept {
  if (c.rounded) DecodeStats::bump(stats.rounded_fields, c.rounded);
  if (c.status == DecodeStatus::BadDecimal) decimal = c.decimal;
  return c.status;
}

}  // namespace xtb::binance::detail
