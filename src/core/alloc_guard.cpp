// Counting allocator (see alloc_guard.hpp). Built with -DXTB_ALLOC_GUARD=1 it interposes
// the allocation functions; with 0 it only provides the query API returning zeros.
#include "core/alloc_guard.hpp"

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::uint64_t> g_total{0};
std::atomic<std::uint64_t> g_armed{0};
// initial-exec TLS: no lazy TLS allocation inside malloc (which would recurse).
thread_local bool t_armed __attribute__((tls_model("initial-exec"))) = false;

[[maybe_unused]] inline void count() noexcept {
  g_total.fetch_add(1, std::memory_order_relaxed);
  if (!t_armed) return;
  if (xtb::alloc_guard_detail::cold_depth > 0) xtb::alloc_guard_detail::cold_allocations.fetch_add(1, std::memory_order_relaxed);
  else g_armed.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

namespace xtb {
bool AllocGuard::enabled() noexcept { return XTB_ALLOC_GUARD != 0; }
std::uint64_t AllocGuard::total_allocations() noexcept { return g_total.load(std::memory_order_relaxed); }
std::uint64_t AllocGuard::armed_allocations() noexcept { return g_armed.load(std::memory_order_relaxed); }
void AllocGuard::arm_current_thread() noexcept { t_armed = true; }
void AllocGuard::disarm_current_thread() noexcept { t_armed = false; }
bool AllocGuard::current_thread_armed() noexcept { return t_armed; }
}  // namespace xtb

#if XTB_ALLOC_GUARD
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t n) { count(); return __libc_malloc(n); }
void* calloc(std::size_t a, std::size_t b) { count(); return __libc_calloc(a, b); }
void* realloc(void* p, std::size_t n) { count(); return __libc_realloc(p, n); }
void free(void* p) { __libc_free(p); }
void* aligned_alloc(std::size_t al, std::size_t n) { count(); return __libc_memalign(al, n); }
void* memalign(std::size_t al, std::size_t n) { count(); return __libc_memalign(al, n); }
int posix_memalign(void** out, std::size_t al, std::size_t n) {
  count();
  void* p = __libc_memalign(al, n);
  if (!p) return 12;  // ENOMEM
  *out = p;
  return 0;
}
}

// operator new goes through malloc above, so it is counted once.
void* operator new(std::size_t n) {
  if (void* p = malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return malloc(n ? n : 1); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return malloc(n ? n : 1); }
void* operator new(std::size_t n, std::align_val_t al) {
  void* p = nullptr;
  if (posix_memalign(&p, static_cast<std::size_t>(al), n ? n : 1) == 0) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t al) { return operator new(n, al); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, std::size_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { free(p); }
#endif
