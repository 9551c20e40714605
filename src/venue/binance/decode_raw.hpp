// decode_raw.hpp — internal: a strict flat-object scanner over a frame's raw bytes, the
// fast path of the market-stream decoders (decode_frame.cpp). Not a public API.
//
// Why: a bookTicker is ~180 bytes; running simdjson's stage 1 over it and walking it
// with On-Demand costs ~4,000 instructions, most of it generic machinery. Binance's market
// streams are compact, flat, ASCII JSON, so the hot messages are scanned here directly
// and handed to the SAME field logic as the On-Demand path: the market decoders are
// templates over the object type (od::object or RawObject) and call the same
// read_text/read_u64/... names, overloaded below for RawValue.
//
// Contract (what makes the two paths interchangeable): the scanner accepts only a strict
// subset of JSON — frames of printable ASCII only (printable_ascii), no whitespace,
// strings without escapes, numbers in JSON grammar, true/false/null, and arrays/objects
// only where a decoder consumes them itself (depth levels, the combined-stream payload).
// Inside that subset a reader succeeds exactly when simdjson's accessor would, with the
// same value. Anything else, and every error a decoder reports, makes the caller discard
// the attempt and decode the frame with simdjson On-Demand, so results, errors and
// counters are those of the On-Demand path. The readers therefore return BadJson for
// "not here", never a final verdict. (Checked: every frame of both recorded captures and
// ~1.4 M random mutations of them give byte-identical events and statuses on both paths;
// tests/venue/decode_paths_test.cpp re-checks the captures and a seeded set of mutations
// on every test run, and bench/decode re-checks the real frames before timing.)
//
// Bounds: every scan stops at `end` (the frame's last byte + 1); vector and word reads
// go at most 31 bytes past it, inside the >= SIMDJSON_PADDING (64) bytes every frame
// carries (Decoder::decode_frame checks the capacity before taking this path).
// Threads: decode thread only. Nothing here allocates.
#pragma once
#include <cstdint>
#include <string_view>
#if defined(__AVX2__) || defined(__BMI2__)
#include <immintrin.h>
#endif

#include "venue/binance/decode_fields.hpp"

namespace xtb::binance::detail {

/// True when all `len` bytes at `p` are printable ASCII (0x20..0x7E). The fast path
/// accepts only such frames: they are valid UTF-8 (as simdjson requires) and hold no raw
/// control characters, so string scans only need to find '"' and '\\'. Reads whole
/// vectors, up to 31 bytes past `p + len` (inside the frame's padding).
inline bool printable_ascii(const char* p, std::size_t len) noexcept {
#if defined(__AVX2__)
  const __m256i lo = _mm256_set1_epi8(0x1F), del = _mm256_set1_epi8(0x7F);
  for (std::size_t i = 0; i < len; i += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    // As signed bytes 0x20..0x7E are > 0x1F and != 0x7F; 0x80..0xFF are negative.
    const auto ok = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_andnot_si256(_mm256_cmpeq_epi8(v, del), _mm256_cmpgt_epi8(v, lo))));
    const std::size_t left = len - i;
    const std::uint32_t need = left >= 32 ? ~0u : (1u << left) - 1;
    if ((ok & need) != need) return false;
  }
  return true;
#else
  for (std::size_t i = 0; i < len; ++i)
    if (static_cast<unsigned char>(p[i] - 0x20) > 0x5E) return false;
  return true;
#endif
}

/// One value of a RawObject field. Scalars are read completely by the scanner; arrays
/// and objects only by kind and first byte: a decoder that takes one sets `next` to the
/// byte after it (a container left alone ends the fast path).
/// Fields are valid per kind only (scan_value sets those): a RawValue lives for one field.
struct RawValue {
  enum class Kind : std::uint8_t { String, Integer, Number, True, False, Null, Array, Object };
  Kind kind;                ///< Integer: a JSON integer whose magnitude fits uint64
  bool negative;            ///< Integer: starts with '-'
  std::string_view text;    ///< String: body without quotes; Array/Object: first byte
  const char* next;         ///< byte after the value (nullptr: container not taken)
  std::uint64_t magnitude;  ///< Integer: |value|
};

/// A JSON object at `begin` (its '{') inside a frame ending at `end`.
struct RawObject {
  const char* begin;
  const char* end;
  const char* after = nullptr;  ///< byte after its '}' once for_each_field reached it
};

/// JSON number token (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?) at `p`; returns the
/// byte after it or nullptr.
inline const char* scan_number(const char* p, const char* end) noexcept {
  auto digit = [&](const char* q) { return q < end && static_cast<unsigned char>(*q - '0') < 10; };
  if (p < end && *p == '-') ++p;
  if (!digit(p)) return nullptr;
  if (*p == '0') ++p;
  else while (digit(p)) ++p;
  if (p < end && *p == '.') {
    if (!digit(++p)) return nullptr;
    while (digit(p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (!digit(p)) return nullptr;
    while (digit(p)) ++p;
  }
  return p;
}

/// Any JSON number, validated; Integer (with its magnitude) when it has no fraction or
/// exponent and fits uint64, else Number (no integer reader accepts it).
[[gnu::noinline]] inline bool scan_number_value(const char* p, const char* end, RawValue& v) noexcept {
  const char* e = scan_number(p, end);
  if (!e) return false;
  v.negative = *p == '-';
  v.next = e;
  v.kind = RawValue::Kind::Integer;
  std::uint64_t m = 0;
  for (const char* q = p + v.negative; q != e; ++q) {
    const auto d = static_cast<unsigned>(static_cast<unsigned char>(*q) - '0');
    if (d > 9 || __builtin_mul_overflow(m, 10u, &m) || __builtin_add_overflow(m, d, &m)) {
      v.kind = RawValue::Kind::Number;  // fraction, exponent or > UINT64_MAX
      break;
    }
  }
  v.magnitude = m;
  return true;
}

/// Reads the value starting at `p` into `v`. Integers of 1..15 digits (timestamps, ids)
/// take one SIMD step (leading_digits); other numbers go through scan_number_value.
[[gnu::always_inline]] inline bool scan_value(const char* p, const char* end, RawValue& v) noexcept {
  if (p >= end) return false;
  const char c = *p;
  if (c == '"') {
    const std::size_t n = plain_text_len(p + 1, end);
    if (n == kNoLen || p[n + 1] != '"') return false;  // escapes: On-Demand path
    v.kind = RawValue::Kind::String;
    v.text = {p + 1, n};
    v.next = p + n + 2;
    return true;
  }
#if defined(__SSE4_1__)
  if (static_cast<unsigned char>(c - '0') < 10 || c == '-') {
    const bool neg = c == '-';
    const char* const digits = p + neg;
    std::uint64_t mag = 0;
    const unsigned n = xtb::detail::leading_digits(digits, mag);
    const char* const after = digits + n;
    // 1..15 digits inside the frame, no leading zero, no fraction or exponent after them.
    if (n - 1 < 15 && after < end && !(n > 1 && *digits == '0') && *after != '.' && *after != 'e' && *after != 'E') {
      v.kind = RawValue::Kind::Integer;
      v.negative = neg;
      v.magnitude = mag;
      v.next = after;
      return true;
    }
    return scan_number_value(p, end, v);
  }
#endif
  auto literal = [&](std::string_view word, RawValue::Kind k) {
    if (static_cast<std::size_t>(end - p) < word.size() || std::string_view(p, word.size()) != word) return false;
    v.kind = k;
    v.next = p + word.size();
    return true;
  };
  switch (c) {
    case '[': v.kind = RawValue::Kind::Array; v.text = {p, 1}; v.next = nullptr; return true;
    case '{': v.kind = RawValue::Kind::Object; v.text = {p, 1}; v.next = nullptr; return true;
    case 't': return literal("true", RawValue::Kind::True);
    case 'f': return literal("false", RawValue::Kind::False);
    case 'n': return literal("null", RawValue::Kind::Null);
    default: return scan_number_value(p, end, v);
  }
}

/// Key text starting at `p` (after its opening quote) and its key_code, from one 8-byte
/// load for keys of up to 7 bytes; {nullptr, 0} when the key is not closed by a plain
/// '"' before `end` (escapes: On-Demand path).
inline Key raw_key(const char* p, const char* end) noexcept {
  const std::uint64_t w = load8(p);
  const std::uint64_t b = w ^ 0x5C5C5C5C5C5C5C5Cull;  // '\\'
  if (const std::uint64_t m = quote_bytes(w) | ((b - 0x0101010101010101ull) & ~b & 0x8080808080808080ull)) {
    const unsigned n = static_cast<unsigned>(__builtin_ctzll(m)) >> 3;  // 0..7
    if (p + n >= end || p[n] != '"') return {};
#if defined(__BMI2__)
    const std::uint64_t bytes = _bzhi_u64(w, 8 * n);  // the n key bytes
#else
    const std::uint64_t bytes = n ? (w & (~0ull >> (64 - 8 * n))) : 0;
#endif
    return {{p, n}, bytes | (static_cast<std::uint64_t>(n) << 56)};
  }
  const std::size_t n = plain_text_len(p, end);
  if (n == kNoLen || p[n] != '"') return {};
  return {{p, n}, 0};  // longer than 7 bytes: key_code 0, matched by text
}

/// Calls `on_field(code, key, value)` for every field of `o` in order (same signature as
/// the od::object overload). BadJson when the bytes leave the accepted subset or a
/// container value was not consumed by `on_field`; otherwise the first non-Ok status of
/// `on_field`, or Ok with `o.after` set.
template <class F>
inline DecodeStatus for_each_field(RawObject& o, F&& on_field) noexcept {
  const char* p = o.begin + 1;
  const char* const end = o.end;
  if (p < end && *p == '}') {
    o.after = p + 1;
    return DecodeStatus::Ok;
  }
  for (;;) {
    if (p >= end || *p != '"') return DecodeStatus::BadJson;
    const Key key = raw_key(p + 1, end);
    if (key.text.data() == nullptr) return DecodeStatus::BadJson;
    p += key.text.size() + 2;
    if (p >= end || *p != ':') return DecodeStatus::BadJson;
    RawValue v;
    if (!scan_value(p + 1, end, v)) [[unlikely]] return DecodeStatus::BadJson;
    if (const DecodeStatus s = on_field(key.code, key.text, v); s != DecodeStatus::Ok) return s;
    p = v.next;
    if (!p || p >= end) return DecodeStatus::BadJson;  // container left unread, or no '}'
    if (*p == '}') {
      o.after = p + 1;
      return DecodeStatus::Ok;
    }
    if (*p++ != ',') return DecodeStatus::BadJson;
  }
}

// ---- readers: same names and results as the od::value ones in decode_fields.hpp ----

inline DecodeStatus read_text(RawValue& v, std::string_view& out) noexcept {
  if (v.kind != RawValue::Kind::String) return DecodeStatus::BadJson;
  out = v.text;
  return DecodeStatus::Ok;
}
inline DecodeStatus read_text_or_null(RawValue& v, std::string_view& out) noexcept {
  if (v.kind == RawValue::Kind::Null) {
    out = {};
    return DecodeStatus::Ok;
  }
  return read_text(v, out);
}
inline DecodeStatus read_u64(RawValue& v, std::uint64_t& out) noexcept {
  if (v.kind != RawValue::Kind::Integer || v.negative) return DecodeStatus::BadJson;
  out = v.magnitude;
  return DecodeStatus::Ok;
}
inline DecodeStatus read_i64(RawValue& v, std::int64_t& out) noexcept {
  // Magnitudes up to INT64_MAX only (simdjson also takes -2^63; that one falls back).
  if (v.kind != RawValue::Kind::Integer || v.magnitude > 0x7FFF'FFFF'FFFF'FFFFull) return DecodeStatus::BadJson;
  out = v.negative ? -static_cast<std::int64_t>(v.magnitude) : static_cast<std::int64_t>(v.magnitude);
  return DecodeStatus::Ok;
}
inline DecodeStatus read_i64_or_null(RawValue& v, std::int64_t& out) noexcept {
  if (v.kind == RawValue::Kind::Null) {
    out = 0;
    return DecodeStatus::Ok;
  }
  return read_i64(v, out);
}
inline DecodeStatus read_bool(RawValue& v, bool& out) noexcept {
  if (v.kind != RawValue::Kind::True && v.kind != RawValue::Kind::False) return DecodeStatus::BadJson;
  out = v.kind == RawValue::Kind::True;
  return DecodeStatus::Ok;
}

/// Finds string field `key` in `o` (as peek_text does for od::object; `o` is not
/// consumed). Stops with BadJson at a container before the key (the caller falls back).
inline DecodeStatus peek_text(RawObject& o, std::string_view key, std::string_view& out) noexcept {
  out = {};
  RawObject copy = o;
  const DecodeStatus s = for_each_field(copy, [&](std::uint64_t, std::string_view k, RawValue& v) {
    if (k != key) return DecodeStatus::Ok;
    const DecodeStatus r = read_text(v, out);
    return r == DecodeStatus::Ok ? DecodeStatus::Ignored : r;  // Ignored: found, stop here
  });
  return s == DecodeStatus::Ignored ? DecodeStatus::Ok : s;
}

}  // namespace xtb::binance::detail
