// order_pool.cpp — see order_pool.hpp.
#include "sim/core/order_pool.hpp"

namespace xtb::sim {
namespace {

std::size_t pow2_at_least(std::size_t n) noexcept {
  std::size_t p = 16;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

HashIndex::HashIndex(std::size_t min_entries)
    : slots_(pow2_at_least(2 * min_entries + 1), kNilIndex), mask_(slots_.size() - 1) {}

void HashIndex::insert(std::uint64_t h, std::uint32_t v) noexcept {
  std::size_t i = h & mask_;
  while (slots_[i] != kNilIndex) i = (i + 1) & mask_;
  slots_[i] = v;
}

OrderPool::OrderPool(std::size_t capacity, std::size_t history)
    : slots_(capacity), by_id_(capacity), by_client_(capacity), history_(history > 0 ? history : 1) {
  free_.reserve(capacity);
  for (std::size_t i = capacity; i-- > 0;) free_.push_back(static_cast<std::uint32_t>(i));
}

std::uint64_t OrderPool::id_hash(std::uint64_t id) noexcept {
  // splitmix64 finalizer: sequential ids spread over the table.
  id += 0x9E3779B97F4A7C15ull;
  id = (id ^ (id >> 30)) * 0xBF58476D1CE4E5B9ull;
  id = (id ^ (id >> 27)) * 0x94D049BB133111EBull;
  return id ^ (id >> 31);
}

std::uint64_t OrderPool::client_hash(SymbolId s, std::string_view cid, bool algo) noexcept {
  std::uint64_t h = 0xCBF29CE484222325ull ^ s ^ (algo ? 0x8000'0000'0000'0000ull : 0);  // FNV-1a
  for (char c : cid) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return id_hash(h);
}

std::uint32_t OrderPool::acquire() noexcept {
  if (free_.empty()) return kNilIndex;
  const std::uint32_t idx = free_.back();
  free_.pop_back();  // never reallocates (reserved)
  slots_[idx] = SimOrder{};
  ++in_use_;
  return idx;
}

void OrderPool::index(std::uint32_t idx) noexcept {
  const SimOrder& o = slots_[idx];
  by_id_.insert(id_hash(o.order_id), idx);
  by_client_.insert(client_hash(o.spec.symbol, o.spec.client_id.view(), o.spec.algo), idx);
}

void OrderPool::retire(std::uint32_t idx) noexcept {
  const SimOrder& o = slots_[idx];
  by_id_.erase(id_hash(o.order_id), idx, [this](std::uint32_t v) { return id_hash(slots_[v].order_id); });
  by_client_.erase(client_hash(o.spec.symbol, o.spec.client_id.view(), o.spec.algo), idx, [this](std::uint32_t v) {
    return client_hash(slots_[v].spec.symbol, slots_[v].spec.client_id.view(), slots_[v].spec.algo);
  });
  history_[hist_next_] = o;
  hist_next_ = (hist_next_ + 1) % history_.size();
  if (hist_len_ < history_.size()) ++hist_len_;
  free_.push_back(idx);
  --in_use_;
}

std::uint32_t OrderPool::find_by_id(std::uint64_t order_id) const noexcept {
  return by_id_.find(id_hash(order_id), [&](std::uint32_t v) { return slots_[v].order_id == order_id; });
}

std::uint32_t OrderPool::find_by_client(SymbolId symbol, std::string_view client_id, bool algo) const noexcept {
  return by_client_.find(client_hash(symbol, client_id, algo), [&](std::uint32_t v) {
    const SimOrder& o = slots_[v];
    return o.spec.symbol == symbol && o.spec.algo == algo && o.spec.client_id.view() == client_id;
  });
}

const SimOrder* OrderPool::history_by_id(SymbolId symbol, std::uint64_t order_id) const noexcept {
  for (std::size_t k = 1; k <= hist_len_; ++k) {
    const SimOrder& o = history_[(hist_next_ + history_.size() - k) % history_.size()];
    if (o.order_id == order_id && (symbol == kNoSymbol || o.spec.symbol == symbol)) return &o;
  }
  return nullptr;
}

const SimOrder* OrderPool::history_by_client(SymbolId symbol, std::string_view client_id, bool algo) const noexcept {
  for (std::size_t k = 1; k <= hist_len_; ++k) {
    const SimOrder& o = history_[(hist_next_ + history_.size() - k) % history_.size()];
    if ((symbol == kNoSymbol || o.spec.symbol == symbol) && o.spec.algo == algo && o.spec.client_id.view() == client_id)
      return &o;
  }
  return nullptr;
}

}  // namespace xtb::sim
