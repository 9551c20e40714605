// order_store.cpp — slots, retire FIFO and the two linear-probing indexes.
#include "engine/order_store.hpp"

#include <cstring>
#include <stdexcept>

namespace xtb::engine {
namespace {

std::uint64_t fmix64(std::uint64_t k) noexcept {  // MurmurHash3 finaliser
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

std::uint32_t index_size_for(std::uint32_t capacity) noexcept {
  std::uint32_t n = 8;
  while (n < capacity * 2u) n <<= 1;
  return n;
}

}  // namespace

std::uint64_t hash_client_id(const ClientOrderId& id) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::uint8_t i = 0; i < id.len; ++i) {
    h ^= static_cast<unsigned char>(id.data[i]);
    h *= 0x100000001b3ULL;
  }
  return fmix64(h);
}

OrderStore::OrderStore(std::uint32_t capacity) : capacity_(capacity) {
  if (capacity == 0 || capacity > (1u << 30))
    throw std::invalid_argument("OrderStore capacity must be in [1, 2^30]");
  slots_ = std::make_unique<Order[]>(capacity);
  in_use_ = std::make_unique<bool[]>(capacity);
  retired_ = std::make_unique<std::uint32_t[]>(capacity);
  const std::uint32_t n = index_size_for(capacity);
  for (Index* ix : {&by_client_, &by_venue_}) {
    ix->entries = std::make_unique<std::uint32_t[]>(n);
    ix->mask = n - 1;
  }
  clear();
}

void OrderStore::clear() noexcept {
  std::memset(static_cast<void*>(slots_.get()), 0, sizeof(Order) * capacity_);
  for (std::uint32_t i = 0; i < capacity_; ++i) in_use_[i] = false;
  for (Index* ix : {&by_client_, &by_venue_}) {
    for (std::uint32_t i = 0; i <= ix->mask; ++i) ix->entries[i] = kEmpty;
    ix->used = ix->tombs = 0;
  }
  used_ = high_water_ = retired_head_ = retired_count_ = 0;
}

std::uint32_t OrderStore::probe_client(const ClientOrderId& id) const noexcept {
  const Index& ix = by_client_;
  for (std::uint32_t p = static_cast<std::uint32_t>(hash_client_id(id)) & ix.mask;;
       p = (p + 1) & ix.mask) {
    const std::uint32_t e = ix.entries[p];
    if (e == kEmpty) return kNone;
    if (e != kTomb && slots_[e].client_id == id) return p;
  }
}

std::uint32_t OrderStore::probe_venue(std::uint64_t vid) const noexcept {
  const Index& ix = by_venue_;
  for (std::uint32_t p = static_cast<std::uint32_t>(fmix64(vid)) & ix.mask;;
       p = (p + 1) & ix.mask) {
    const std::uint32_t e = ix.entries[p];
    if (e == kEmpty) return kNone;
    if (e != kTomb && slots_[e].venue_order_id == vid) return p;
  }
}

void OrderStore::insert_client(std::uint32_t slot) noexcept {
  Index& ix = by_client_;
  std::uint32_t p = static_cast<std::uint32_t>(hash_client_id(slots_[slot].client_id)) & ix.mask;
  while (ix.entries[p] != kEmpty && ix.entries[p] != kTomb) p = (p + 1) & ix.mask;
  if (ix.entries[p] == kTomb) --ix.tombs;
  ix.entries[p] = slot;
  ++ix.used;
}

void OrderStore::insert_venue(std::uint32_t slot) noexcept {
  Index& ix = by_venue_;
  std::uint32_t p = static_cast<std::uint32_t>(fmix64(slots_[slot].venue_order_id)) & ix.mask;
  while (ix.entries[p] != kEmpty && ix.entries[p] != kTomb) p = (p + 1) & ix.mask;
  if (ix.entries[p] == kTomb) --ix.tombs;
  ix.entries[p] = slot;
  ++ix.used;
}

void OrderStore::erase_slot(std::uint32_t slot) noexcept {
  Order& o = slots_[slot];
  const std::uint32_t pc = probe_client(o.client_id);
  if (pc != kNone) {
    by_client_.entries[pc] = kTomb;
    --by_client_.used;
    ++by_client_.tombs;
  }
  if (o.venue_order_id != 0) {
    const std::uint32_t pv = probe_venue(o.venue_order_id);
    if (pv != kNone && by_venue_.entries[pv] == slot) {
      by_venue_.entries[pv] = kTomb;
      --by_venue_.used;
      ++by_venue_.tombs;
    }
  }
  in_use_[slot] = false;
  --used_;
}

void OrderStore::maybe_rehash() noexcept {
  // Rebuild an index from the slots once probing chains may have grown long.
  for (Index* ix : {&by_client_, &by_venue_}) {
    if ((ix->used + ix->tombs + 1) * 4 <= (ix->mask + 1) * 3) continue;
    for (std::uint32_t i = 0; i <= ix->mask; ++i) ix->entries[i] = kEmpty;
    ix->used = ix->tombs = 0;
    for (std::uint32_t s = 0; s < high_water_; ++s) {
      if (!in_use_[s]) continue;
      if (ix == &by_client_) {
        insert_client(s);
      } else if (slots_[s].venue_order_id != 0 && probe_venue(slots_[s].venue_order_id) == kNone) {
        insert_venue(s);
      }
    }
    ++stats_.rehashes;
  }
}

std::uint32_t OrderStore::take_slot() noexcept {
  if (high_water_ < capacity_) return high_water_++;
  if (retired_count_ == 0) return kNone;
  const std::uint32_t slot = retired_[retired_head_];
  retired_head_ = (retired_head_ + 1) % capacity_;
  --retired_count_;
  erase_slot(slot);
  ++stats_.recycled;
  return slot;
}

OrderStore::CreateResult OrderStore::create(const ClientOrderId& id) noexcept {
  if (id.empty() || id.len > ClientOrderId::kMax) return {nullptr, StoreError::BadId};
  if (probe_client(id) != kNone) {
    ++stats_.duplicate_rejects;
    return {nullptr, StoreError::Duplicate};
  }
  const std::uint32_t slot = take_slot();
  if (slot == kNone) {
    ++stats_.full_rejects;
    return {nullptr, StoreError::Full};
  }
  maybe_rehash();
  Order& o = slots_[slot];
  std::memset(static_cast<void*>(&o), 0, sizeof(Order));
  o.client_id = id;
  in_use_[slot] = true;
  ++used_;
  insert_client(slot);
  ++stats_.created;
  return {&o, StoreError::None};
}

Order* OrderStore::find(const ClientOrderId& id) noexcept {
  const std::uint32_t p = probe_client(id);
  return p == kNone ? nullptr : &slots_[by_client_.entries[p]];
}

const Order* OrderStore::find(const ClientOrderId& id) const noexcept {
  const std::uint32_t p = probe_client(id);
  return p == kNone ? nullptr : &slots_[by_client_.entries[p]];
}

Order* OrderStore::find_by_venue_id(std::uint64_t vid) noexcept {
  if (vid == 0) return nullptr;
  const std::uint32_t p = probe_venue(vid);
  return p == kNone ? nullptr : &slots_[by_venue_.entries[p]];
}

void OrderStore::bind_venue_id(Order& o, std::uint64_t vid) noexcept {
  if (vid == 0) return;
  const auto slot = static_cast<std::uint32_t>(&o - slots_.get());
  if (o.venue_order_id != 0) {
    const std::uint32_t pv = probe_venue(o.venue_order_id);
    if (pv != kNone && by_venue_.entries[pv] == slot) {
      if (o.venue_order_id == vid) return;  // already indexed under this id
      by_venue_.entries[pv] = kTomb;
      --by_venue_.used;
      ++by_venue_.tombs;
    }
  }
  o.venue_order_id = vid;
  maybe_rehash();                         // a rebuild indexes `o` under vid already
  if (probe_venue(vid) != kNone) return;  // ... or another order claims it: first one wins
  insert_venue(slot);
}

void OrderStore::retire(Order& o) noexcept {
  if (!o.terminal() || o.retired) return;
  o.retired = true;
  const auto slot = static_cast<std::uint32_t>(&o - slots_.get());
  retired_[(retired_head_ + retired_count_) % capacity_] = slot;
  ++retired_count_;
}

std::uint32_t OrderStore::live_count() const noexcept {
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < high_water_; ++i)
    if (in_use_[i] && slots_[i].live()) ++n;
  return n;
}

}  // namespace xtb::engine
