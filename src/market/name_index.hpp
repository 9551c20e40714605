// name_index.hpp — fixed-capacity map from (namespace, short ASCII name) to a dense id
// 0..N-1, for resolving instruments ((venue, "BTCUSDT")) and assets ("USDT", namespace 0)
// on the hot path without allocation.
//
// Layout: names live inline in a preallocated array (one record per id: namespace byte,
// length, up to kMaxName bytes); an open-addressing table (linear probing, power-of-two
// size >= 2 × capacity, so the load factor stays <= 0.5) stores id+1 per bucket. A lookup
// hashes (namespace, name) with FNV-1a, probes until an empty bucket and compares the
// namespace, the length and the bytes: typically one probe.
//
// Threads: one writer (insert(), cold), any number of readers (find(), name(), size()),
// concurrently — the symbol table grows on a cold thread while the hot threads resolve
// names (issue 14: Polymarket lists new markets every 15 minutes). An insert writes the
// name record first and then publishes it with a release store of its bucket and of the
// size; a reader's acquire load of the bucket (or of the size, for name()) therefore sees
// a complete record. Names are never removed or changed, so a reader never sees a torn one.
// On x86-64 the acquire loads are plain loads: the hot path pays nothing for this.
#pragma once
#include <atomic>
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
    buckets_.reset(new std::atomic<std::uint32_t>[buckets]);
    for (std::size_t b = 0; b < buckets; ++b) buckets_[b].store(0, std::memory_order_relaxed);
  }

  /// Cold path only: no thread may use either index meanwhile.
  NameIndex(NameIndex&& o) noexcept
      : capacity_(o.capacity_), size_(o.size_.load(std::memory_order_relaxed)), mask_(o.mask_),
        names_(std::move(o.names_)), buckets_(std::move(o.buckets_)) {
    o.size_.store(0, std::memory_order_relaxed);
    o.capacity_ = 0;
  }
  NameIndex& operator=(NameIndex&&) = delete;
  NameIndex(const NameIndex&) = delete;
  NameIndex& operator=(const NameIndex&) = delete;

  /// Id of (`ns`, `name`), existing or newly assigned; kNone when full, empty or longer
  /// than kMaxName. The one writer thread only.
  std::uint32_t insert(std::uint8_t ns, std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxName) return kNone;
    std::size_t b = hash(ns, name) & mask_;
    for (std::uint32_t v; (v = buckets_[b].load(std::memory_order_relaxed)) != 0; b = (b + 1) & mask_)
      if (names_[v - 1].matches(ns, name)) return v - 1;
    const std::size_t n = size_.load(std::memory_order_relaxed);
    if (n == capacity_) return kNone;
    const auto id = static_cast<std::uint32_t>(n);
    Name& rec = names_[id];
    rec.ns = ns;
    rec.len = static_cast<std::uint8_t>(name.size());
    std::memcpy(rec.bytes, name.data(), name.size());
    // Release: a reader that sees the bucket (or the size) sees the record written above.
    buckets_[b].store(id + 1, std::memory_order_release);
    size_.store(n + 1, std::memory_order_release);
    return id;
  }

  /// Id of (`ns`, `name`), or kNone. Hot path: no allocation, O(1) expected; any thread.
  std::uint32_t find(std::uint8_t ns, std::string_view name) const noexcept {
    if (name.size() > kMaxName) return kNone;
    for (std::size_t b = hash(ns, name) & mask_;; b = (b + 1) & mask_) {
      const std::uint32_t v = buckets_[b].load(std::memory_order_acquire);
      if (v == 0) return kNone;
      if (names_[v - 1].matches(ns, name)) return v - 1;
    }
  }

  /// The id the next new name gets (the writer thread, e.g. to fill a side table first).
  std::uint32_t next_id() const noexcept { return static_cast<std::uint32_t>(size_.load(std::memory_order_relaxed)); }
  /// Name of `id` (empty view for an unknown id). Any thread.
  std::string_view name(std::uint32_t id) const noexcept { return id < size() ? names_[id].view() : std::string_view{}; }
  /// Namespace of `id` (0 for an unknown id). Any thread.
  std::uint8_t ns(std::uint32_t id) const noexcept { return id < size() ? names_[id].ns : 0; }
  std::size_t size() const noexcept { return size_.load(std::memory_order_acquire); }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  struct Name {
    char bytes[kMaxName];
    std::uint8_t len = 0;
    std::uint8_t ns = 0;
    std::string_view view() const noexcept { return {bytes, len}; }
    bool matches(std::uint8_t n, std::string_view s) const noexcept {
      return ns == n && len == s.size() && std::memcmp(bytes, s.data(), s.size()) == 0;
    }
  };
  static std::size_t hash(std::uint8_t ns, std::string_view s) noexcept {
    std::uint64_t h = (0xcbf29ce484222325ull ^ ns) * 0x100000001b3ull;  // FNV-1a 64, ns first
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }

  std::size_t capacity_;
  std::atomic<std::size_t> size_{0};
  std::size_t mask_ = 0;
  std::unique_ptr<Name[]> names_;
  std::unique_ptr<std::atomic<std::uint32_t>[]> buckets_;
};

}  // namespace xtb
