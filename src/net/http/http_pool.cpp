// http_pool.cpp — HttpConnectionPool slot bookkeeping.
#include "net/http/http_pool.hpp"

#include <algorithm>

namespace xtb::net {

HttpConnectionPool::HttpConnectionPool(const HttpPoolConfig& cfg) noexcept
    : cfg_(cfg), max_(std::clamp<std::uint32_t>(cfg.max_connections, 1, kMaxSlots)) {}

HttpConnectionPool::Acquired HttpConnectionPool::acquire(std::int64_t now_ns) noexcept {
  std::uint32_t best = kMaxSlots;
  std::uint32_t free = kMaxSlots;
  for (std::uint32_t i = 0; i < max_; ++i) {
    const Slot& s = slots_[i];
    if (s.state == SlotState::Idle && (best == kMaxSlots || s.since_ns > slots_[best].since_ns)) best = i;
    if (s.state == SlotState::Free && free == kMaxSlots) free = i;
  }
  if (best != kMaxSlots) {
    slots_[best] = Slot{SlotState::Busy, now_ns};
    ++stats_.reused;
    return {AcquireKind::Reuse, best};
  }
  if (free != kMaxSlots) {
    slots_[free] = Slot{SlotState::Connecting, now_ns};
    return {AcquireKind::Connect, free};
  }
  return {AcquireKind::Exhausted, kMaxSlots};
}

void HttpConnectionPool::on_connected(std::uint32_t slot, std::int64_t now_ns) noexcept {
  if (slot >= max_ || slots_[slot].state != SlotState::Connecting) return;
  slots_[slot] = Slot{SlotState::Busy, now_ns};
  ++stats_.opened;
}

void HttpConnectionPool::on_connect_failed(std::uint32_t slot) noexcept {
  if (slot >= max_ || slots_[slot].state != SlotState::Connecting) return;
  slots_[slot] = Slot{};
  ++stats_.connect_failures;
}

void HttpConnectionPool::release(std::uint32_t slot, bool keep_alive, std::int64_t now_ns) noexcept {
  if (slot >= max_ || slots_[slot].state != SlotState::Busy) return;
  slots_[slot] = keep_alive ? Slot{SlotState::Idle, now_ns} : Slot{};
}

void HttpConnectionPool::on_closed(std::uint32_t slot) noexcept {
  if (slot < max_) slots_[slot] = Slot{};
}

std::size_t HttpConnectionPool::expire(std::int64_t now_ns, Expired* out, std::size_t cap) noexcept {
  std::size_t n = 0;
  for (std::uint32_t i = 0; i < max_ && n < cap; ++i) {
    Slot& s = slots_[i];
    const std::int64_t age = now_ns - s.since_ns;
    ExpireReason why;
    if (s.state == SlotState::Connecting && age >= cfg_.connect_timeout_ns) {
      why = ExpireReason::ConnectTimeout;
      ++stats_.connect_failures;
    } else if (s.state == SlotState::Busy && age >= cfg_.request_timeout_ns) {
      why = ExpireReason::RequestTimeout;
      ++stats_.request_timeouts;
    } else if (s.state == SlotState::Idle && age >= cfg_.idle_timeout_ns) {
      why = ExpireReason::IdleTimeout;
      ++stats_.idle_closes;
    } else {
      continue;
    }
    out[n++] = Expired{i, why};
    s = Slot{};
  }
  return n;
}

std::uint32_t HttpConnectionPool::count(SlotState st) const noexcept {
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < max_; ++i) n += slots_[i].state == st ? 1u : 0u;
  return n;
}

}  // namespace xtb::net
