#include "core/frame_pool.hpp"

#include <cstring>
#include <new>
#include <stdexcept>


namespace xtb {
namespace {
std::size_t round_up_pow2(std::size_t n) {
  std::size_t p = 2;
  while (p < n) p <<= 1;
  return p;
}
}  // namespace

LargeFramePool::LargeFramePool(std::size_t slots, std::size_t slot_bytes)
    : slots_(slots), slot_bytes_(slot_bytes),
      stride_((slot_bytes + RawFrame::kPadding + kCacheLine - 1) / kCacheLine * kCacheLine),
      free_(round_up_pow2(slots + 1)) {
  if (slots == 0 || slot_bytes == 0) throw std::invalid_argument("LargeFramePool needs slots > 0 and slot_bytes > 0");
  base_ = static_cast<std::uint8_t*>(::operator new(stride_ * slots, std::align_val_t{kCacheLine}));
  std::memset(base_, 0, stride_ * slots);  // also pre-faults every page
  // Filled before any thread starts; thread creation publishes these writes.
  for (std::uint32_t h = 0; h < slots; ++h) free_.try_push(h);
}

LargeFramePool::~LargeFramePool() { ::operator delete(base_, std::align_val_t{kCacheLine}); }

FrameStore store_frame_payload(RawFrame& f, const void* src, std::size_t len, LargeFramePool& pool) noexcept {
  f.len = 0;
  f.large_handle = RawFrame::kNoLarge;
  if (len <= RawFrame::kInlineCapacity) {
    std::memcpy(f.bytes, src, len);
    std::memset(f.bytes + len, 0, RawFrame::kPadding);
    f.len = static_cast<std::uint32_t>(len);
    return FrameStore::Inline;
  }
  if (len > pool.slot_bytes()) return FrameStore::TooLarge;
  const std::uint32_t h = pool.try_acquire();
  if (h == RawFrame::kNoLarge) return FrameStore::PoolExhausted;
  std::uint8_t* dst = pool.data(h);
  std::memcpy(dst, src, len);
  std::memset(dst + len, 0, RawFrame::kPadding);
  f.large_handle = h;
  f.len = static_cast<std::uint32_t>(len);
  return FrameStore::Large;
}

}  // namespace xtb
