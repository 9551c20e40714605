// session_listen_key.cpp — see session_listen_key.hpp.
#include "venue/binance/session_listen_key.hpp"

#include <cstring>

namespace xtb::binance {

ListenKeySession::Action ListenKeySession::next(std::int64_t now_ns) const noexcept {
  if (closed_ || in_flight_ || now_ns < retry_at_ns_) return {};
  if (closing_) return has_key() ? Action{true, ListenKeyOp::Close} : Action{};
  if (!has_key()) return {true, ListenKeyOp::Create};
  if (now_ns >= next_keepalive_ns_) return {true, ListenKeyOp::KeepAlive};
  return {};
}

void ListenKeySession::on_sent(ListenKeyOp op, std::int64_t /*now_ns*/) noexcept {
  in_flight_ = true;
  switch (op) {
    case ListenKeyOp::Create: ++stats_.creates; break;
    case ListenKeyOp::KeepAlive: ++stats_.keepalives; break;
    case ListenKeyOp::Close: ++stats_.closes; break;
  }
}

ListenKeySession::Outcome ListenKeySession::on_response(ListenKeyOp op, std::uint16_t http_status,
                                                        std::int32_t error_code, std::string_view key,
                                                        std::int64_t now_ns) noexcept {
  in_flight_ = false;
  if (op == ListenKeyOp::Close) {  // answered either way: the key is no longer ours to use
    key_len_ = 0;
    closed_ = true;
    return Outcome::Closed;
  }
  if (http_status >= 400 || error_code < 0) return failed(op, error_code == kInvalidListenKey, now_ns);
  retry_at_ns_ = INT64_MIN;
  next_keepalive_ns_ = now_ns + cfg_.keepalive_interval_ns;
  if (op == ListenKeyOp::Create && !is_valid_listen_key(key)) return failed(op, false, now_ns);
  // PUT answers {} or echo the key; an echoed different key replaces ours.
  if (key.empty() || key == this->key()) return Outcome::None;
  if (!store_key(key)) return failed(op, false, now_ns);
  return Outcome::NewKey;
}

ListenKeySession::Outcome ListenKeySession::on_transport_error(ListenKeyOp op, std::int64_t now_ns) noexcept {
  in_flight_ = false;
  if (op == ListenKeyOp::Close) {
    key_len_ = 0;
    closed_ = true;
    return Outcome::Closed;
  }
  return failed(op, false, now_ns);
}

ListenKeySession::Outcome ListenKeySession::on_expired(std::int64_t /*now_ns*/) noexcept {
  if (!has_key() || closing_) return Outcome::None;
  ++stats_.expirations;
  key_len_ = 0;
  retry_at_ns_ = INT64_MIN;  // POST a new key at once
  return Outcome::KeyLost;
}

ListenKeySession::Outcome ListenKeySession::failed(ListenKeyOp op, bool key_gone, std::int64_t now_ns) noexcept {
  ++stats_.failures;
  if (key_gone && has_key()) {
    key_len_ = 0;
    retry_at_ns_ = INT64_MIN;  // the old key is useless: create a new one now
    return Outcome::KeyLost;
  }
  retry_at_ns_ = now_ns + cfg_.retry_delay_ns;
  if (op == ListenKeyOp::KeepAlive) next_keepalive_ns_ = retry_at_ns_;
  return Outcome::None;
}

bool ListenKeySession::store_key(std::string_view key) noexcept {
  if (!is_valid_listen_key(key)) return false;
  std::memcpy(key_, key.data(), key.size());
  key_len_ = key.size();
  ++version_;
  ++stats_.new_keys;
  return true;
}

bool is_listen_key_expired(const std::uint8_t* data, std::size_t len) noexcept {
  static constexpr char kNeedle[] = "\"listenKeyExpired\"";
  return ::memmem(data, len, kNeedle, sizeof kNeedle - 1) != nullptr;
}

bool is_valid_listen_key(std::string_view key) noexcept {
  if (key.empty() || key.size() > kMaxListenKey) return false;
  for (char c : key) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) return false;
  }
  return true;
}

}  // namespace xtb::binance
