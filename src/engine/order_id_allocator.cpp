// order_id_allocator.cpp — formatting and parsing of `<prefix>-<run_id>-[<epoch>-]<seq>`.
#include "engine/order_id_allocator.hpp"

#include <cstring>
#include <stdexcept>

namespace xtb::engine {
namespace {

bool alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool prefix_char(char c) noexcept { return alnum(c) || c == '.' || c == '_' || c == ':' || c == '/'; }

/// Canonical decimal (no sign) → value; false on an empty string, another character or
/// overflow. Leading zeros are accepted (advancing past them is harmless).
bool parse_dec(std::string_view s, std::uint64_t& v) noexcept {
  if (s.empty()) return false;
  v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  return true;
}

}  // namespace

OrderIdAllocator::OrderIdAllocator(std::string_view prefix, std::string_view run_id,
                                   std::uint64_t first_seq, std::uint64_t epoch)
    : first_seq_(first_seq == 0 ? 1 : first_seq), next_seq_(first_seq_) {
  if (!valid_prefix(prefix))
    throw std::invalid_argument("client order id prefix must be 1..16 chars of [A-Za-z0-9._:/]");
  if (!valid_run_id(run_id)) throw std::invalid_argument("client order id run_id must be 1..12 chars of [A-Za-z0-9]");
  prefix_len_ = static_cast<std::uint8_t>(prefix.size());
  run_len_ = static_cast<std::uint8_t>(run_id.size());
  std::memcpy(buf_, prefix.data(), prefix.size());
  buf_[prefix_len_] = '-';
  std::memcpy(buf_ + prefix_len_ + 1, run_id.data(), run_id.size());
  buf_[prefix_len_ + 1 + run_len_] = '-';
  run_head_len_ = static_cast<std::uint8_t>(prefix_len_ + run_len_ + 2);
  head_len_ = run_head_len_;
  set_epoch(epoch);
}

bool OrderIdAllocator::valid_run_id(std::string_view run_id) noexcept {
  if (run_id.empty() || run_id.size() > kMaxRunId) return false;
  for (char c : run_id)
    if (!alnum(c)) return false;
  return true;
}

bool OrderIdAllocator::valid_prefix(std::string_view prefix) noexcept {
  if (prefix.empty() || prefix.size() > kMaxPrefix) return false;
  for (char c : prefix)
    if (!prefix_char(c)) return false;
  return true;
}

void OrderIdAllocator::set_epoch(std::uint64_t epoch) noexcept {
  epoch_ = epoch;
  head_len_ = run_head_len_;
  if (epoch == 0) return;
  char digits[16];
  int n = 0;
  do {
    const auto d = static_cast<int>(epoch % 36);
    digits[n++] = static_cast<char>(d < 10 ? '0' + d : 'a' + (d - 10));
    epoch /= 36;
  } while (epoch != 0);
  // run_head ≤ 30 chars, epoch ≤ 13: fits buf_ (64).
  for (int i = 0; i < n; ++i) buf_[head_len_ + i] = digits[n - 1 - i];
  head_len_ = static_cast<std::uint8_t>(head_len_ + n);
  buf_[head_len_++] = '-';
}

std::uint64_t OrderIdAllocator::parse_epoch(std::string_view s) noexcept {
  if (s.empty() || s.size() > kMaxEpochChars || s[0] == '0') return 0;
  std::uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else return 0;
    v = v * 36 + static_cast<std::uint64_t>(d);  // ≤ 12 digits: no overflow
  }
  return v;
}

ClientOrderId OrderIdAllocator::format(std::uint64_t seq) const noexcept {
  ClientOrderId id{};
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + seq % 10);
    seq /= 10;
  } while (seq != 0);
  if (head_len_ + n > static_cast<int>(ClientOrderId::kMax)) return id;  // len 0: exhausted
  std::memcpy(id.data, buf_, head_len_);
  for (int i = 0; i < n; ++i) id.data[head_len_ + i] = digits[n - 1 - i];
  id.len = static_cast<std::uint8_t>(head_len_ + n);
  return id;
}

ClientOrderId OrderIdAllocator::next() noexcept {
  ClientOrderId id = format(next_seq_);
  if (!id.empty()) ++next_seq_;
  return id;
}

bool OrderIdAllocator::owns(std::string_view id) const noexcept {
  return id.size() > prefix_len_ + 1u && id.substr(0, prefix_len_ + 1u) == std::string_view(buf_, prefix_len_ + 1u);
}

bool OrderIdAllocator::this_run(std::string_view id) const noexcept {
  return id.size() > run_head_len_ && id.substr(0, run_head_len_) == std::string_view(buf_, run_head_len_);
}

std::uint64_t OrderIdAllocator::seq_of(std::string_view id) const noexcept {
  if (id.size() <= head_len_ || id.substr(0, head_len_) != head()) return 0;
  std::uint64_t v = 0;
  return parse_dec(id.substr(head_len_), v) ? v : 0;
}

void OrderIdAllocator::observe(std::string_view id) noexcept {
  if (!this_run(id)) return;
  const std::string_view rest = id.substr(run_head_len_);
  const std::size_t dash = rest.find('-');
  std::uint64_t seq = 0;
  if (epoch_ == 0) {
    // Deterministic ids are "<run head><digits>": only those can collide.
    if (dash == std::string_view::npos && parse_dec(rest, seq)) advance_past(seq);
    return;
  }
  // Live ids are "<run head><epoch>-<digits>"; an id that is not can never equal one.
  if (dash == std::string_view::npos) return;
  const std::uint64_t e = parse_epoch(rest.substr(0, dash));
  if (e == 0 || e < epoch_) return;
  if (e == epoch_) {
    if (parse_dec(rest.substr(dash + 1), seq)) advance_past(seq);
    return;
  }
  // An epoch at or after ours (the clock went back, or a journal from the future): start a
  // fresh epoch after it. e ≤ 36^12 − 1, so e + 1 cannot overflow.
  set_epoch(e + 1);
  next_seq_ = first_seq_;
}

}  // namespace xtb::engine
