// order_id_allocator.cpp — formatting and parsing of `<prefix>-<run_id>-<seq>`.
#include "engine/order_id_allocator.hpp"

#include <cstring>
#include <stdexcept>

namespace xtb::engine {
namespace {

bool alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool prefix_char(char c) noexcept { return alnum(c) || c == '.' || c == '_' || c == ':' || c == '/'; }

}  // namespace

OrderIdAllocator::OrderIdAllocator(std::string_view prefix, std::string_view run_id,
                                   std::uint64_t first_seq)
    : next_seq_(first_seq == 0 ? 1 : first_seq) {
  if (prefix.empty() || prefix.size() > kMaxPrefix)
    throw std::invalid_argument("client order id prefix must be 1..16 chars");
  if (run_id.empty() || run_id.size() > kMaxRunId)
    throw std::invalid_argument("client order id run_id must be 1..12 chars");
  for (char c : prefix)
    if (!prefix_char(c)) throw std::invalid_argument("client order id prefix: bad character");
  for (char c : run_id)
    if (!alnum(c)) throw std::invalid_argument("client order id run_id: bad character");
  prefix_len_ = static_cast<std::uint8_t>(prefix.size());
  run_len_ = static_cast<std::uint8_t>(run_id.size());
  std::memcpy(buf_, prefix.data(), prefix.size());
  buf_[prefix_len_] = '-';
  std::memcpy(buf_ + prefix_len_ + 1, run_id.data(), run_id.size());
  buf_[prefix_len_ + 1 + run_len_] = '-';
  head_len_ = static_cast<std::uint8_t>(prefix_len_ + run_len_ + 2);
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
  return id.size() > head_len_ && id.substr(0, head_len_) == std::string_view(buf_, head_len_);
}

std::uint64_t OrderIdAllocator::seq_of(std::string_view id) const noexcept {
  if (!this_run(id)) return 0;
  std::uint64_t v = 0;
  for (char c : id.substr(head_len_)) {
    if (c < '0' || c > '9') return 0;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return 0;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace xtb::engine
