// request_params.cpp — see request_params.hpp.
#include "venue/backpack/sim/request_params.hpp"

#include <cstring>

namespace xtb::sim::backpack_sim {
namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

RequestParams::RequestParams() : parser_(kMaxBody), padded_(new char[kMaxBody + simdjson::SIMDJSON_PADDING]) {}

RequestParams::Status RequestParams::add(std::string_view k, std::string_view v, bool quoted) noexcept {
  if (n_ == kMax) return Status::TooMany;
  p_[n_++] = backpack::Param{k, v, quoted};
  return Status::Ok;
}

RequestParams::Status RequestParams::parse(std::string_view query, std::string_view body) noexcept {
  n_ = 0;
  bad_key_ = {};
  if (query_.parse(query, {}) != server::QueryParams::Status::Ok) return Status::BadQuery;
  for (std::size_t i = 0; i < query_.size(); ++i)
    if (const Status s = add(query_.name(i), query_.value(i), false); s != Status::Ok) return s;
  std::size_t first = 0;
  while (first < body.size() && (body[first] == ' ' || body[first] == '\n' || body[first] == '\r')) ++first;
  if (first == body.size()) return Status::Ok;
  return parse_body(body);
}

RequestParams::Status RequestParams::parse_body(std::string_view body) noexcept {
  if (body.size() > kMaxBody) return Status::BadJson;
  std::memcpy(padded_.get(), body.data(), body.size());
  std::memset(padded_.get() + body.size(), 0, simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::object obj;
  if (parser_.iterate(padded_.get(), body.size(), body.size() + simdjson::SIMDJSON_PADDING).get(doc_))
    return Status::BadJson;
  simdjson::ondemand::json_type t;
  if (doc_.type().get(t)) return Status::BadJson;
  if (t != simdjson::ondemand::json_type::object) return Status::NotObject;
  if (doc_.get_object().get(obj)) return Status::BadJson;
  for (auto field : obj) {
    std::string_view key, text;
    simdjson::ondemand::value v;
    if (field.unescaped_key().get(key) || field.value().get(v) || v.type().get(t)) return Status::BadJson;
    const bool str = t == simdjson::ondemand::json_type::string;
    if (str) {
      if (v.get_string().get(text)) return Status::BadJson;
    } else if (t == simdjson::ondemand::json_type::number || t == simdjson::ondemand::json_type::boolean) {
      text = trim(v.raw_json_token());
    } else {
      bad_key_ = key;
      return Status::BadValue;
    }
    if (const Status s = add(key, text, str); s != Status::Ok) return s;
  }
  return Status::Ok;
}

std::string_view RequestParams::get(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < n_; ++i)
    if (p_[i].key == key) return p_[i].value;
  return {};
}

bool RequestParams::has(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < n_; ++i)
    if (p_[i].key == key) return true;
  return false;
}

bool RequestParams::quoted(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < n_; ++i)
    if (p_[i].key == key) return p_[i].quoted;
  return false;
}

}  // namespace xtb::sim::backpack_sim
