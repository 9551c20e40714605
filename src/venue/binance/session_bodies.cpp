// session_bodies.cpp — see session_bodies.hpp.
#include "venue/binance/session_bodies.hpp"

#include <new>

#include "venue/binance/decode_fields.hpp"

namespace xtb::binance {

namespace od = simdjson::ondemand;

SessionBodies::SessionBodies(std::size_t max_body)
    : max_body_(max_body), no_symbols_(1, 1), decoder_(no_symbols_, max_body), parser_(max_body) {
  if (parser_.allocate(max_body) != simdjson::SUCCESS) throw std::bad_alloc();
}

DecodeStatus SessionBodies::start(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                  od::document& doc) noexcept {
  if (len > max_body_) return DecodeStatus::TooLarge;  // never let simdjson reallocate
  if (capacity < len + simdjson::SIMDJSON_PADDING) return DecodeStatus::NoPadding;
  if (len == 0) return DecodeStatus::BadJson;
  if (auto e = parser_.iterate(bytes, len, capacity).get(doc)) return detail::map_error(e);
  return DecodeStatus::Ok;
}

DecodeStatus SessionBodies::listen_key(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                       std::string_view& key) noexcept {
  key = {};
  od::document doc;
  if (const DecodeStatus s = start(bytes, len, capacity, doc); s != DecodeStatus::Ok) return s;
  od::object o;
  if (auto e = doc.get_object().get(o)) return detail::map_error(e);
  od::value v;
  const simdjson::error_code e = o.find_field_unordered("listenKey").get(v);
  if (e == simdjson::NO_SUCH_FIELD) return DecodeStatus::Ok;  // PUT may answer {}
  if (e) return detail::map_error(e);
  // Keys are plain alphanumerics: the raw text between the quotes is the key.
  return detail::read_text(v, key);
}

DecodeStatus SessionBodies::error_code(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                       std::int32_t& code) noexcept {
  od::document doc;
  if (const DecodeStatus s = start(bytes, len, capacity, doc); s != DecodeStatus::Ok) return s;
  od::object o;
  if (auto e = doc.get_object().get(o)) return detail::map_error(e);
  od::value v;
  if (auto e = o.find_field_unordered("code").get(v)) {
    return e == simdjson::NO_SUCH_FIELD ? DecodeStatus::MissingField : detail::map_error(e);
  }
  std::int64_t c = 0;
  if (const DecodeStatus s = detail::read_i64(v, c); s != DecodeStatus::Ok) return s;
  if (c < INT32_MIN || c > INT32_MAX) return DecodeStatus::WrongType;
  code = static_cast<std::int32_t>(c);
  return DecodeStatus::Ok;
}

}  // namespace xtb::binance
