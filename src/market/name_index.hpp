// name_index.hpp — fixed-capacity map from a short ASCII name ("BTCUSDT", "USDT") to a
// dense id 0..N-1, for resolving symbols and assets on the hot path without allocation.
//
// Layout: names live inline in a preallocated array (one kMaxName+1 byte record per id);
// an open-addressing table (linear probing, power-of-two size >= 2 × capacity, so the
// load factor stays <= 0.5) stores id+1 per bucket. A lookup hashes the name (FNV-1a),
// probes until an empty bucket and compares lengths then bytes: typically one probe.
//
// Threads: insert() is cold (start-up or a paused pipeline) and single-threaded; find()
// is safe from any number of threads once inserts have stopped and were published by
// thread start or another happens-before edge.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace xtb {

class NameIndex {
 public:
  static constexpr std::size_t kMaxName = 31;          ///< longest name stored, in bytes
  static constexpr std::uint32_t kNone = 0xFFFF'FFFFu; ///< "not found" id

  /// Allocates room for `capacity` names (cold path).
  explicit NameIndex(std::size_t capacity)
      : capacity_(capacity), names_(new Name[capacity]) {
    std::size_t buckets = 16;
    while (buckets < capacity * 2) buckets <<= 1;
    mask_ = buckets - 1;
    buckets_.reset(new std::uint32_t[buckets]());
  }

  /// Id of `name` (existing or newly assigned); kNone when full, empty or longer than kMaxName.
  std::uint32_t insert(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxName) return kNone;
    std::size_t b = hash(name) & mask_;
    for (; buckets_[b] != 0; b = (b + 1) & mask_)
      if (names_[buckets_[b] - 1].view() == name) return buckets_[b] - 1;
    if (size_ == capacity_) return kNone;
    const auto id = static_cast<std::uint32_t>(size_++);
    names_[id].len = static_cast<std::uint8_t>(name.size());
    std::memcpy(names_[id].bytes, name.data(), name.size());
    buckets_[b] = id + 1;
    return id;
  }

  /// Id of `name`, or kNone. Hot path: no allocation, O(1) expected.
  std::uint32_t find(std::string_view name) const noexcept {
    if (name.size() > kMaxName) return kNone;
    for (std::size_t b = hash(name) & mask_; buckets_[b] != 0; b = (b + 1) & mask_) {
      const Name& n = names_[buckets_[b] - 1];
      if (n.len == name.size() && std::memcmp(n.bytes, name.data(), name.size()) == 0) return buckets_[b] - 1;
    }
    return kNone;
  }

  /// Name of `id` (empty view for an unknown id).
  std::string_view name(std::uint32_t id) const noexcept { return id < size_ ? names_[id].view() : std::string_view{}; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  struct Name {
    char bytes[kMaxName];
    std::uint8_t len = 0;
    std::string_view view() const noexcept { return {bytes, len}; }
  };
  static std::size_t hash(std::string_view s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }

  std::size_t capacity_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  std::unique_ptr<Name[]> names_;
  std::unique_ptr<std::uint32_t[]> buckets_;
};

}  // namespace xtb
