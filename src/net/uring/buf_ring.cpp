// buf_ring.cpp — see buf_ring.hpp.
#include "net/uring/buf_ring.hpp"

#include <cerrno>
#include <sys/mman.h>

namespace xtb::net {

int ProvidedBufferRing::init(io_uring* ring, std::uint16_t group, std::uint32_t count,
                             std::uint32_t size) noexcept {
  destroy();
  ring_bytes_ = static_cast<std::size_t>(count) * sizeof(io_uring_buf);
  void* r = mmap(nullptr, ring_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (r == MAP_FAILED) return -errno;
  br_ = static_cast<io_uring_buf_ring*>(r);
  buf_bytes_ = static_cast<std::size_t>(count) * size;
  void* b = mmap(nullptr, buf_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (b == MAP_FAILED) {
    const int err = -errno;
    destroy();
    return err;
  }
  base_ = static_cast<std::uint8_t*>(b);
  ring_ = ring;
  size_ = size;
  group_ = group;
  mask_ = io_uring_buf_ring_mask(count);

  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<std::uint64_t>(br_);
  reg.ring_entries = count;
  reg.bgid = group;
  if (const int rc = io_uring_register_buf_ring(ring, &reg, 0); rc < 0) {
    destroy();
    return rc;
  }
  registered_ = true;
  io_uring_buf_ring_init(br_);
  for (std::uint32_t i = 0; i < count; ++i)
    io_uring_buf_ring_add(br_, buffer(static_cast<std::uint16_t>(i)), size_, static_cast<std::uint16_t>(i),
                          mask_, static_cast<int>(i));
  io_uring_buf_ring_advance(br_, static_cast<int>(count));
  return 0;
}

void ProvidedBufferRing::destroy() noexcept {
  if (registered_) io_uring_unregister_buf_ring(ring_, group_);
  registered_ = false;
  if (br_ != nullptr) munmap(br_, ring_bytes_);
  if (base_ != nullptr) munmap(base_, buf_bytes_);
  br_ = nullptr;
  base_ = nullptr;
}

}  // namespace xtb::net
