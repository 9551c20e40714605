// decode_fields.hpp — internal helpers shared by the Binance decoders (not a public API):
// field-key matching, reading JSON values as raw text/integers/bools through simdjson
// On-Demand, fixed-point conversion with first-error capture, and the per-frame decode
// context that hands out Event slots.
//
// Pattern used by every decoder: one forward pass over an object's fields (any order),
// stashing numeric strings as views into the input buffer, then a conversion step once
// the symbol (and therefore its tick/step grid) is known. Views stay valid for the whole
// decode call because they point into the caller's frame buffer.
//
// Binance keys and numeric strings never contain JSON escapes, so raw text between the
// quotes is used as is (an escaped key merely fails to match and is ignored).
// Threads: decode thread only. Nothing here allocates.
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <bit>
#include <utility>

#include "venue/binance/venue_id.hpp"
#include "core/event.hpp"
#include "market/decimal.hpp"
#include "market/symbol_table.hpp"
#include "venue/binance/decode_types.hpp"

namespace xtb::binance::detail {

namespace od = simdjson::ondemand;
static_assert(std::endian::native == std::endian::little, "key packing assumes little-endian loads");

/// Packs a key of up to 7 bytes plus its length into one integer for `switch`; longer
/// keys map to 0 (never equal to a packed short key).
constexpr std::uint64_t key_code(std::string_view k) noexcept {
  if (k.size() > 7) return 0;
  std::uint64_t c = static_cast<std::uint64_t>(k.size()) << 56;
  for (std::size_t i = 0; i < k.size(); ++i) c |= static_cast<std::uint64_t>(static_cast<unsigned char>(k[i])) << (8 * i);
  return c;
}
consteval std::uint64_t operator""_k(const char* s, std::size_t n) noexcept { return key_code({s, n}); }

/// Bit mask with the high bit set in every byte of `w` that equals '"' (SWAR; only the
/// lowest set bit is exact, which is all callers use).
inline std::uint64_t quote_bytes(std::uint64_t w) noexcept {
  const std::uint64_t x = w ^ 0x2222222222222222ull;
  return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}
inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

/// Text up to the closing quote of a string whose content starts at `p`. Reads 8 bytes
/// at a time: the input is padded (>= SIMDJSON_PADDING bytes after the document) and
/// stage 1 has verified that every string is closed, so the reads stay in the buffer.
inline std::string_view raw_text(const char* p) noexcept {
  for (std::size_t n = 0;; n += 8)
    if (const std::uint64_t m = quote_bytes(load8(p + n))) return {p, n + (static_cast<std::size_t>(__builtin_ctzll(m)) >> 3)};
}

/// "No length": a scan found no valid end.
inline constexpr std::size_t kNoLen = ~std::size_t{0};

/// Length of the text starting at `p` up to the first '"' or '\\' before `end`, or
/// kNoLen (SWAR, 8 bytes at a time; reads at most 7 bytes past `end`, inside the frame's
/// padding). Used by the scans that walk raw JSON themselves: stopping at a backslash
/// lets them give up on escaped strings, so every quote they do stop at is a real string
/// delimiter and they cannot lose their place.
inline std::size_t plain_text_len(const char* p, const char* end) noexcept {
  const auto avail = static_cast<std::size_t>(end - p);
  for (std::size_t n = 0; n < avail; n += 8) {
    const std::uint64_t w = load8(p + n);
    const std::uint64_t b = w ^ 0x5C5C5C5C5C5C5C5Cull;  // '\\'
    const std::uint64_t bs = (b - 0x0101010101010101ull) & ~b & 0x8080808080808080ull;
    // The lowest set bit of each mask is exact, so the lowest bit of their union is too.
    if (const std::uint64_t m = quote_bytes(w) | bs) {
      const std::size_t k = n + (static_cast<std::size_t>(__builtin_ctzll(m)) >> 3);
      return k < avail ? k : kNoLen;
    }
  }
  return kNoLen;
}

/// A field key: its text and key_code(text), computed from one 8-byte load for keys of up
/// to 7 bytes (all Binance stream keys).
struct Key {
  std::string_view text;
  std::uint64_t code;
};
inline Key key_of(od::field& f) noexcept {
  const char* p = f.key().raw();
  const std::uint64_t w = load8(p);
  if (const std::uint64_t m = quote_bytes(w)) {
    const unsigned n = static_cast<unsigned>(__builtin_ctzll(m)) >> 3;  // 0..7
    const std::uint64_t bytes = n ? (w & (~0ull >> (64 - 8 * n))) : 0;
    return {{p, n}, bytes | (static_cast<std::uint64_t>(n) << 56)};
  }
  return {raw_text(p), 0};
}

DecodeStatus map_error(simdjson::error_code e) noexcept;

/// String value as raw text.
inline DecodeStatus read_text(od::value& v, std::string_view& out) noexcept {
  od::raw_json_string r;
  if (auto e = v.get_raw_json_string().get(r)) return map_error(e);
  out = raw_text(r.raw());
  return DecodeStatus::Ok;
}
/// String value as raw text, JSON null → empty view.
inline DecodeStatus read_text_or_null(od::value& v, std::string_view& out) noexcept {
  bool is_null = false;
  if (auto e = v.is_null().get(is_null)) return map_error(e);
  if (is_null) { out = {}; return DecodeStatus::Ok; }
  return read_text(v, out);
}
inline DecodeStatus read_u64(od::value& v, std::uint64_t& out) noexcept {
  if (auto e = v.get_uint64().get(out)) return map_error(e);
  return DecodeStatus::Ok;
}
inline DecodeStatus read_i64(od::value& v, std::int64_t& out) noexcept {
  if (auto e = v.get_int64().get(out)) return map_error(e);
  return DecodeStatus::Ok;
}
/// Integer value, JSON null → 0.
inline DecodeStatus read_i64_or_null(od::value& v, std::int64_t& out) noexcept {
  bool is_null = false;
  if (auto e = v.is_null().get(is_null)) return map_error(e);
  if (is_null) { out = 0; return DecodeStatus::Ok; }
  return read_i64(v, out);
}
inline DecodeStatus read_bool(od::value& v, bool& out) noexcept {
  if (auto e = v.get_bool().get(out)) return map_error(e);
  return DecodeStatus::Ok;
}

/// ClientOrderId::assign without the memcpy(dst, nullptr, 0) that an absent (empty) id
/// would cause (undefined behaviour caught by UBSan); an empty id leaves `id` as is.
inline void assign_id(ClientOrderId& id, std::string_view s) noexcept {
  if (!s.empty()) id.assign(s);
}

/// First-error-wins converter from stashed decimal text to fixed point. Empty text (an
/// absent or null optional field) converts to 0 when `optional` is set. Every text must
/// point into the frame being decoded (parse_decimal_padded reads ahead).
struct Conv {
  DecodeStatus status = DecodeStatus::Ok;
  DecimalError decimal = DecimalError::Ok;
  std::uint32_t rounded = 0;  ///< Nearest conversions that actually lost digits

  void num(std::string_view text, DecimalScale scale, Rounding mode, std::int64_t& out, bool optional) noexcept {
    if (status != DecodeStatus::Ok) return;
    if (text.empty()) {
      if (optional) out = 0;
      else status = DecodeStatus::MissingField;  // absent, null or "" where a value is required
      return;
    }
    // Texts are views into the decoder's padded input (>= SIMDJSON_PADDING readable bytes
    // after the document), which is what parse_decimal_padded needs. Exact first: a value
    // on the grid (all market data) is done here; only Nearest fields that really need
    // rounding take the out-of-line retry (counted in `rounded`).
    const DecimalError e = parse_decimal_padded(text, scale, Rounding::Exact, out);
    if (e != DecimalError::Ok) [[unlikely]] retry(text, scale, mode, out, e);
  }
  /// Slow path of num(): Nearest rounding of an off-grid value, or the error.
  void retry(std::string_view text, DecimalScale scale, Rounding mode, std::int64_t& out, DecimalError e) noexcept;
  void price(const SymbolRules& r, std::string_view t, Price& out, bool optional = false) noexcept {
    num(t, r.price, Rounding::Exact, out, optional);
  }
  /// Reference prices (averages, index, entry, break-even): rounded to the tick grid.
  void ref_price(const SymbolRules& r, std::string_view t, Price& out) noexcept {
    num(t, r.price, Rounding::Nearest, out, true);
  }
  void qty(const SymbolRules& r, std::string_view t, Qty& out, bool optional = false) noexcept {
    num(t, r.qty, Rounding::Exact, out, optional);
  }
  /// Amounts (balances, PnL, fees): 1e-8 units, extra digits rounded.
  void amount(std::string_view t, Amount& out, bool optional = true) noexcept {
    num(t, kAmountDecimalScale, Rounding::Nearest, out, optional);
  }
  void fail(DecodeStatus s) noexcept {
    if (status == DecodeStatus::Ok) status = s;
  }
  bool ok() const noexcept { return status == DecodeStatus::Ok; }
};

/// Calls `on_field(code, key, value)` for every field of `o` in document order, where
/// code = key_code(key). Stops at the first non-Ok status (returned) or JSON error.
template <class F>
inline DecodeStatus for_each_field(od::object& o, F&& on_field) noexcept {
  for (auto fr : o) {
    od::field f;
    if (auto e = std::move(fr).get(f)) return map_error(e);
    const Key key = key_of(f);
    if (const DecodeStatus s = on_field(key.code, key.text, f.value()); s != DecodeStatus::Ok) return s;
  }
  return DecodeStatus::Ok;
}

/// Calls `on_item(value)` for every element of array `v`.
template <class F>
inline DecodeStatus for_each_item(od::value& v, F&& on_item) noexcept {
  od::array arr;
  if (auto e = v.get_array().get(arr)) return map_error(e);
  for (auto ir : arr) {
    od::value item;
    if (auto e = std::move(ir).get(item)) return map_error(e);
    if (const DecodeStatus s = on_item(item); s != DecodeStatus::Ok) return s;
  }
  return DecodeStatus::Ok;
}

/// Finds string field `key` anywhere in `o` and rewinds `o` to its first field, so a
/// decoder can learn e.g. the symbol before converting fields that depend on it.
/// Absent field → empty view and Ok.
DecodeStatus peek_text(od::object& o, std::string_view key, std::string_view& out) noexcept;

/// Per-frame state: where events go, which symbols exist, counters.
struct Ctx {
  const SymbolTable& symbols;
  EventSink& sink;
  DecodeStats& stats;
  TscTicks rx_tsc = 0;
  std::uint16_t conn_id = 0;
  std::uint32_t n = 0;  ///< events produced so far in this frame
  MsgKind kind = MsgKind::None;
  DecimalError decimal = DecimalError::Ok;
  std::string_view expect_event{};  ///< set when the stream name chose the decoder
  const char* end = nullptr;        ///< one past the frame's last byte (raw scans stop here)

  /// For the "e" field: Unsupported when it contradicts the stream name's event type
  /// (`V` = od::value or RawValue, decode_raw.hpp).
  template <class V>
  DecodeStatus check_event(V& v) const noexcept {
    if (expect_event.empty()) return DecodeStatus::Ok;
    std::string_view e;
    const DecodeStatus s = read_text(v, e);
    return s != DecodeStatus::Ok ? s : e == expect_event ? DecodeStatus::Ok : DecodeStatus::Unsupported;
  }

  /// Next slot with its header filled (type, venue, symbol, rx time); nullptr → SinkFull.
  Event* emit(EventType type, SymbolId symbol, EpochMs venue_time_ms, std::uint8_t flags = 0) noexcept;
  /// Rules of `name` or nullptr (unknown symbol).
  const SymbolRules* rules(std::string_view name) const noexcept {
    const SymbolId id = symbols.find(kVenueId, name);
    return id == kNoSymbol ? nullptr : &symbols.rules(id);
  }
  /// Records a failed Conv's detail and returns its status.
  DecodeStatus take(const Conv& c) noexcept;
};

}  // namespace xtb::binance::detail
