// client_id.cpp — see client_id.hpp.
#include "venue/backpack/client_id.hpp"

#include <charconv>
#include <cstring>

namespace xtb::backpack {

bool ClientIdMap::create(std::string_view head, std::int64_t start_ms, ClientIdMap& out) noexcept {
  if (head.empty() || head.size() > kMaxHead) return false;
  std::memcpy(out.head_, head.data(), head.size());
  out.head_len_ = static_cast<std::uint8_t>(head.size());
  out.base_ = static_cast<std::uint32_t>(static_cast<std::uint64_t>(start_ms - kEpochMs));
  return true;
}

void ClientIdMap::observe(std::uint32_t seen) noexcept {
  const std::uint32_t off = seen - base_;  // mod 2^32
  if (off <= kMaxSeq) base_ = seen;        // ids base+1.. now start past it
}

bool ClientIdMap::to_venue(const ClientOrderId& id, std::uint32_t& out) const noexcept {
  const std::string_view s = id.view();
  if (s.size() <= head_len_ || s.substr(0, head_len_) != head()) return false;
  const std::string_view digits = s.substr(head_len_);
  if (digits.size() > 8 || digits[0] == '0') return false;
  std::uint32_t seq = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (r.ec != std::errc{} || r.ptr != digits.data() + digits.size() || seq == 0 || seq > kMaxSeq) return false;
  out = base_ + seq;  // mod 2^32
  return true;
}

bool ClientIdMap::from_venue(std::uint32_t client_id, ClientOrderId& out) const noexcept {
  const std::uint32_t seq = client_id - base_;  // mod 2^32
  if (seq == 0 || seq > kMaxSeq) {
    format_foreign_client_id(client_id, out);
    return false;
  }
  char buf[ClientOrderId::kMax];
  std::memcpy(buf, head_, head_len_);
  const auto r = std::to_chars(buf + head_len_, buf + sizeof buf, seq);
  out.assign(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  return true;
}

void format_foreign_client_id(std::uint32_t client_id, ClientOrderId& out) noexcept {
  char buf[16] = {'b', 'p', ':'};
  const auto r = std::to_chars(buf + 3, buf + sizeof buf, client_id);
  out.assign(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

}  // namespace xtb::backpack
