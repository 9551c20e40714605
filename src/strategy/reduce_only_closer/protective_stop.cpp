// protective_stop.cpp — protective stop decisions and its client order id scheme.
#include "strategy/reduce_only_closer/protective_stop.hpp"

#include <cstring>

#include "strategy/reduce_only_closer/liquidation_risk.hpp"

namespace xtb::strategy {
namespace {

constexpr std::size_t kMaxSeqDigits = 9;  // kMaxSeq = 999'999'999

bool valid_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == ':' || c == '/' || c == '_';
}

}  // namespace

bool ProtectiveStop::configure(std::string_view prefix, std::string_view symbol, PositionSide side,
                               std::uint64_t first_seq) noexcept {
  const std::size_t len = prefix.size() + 5 + symbol.size() + 1;  // "<p>-ps.L.<sym>-"
  if (prefix.empty() || symbol.empty() || len + kMaxSeqDigits > ClientOrderId::kMax) return false;
  for (char c : prefix) if (!valid_name_char(c)) return false;
  for (char c : symbol) if (!valid_name_char(c)) return false;
  char* p = head_;
  std::memcpy(p, prefix.data(), prefix.size());
  p += prefix.size();
  std::memcpy(p, "-ps.", 4);
  p += 4;
  *p++ = side == PositionSide::Short ? 'S' : 'L';
  *p++ = '.';
  std::memcpy(p, symbol.data(), symbol.size());
  p += symbol.size();
  *p++ = '-';
  head_len_ = static_cast<std::uint8_t>(p - head_);
  side_ = side;
  next_seq_ = first_seq >= 1 && first_seq <= kMaxSeq ? first_seq : 1;
  return true;
}

void ProtectiveStop::next_id(ClientOrderId& out) const noexcept {
  std::memcpy(out.data, head_, head_len_);
  char digits[kMaxSeqDigits];
  std::size_t n = 0;
  std::uint64_t v = next_seq_;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && n < kMaxSeqDigits);
  for (std::size_t i = 0; i < n; ++i) out.data[head_len_ + i] = digits[n - 1 - i];
  out.len = static_cast<std::uint8_t>(head_len_ + n);
}

std::uint64_t ProtectiveStop::seq_of(std::string_view id) const noexcept {
  if (head_len_ == 0 || id.size() <= head_len_ || id.size() > head_len_ + kMaxSeqDigits) return 0;
  if (std::memcmp(id.data(), head_, head_len_) != 0) return 0;
  std::uint64_t v = 0;
  for (std::size_t i = head_len_; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    v = v * 10 + static_cast<std::uint64_t>(id[i] - '0');
  }
  return v;
}

bool ProtectiveStop::should_replace(const ProtectiveStopParams& p, Price desired_px,
                                    std::int64_t now_ns) const noexcept {
  if (desired_px <= 0 || desired_px == px_ || px_ <= 0) return false;
  const bool tighter = side_ == PositionSide::Short ? desired_px < px_ : desired_px > px_;
  if (tighter) return true;
  const Price move = desired_px > px_ ? desired_px - px_ : px_ - desired_px;
  __extension__ typedef __int128 i128;
  const bool big_enough = static_cast<i128>(move) * kRatioOne >= static_cast<i128>(p.liq_improve_threshold_e8) * px_;
  return big_enough && now_ns - changed_ns_ >= p.loosen_cooldown_ms * 1'000'000;
}

StopAction ProtectiveStop::decide(const ProtectiveStopParams& p, bool want, Price desired_px,
                                  Price mark_px, std::int64_t now_ns) noexcept {
  switch (state_) {
    case StopState::None:
      if (!want || desired_px <= 0 || now_ns < retry_at_ns_) return StopAction::Nothing;
      if (external_ && !recheck_) return StopAction::Nothing;  // already protected (-4130)
      if (stop_would_trigger(side_, desired_px, mark_px)) {
        ++would_trigger_;
        return StopAction::Nothing;
      }
      return StopAction::Place;
    case StopState::Placing:
      return want ? StopAction::Nothing : StopAction::Cancel;
    case StopState::Active:
      if (!want) return StopAction::Cancel;
      if (should_replace(p, desired_px, now_ns) && !stop_would_trigger(side_, desired_px, mark_px))
        return StopAction::Cancel;  // the replacement is placed once this one is gone
      return StopAction::Nothing;
    case StopState::Canceling:
      return StopAction::Nothing;
  }
  return StopAction::Nothing;
}

void ProtectiveStop::on_place_sent(const ClientOrderId& id, Price px, std::int64_t now_ns) noexcept {
  id_ = id;
  px_ = px;
  state_ = StopState::Placing;
  changed_ns_ = now_ns;
  recheck_ = false;
  if (next_seq_ < kMaxSeq) ++next_seq_;
}

void ProtectiveStop::on_place_refused(std::int64_t now_ns, std::int64_t retry_ns, bool duplicate_id) noexcept {
  if (duplicate_id && next_seq_ < kMaxSeq) {
    ++next_seq_;  // that id exists (e.g. a terminal stop of an earlier process): never retry it
    retry_at_ns_ = now_ns;
    return;
  }
  retry_at_ns_ = now_ns + retry_ns;
}

void ProtectiveStop::on_open() noexcept {
  if (state_ != StopState::Placing) return;
  state_ = StopState::Active;
  external_ = recheck_ = false;  // ours protects the side now
}

void ProtectiveStop::on_cancel_sent(std::int64_t now_ns) noexcept {
  if (state_ == StopState::Placing || state_ == StopState::Active) {
    state_ = StopState::Canceling;
    cancel_ns_ = now_ns;
  }
}

StopEnd ProtectiveStop::on_terminal(OrderStatus st, std::int32_t code, std::int64_t now_ns,
                                    std::int64_t retry_ns) noexcept {
  if (state_ == StopState::None) return StopEnd::None;
  state_ = StopState::None;
  px_ = 0;
  if (st == OrderStatus::Rejected && code == kStopExistsCode) {
    const bool again = external_;
    external_ = true;
    recheck_ = false;
    return again ? StopEnd::ExternalAgain : StopEnd::External;
  }
  switch (st) {
    case OrderStatus::Filled: return StopEnd::Triggered;
    case OrderStatus::Canceled: return StopEnd::Cancelled;
    case OrderStatus::Expired: return StopEnd::Expired;
    default:
      retry_at_ns_ = now_ns + retry_ns;
      return StopEnd::Rejected;
  }
}

bool ProtectiveStop::adopt(const ClientOrderId& id, Price px, bool open) noexcept {
  const std::uint64_t seq = seq_of(id.view());
  if (seq == 0) return false;
  id_ = id;
  px_ = px;
  state_ = open ? StopState::Active : StopState::Placing;
  external_ = recheck_ = false;
  if (seq >= next_seq_) next_seq_ = seq < kMaxSeq ? seq + 1 : kMaxSeq;
  return true;
}

}  // namespace xtb::strategy
