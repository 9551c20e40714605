// decode_fields.cpp — see decode_fields.hpp.
#include "venue/backpack/decode_fields.hpp"

#include <charconv>
#include <cstring>

#include "venue/backpack/venue_id.hpp"

namespace xtb::backpack::detail {
namespace {

DecodeStatus map_error(simdjson::error_code e) noexcept {
  switch (e) {
    case simdjson::INCORRECT_TYPE: case simdjson::NUMBER_ERROR: return DecodeStatus::WrongType;
    case simdjson::NO_SUCH_FIELD: return DecodeStatus::MissingField;
    default: return DecodeStatus::BadJson;
  }
}

// A scalar's raw token → Scalar (strings lose their quotes; trailing whitespace dropped).
DecodeStatus scalar_of(od::value& v, Scalar& out) noexcept {
  od::json_type t;
  if (auto e = v.type().get(t)) return map_error(e);
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
    raw.remove_suffix(1);
  switch (t) {
    case od::json_type::string: {
      const std::size_t close = raw.rfind('"');
      if (raw.size() < 2 || close == 0 || close == std::string_view::npos) return DecodeStatus::BadJson;
      out = {raw.substr(1, close - 1), JsonKind::String};
      return DecodeStatus::Ok;
    }
    case od::json_type::number: out = {raw, JsonKind::Number}; return DecodeStatus::Ok;
    case od::json_type::boolean:
      if (raw != "true" && raw != "false") return DecodeStatus::BadJson;
      out = {raw, JsonKind::Bool};
      return DecodeStatus::Ok;
    case od::json_type::null:
      if (raw != "null") return DecodeStatus::BadJson;
      out = {raw, JsonKind::Null};
      return DecodeStatus::Ok;
    default: return DecodeStatus::WrongType;
  }
}

// [[px, qty], ...] → views appended to the scratch.
DecodeStatus scan_levels(od::value& v, LevelScratch& lv, bool bids) noexcept {
  od::array arr;
  if (auto e = v.get_array().get(arr)) return map_error(e);
  if (bids ? lv.bids_seen : lv.asks_seen) return DecodeStatus::Unsupported;  // duplicate key
  std::size_t& count = bids ? lv.n_bids : lv.n_asks;
  RawLevel* side = bids ? lv.data : lv.data + lv.cap / 2;
  for (auto item : arr) {
    od::array pair;
    if (auto e = item.get_array().get(pair)) return map_error(e);
    RawLevel l;
    int k = 0;
    for (auto x : pair) {
      od::value xv;
      if (auto e = x.get(xv)) return map_error(e);
      Scalar s;
      if (const DecodeStatus st = scalar_of(xv, s); st != DecodeStatus::Ok) return st;
      if (s.kind != JsonKind::String) return DecodeStatus::WrongType;
      if (k == 0) l.px = s.text;
      else if (k == 1) l.qty = s.text;
      ++k;
    }
    if (k != 2) return DecodeStatus::WrongType;
    if (count >= lv.cap / 2) return DecodeStatus::TooLarge;
    side[count++] = l;
  }
  (bids ? lv.bids_seen : lv.asks_seen) = true;
  return DecodeStatus::Ok;
}

}  // namespace

DecodeStatus scan_object(od::object& o, FieldMap& fm, LevelScratch* lv) noexcept {
  for (auto field : o) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return map_error(e);
    od::value v;
    if (auto e = field.value().get(v)) return map_error(e);
    od::json_type t;
    if (auto e = v.type().get(t)) return map_error(e);
    if (t == od::json_type::array) {
      const bool bids = key == "b" || key == "bids";
      if (lv != nullptr && (bids || key == "a" || key == "asks")) {
        if (const DecodeStatus s = scan_levels(v, *lv, bids); s != DecodeStatus::Ok) return s;
      }
      if (fm.n < FieldMap::kMax) fm.keys[fm.n] = key, fm.vals[fm.n++] = {{}, JsonKind::Array};
      continue;
    }
    if (t == od::json_type::object) {
      if (fm.n < FieldMap::kMax) fm.keys[fm.n] = key, fm.vals[fm.n++] = {{}, JsonKind::Object};
      continue;
    }
    Scalar s;
    if (const DecodeStatus st = scalar_of(v, s); st != DecodeStatus::Ok) return st;
    if (fm.n >= FieldMap::kMax) return DecodeStatus::Unsupported;
    fm.keys[fm.n] = key;
    fm.vals[fm.n++] = s;
  }
  return DecodeStatus::Ok;
}

Event* Ctx::next(EventType type, SymbolId sym, EpochMs venue_ms) noexcept {
  Event* e = sink.slot(n);
  if (e == nullptr) return nullptr;
  ++n;
  std::memset(static_cast<void*>(e), 0, sizeof(Event));
  e->h.type = type;
  e->h.venue = kVenueId;
  e->h.conn_id = conn;
  e->h.symbol = sym;
  e->h.rx_tsc = rx;
  e->h.venue_time_ms = venue_ms;
  return e;
}

SymbolId find_symbol(const Ctx& c, Scalar s) noexcept {
  if (s.kind != JsonKind::String) return kNoSymbol;
  return c.symbols.find(kVenueId, s.text);
}

DecodeStatus u64_of(Scalar s, std::uint64_t& out) noexcept {
  if (s.kind == JsonKind::Absent) return DecodeStatus::MissingField;
  if (s.kind != JsonKind::String && s.kind != JsonKind::Number) return DecodeStatus::WrongType;
  const char* end = s.text.data() + s.text.size();
  const auto r = std::from_chars(s.text.data(), end, out);
  if (s.text.empty() || r.ec != std::errc{} || r.ptr != end) return DecodeStatus::WrongType;
  return DecodeStatus::Ok;
}

DecodeStatus us_to_ms(Scalar s, EpochMs& out) noexcept {
  if (s.null_or_absent()) {
    out = 0;
    return DecodeStatus::Ok;
  }
  std::uint64_t us = 0;
  if (const DecodeStatus st = u64_of(s, us); st != DecodeStatus::Ok) return st;
  out = static_cast<EpochMs>(us / 1000);
  return DecodeStatus::Ok;
}

DecodeStatus bool_of(Scalar s, bool& out) noexcept {
  if (s.null_or_absent()) {
    out = false;
    return DecodeStatus::Ok;
  }
  if (s.kind != JsonKind::Bool) return DecodeStatus::WrongType;
  out = s.text == "true";
  return DecodeStatus::Ok;
}

DecodeStatus dec_of(Ctx& c, Scalar s, DecimalScale scale, Rounding mode, std::int64_t& out, bool required) noexcept {
  if (s.null_or_absent()) {
    out = 0;
    return required ? DecodeStatus::MissingField : DecodeStatus::Ok;
  }
  if (s.kind != JsonKind::String && s.kind != JsonKind::Number) return DecodeStatus::WrongType;
  const DecimalError e = parse_decimal_padded(s.text, scale, mode, out);
  if (e == DecimalError::Ok) return DecodeStatus::Ok;
  if (c.decimal == DecimalError::Ok) c.decimal = e;
  return DecodeStatus::BadDecimal;
}

DecodeStatus text_of(Scalar s, std::string_view& out) noexcept {
  if (s.kind == JsonKind::Absent) return DecodeStatus::MissingField;
  if (s.kind != JsonKind::String) return DecodeStatus::WrongType;
  out = s.text;
  return DecodeStatus::Ok;
}

}  // namespace xtb::backpack::detail
