// user_stream.cpp — see user_stream.hpp.
#include "venue/binance/sim/user_stream.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "venue/binance/sim/json_encode.hpp"

namespace xtb::sim::binance_usdm {
namespace {

// 64 alphanumeric characters, like the venue's keys.
std::string make_key() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char raw[64];
  if (RAND_bytes(raw, sizeof raw) != 1)
    for (std::size_t i = 0; i < sizeof raw; ++i) raw[i] = static_cast<unsigned char>(i * 37 + 11);
  std::string k(64, 'A');
  for (std::size_t i = 0; i < 64; ++i) k[i] = kAlphabet[raw[i] % 62];
  return k;
}

}  // namespace

UserStream::UserStream(const SymbolTable& symbols, std::string asset, FaultInjector& faults, MarkPriceSink& marks,
                       std::int64_t validity_ms, std::size_t max_sinks)
    : symbols_(symbols),
      asset_(std::move(asset)),
      faults_(faults),
      marks_(marks),
      validity_ms_(validity_ms),
      buf_(new char[kBufBytes]),
      held_(new char[kBufBytes]) {
  sinks_.reserve(max_sinks);
}

std::string_view UserStream::create(EpochMs now) {
  if (!active_ || now >= expires_ms_) {
    if (active_) close_streams(now, true);
    key_ = make_key();
    active_ = true;
  }
  expires_ms_ = now + validity_ms_;
  return key_;
}

bool UserStream::keepalive(EpochMs now) noexcept {
  if (!valid(key_, now)) return false;
  expires_ms_ = now + validity_ms_;
  return true;
}

bool UserStream::remove(EpochMs now) noexcept {
  if (!valid(key_, now)) return false;
  close_streams(now, false);
  return true;
}

bool UserStream::valid(std::string_view key, EpochMs now) const noexcept {
  return active_ && now < expires_ms_ && !key.empty() && key == key_;
}

bool UserStream::bind(UserStreamSink* s) noexcept {
  if (sinks_.size() == sinks_.capacity()) return false;
  sinks_.push_back(s);
  return true;
}

void UserStream::unbind(UserStreamSink* s) noexcept {
  const auto it = std::find(sinks_.begin(), sinks_.end(), s);
  if (it != sinks_.end()) sinks_.erase(it);
}

void UserStream::tick(EpochMs now) noexcept {
  if (held_len_ > 0 && now - held_since_ >= 1000) flush_held();
  if (active_ && now >= expires_ms_) close_streams(now, true);
}

void UserStream::expire_now(EpochMs now) noexcept {
  if (!active_) {
    std::fprintf(stderr, "fault: expire_listen_key (no active key)\n");
    return;
  }
  std::fprintf(stderr, "fault: expire_listen_key key=%.8s... streams=%zu\n", key_.c_str(), sinks_.size());
  close_streams(now, true);
}

void UserStream::close_streams(EpochMs now, bool expired) noexcept {
  flush_held();
  if (expired) {
    const int n = std::snprintf(buf_.get(), kBufBytes, "{\"e\":\"listenKeyExpired\",\"E\":%lld,\"listenKey\":\"%s\"}",
                                static_cast<long long>(now), key_.c_str());
    send_all(std::string_view(buf_.get(), static_cast<std::size_t>(n)));
  }
  active_ = false;
  expires_ms_ = 0;
  // Sinks close asynchronously (the server reaps them), so the list stays intact here.
  for (UserStreamSink* s : sinks_) s->on_user_stream_closed();
  sinks_.clear();
}

void UserStream::send_all(std::string_view json) noexcept {
  for (UserStreamSink* s : sinks_) s->on_user_event(json);
  ++sent_;
}

void UserStream::flush_held() noexcept {
  if (held_len_ == 0) return;
  const std::size_t n = held_len_;
  held_len_ = 0;
  send_all(std::string_view(held_.get(), n));
}

void UserStream::deliver(std::size_t len, EpochMs event_ms) noexcept {
  if (len == 0) return;
  const std::string_view json(buf_.get(), len);
  switch (faults_.on_user_event(event_ms)) {
    case EventFault::Drop:
      ++dropped_;
      return;
    case EventFault::Duplicate:
      send_all(json);
      send_all(json);
      break;
    case EventFault::Reorder:
      if (held_len_ > 0) flush_held();
      std::memcpy(held_.get(), json.data(), len);
      held_len_ = len;
      held_since_ = event_ms;
      return;  // goes out after the next event
    case EventFault::None:
      send_all(json);
      break;
  }
  flush_held();
}

void UserStream::on_order_update(const OrderUpdateReport& r) noexcept {
  deliver(encode_order_trade_update(r, symbols_, asset_, buf_.get(), kBufBytes), r.event_ms);
}

void UserStream::on_account_update(const AccountUpdateReport& r) noexcept {
  deliver(encode_account_update(r, symbols_, buf_.get(), kBufBytes), r.event_ms);
}

void UserStream::on_algo_update(const AlgoUpdateReport& r) noexcept {
  deliver(encode_algo_update(r, symbols_, buf_.get(), kBufBytes), r.event_ms);
}

void UserStream::on_mark_price(const MarkPriceReport& r) noexcept {
  char mark[1024];
  const std::size_t n = encode_mark_price_update(r, symbols_, mark, sizeof mark);
  if (n > 0) marks_.on_mark(r, std::string_view(mark, n));
}

}  // namespace xtb::sim::binance_usdm
