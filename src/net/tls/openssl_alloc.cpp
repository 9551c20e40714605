// openssl_alloc.cpp — see openssl_alloc.hpp.
#include "net/tls/openssl_alloc.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <openssl/crypto.h>
#include <sys/mman.h>

namespace xtb::net {
namespace {

constexpr std::size_t kClassSize[2] = {64, 512};
constexpr std::size_t kRegionBytes = 4u << 20;  // per class
constexpr std::size_t kRefillBlocks = 32;

struct FreeNode {
  FreeNode* next;
};

std::uint8_t* g_arena = nullptr;             // [class 0 region][class 1 region]
std::atomic<std::size_t> g_used[2] = {0, 0}; // bytes handed out per region
std::atomic<std::uint64_t> g_refills{0};
std::atomic<std::uint64_t> g_fallbacks{0};
bool g_installed = false;

// initial-exec: no lazy TLS set-up (which could itself allocate) on first access.
thread_local FreeNode* t_free[2] __attribute__((tls_model("initial-exec"))) = {nullptr, nullptr};

int class_of_size(std::size_t n) noexcept { return n <= kClassSize[0] ? 0 : n <= kClassSize[1] ? 1 : -1; }

int class_of_ptr(const void* p) noexcept {
  const auto* b = static_cast<const std::uint8_t*>(p);
  if (g_arena == nullptr || b < g_arena || b >= g_arena + 2 * kRegionBytes) return -1;
  return b < g_arena + kRegionBytes ? 0 : 1;
}

/// Moves kRefillBlocks fresh blocks of class `c` to this thread's list; false if full.
bool refill(int c) noexcept {
  const std::size_t bytes = kRefillBlocks * kClassSize[c];
  const std::size_t off = g_used[c].fetch_add(bytes, std::memory_order_relaxed);
  if (off + bytes > kRegionBytes) return false;
  std::uint8_t* base = g_arena + static_cast<std::size_t>(c) * kRegionBytes + off;
  for (std::size_t i = 0; i < kRefillBlocks; ++i) {
    auto* node = reinterpret_cast<FreeNode*>(base + i * kClassSize[c]);
    node->next = t_free[c];
    t_free[c] = node;
  }
  g_refills.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void* pool_malloc(std::size_t n, const char*, int) {
  const int c = class_of_size(n);
  if (c >= 0 && (t_free[c] != nullptr || refill(c))) {
    FreeNode* node = t_free[c];
    t_free[c] = node->next;
    return node;
  }
  g_fallbacks.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}

void pool_free(void* p, const char*, int) {
  if (p == nullptr) return;
  const int c = class_of_ptr(p);
  if (c < 0) {
    std::free(p);
    return;
  }
  auto* node = static_cast<FreeNode*>(p);
  node->next = t_free[c];
  t_free[c] = node;
}

void* pool_realloc(void* p, std::size_t n, const char* file, int line) {
  if (p == nullptr) return pool_malloc(n, file, line);
  if (n == 0) {
    pool_free(p, file, line);
    return nullptr;
  }
  const int c = class_of_ptr(p);
  if (c < 0) return std::realloc(p, n);
  if (n <= kClassSize[c]) return p;  // still fits its block
  void* q = pool_malloc(n, file, line);
  if (q != nullptr) {
    std::memcpy(q, p, kClassSize[c]);
    pool_free(p, file, line);
  }
  return q;
}

}  // namespace

bool install_openssl_allocator() noexcept {
  if (g_installed) return true;
  void* arena = mmap(nullptr, 2 * kRegionBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                     -1, 0);
  if (arena == MAP_FAILED) return false;
  g_arena = static_cast<std::uint8_t*>(arena);
  if (CRYPTO_set_mem_functions(pool_malloc, pool_realloc, pool_free) != 1) {
    munmap(arena, 2 * kRegionBytes);  // OpenSSL already allocated: keep its defaults
    g_arena = nullptr;
    return false;
  }
  g_installed = true;
  return true;
}

bool openssl_allocator_installed() noexcept { return g_installed; }

OpensslPoolStats openssl_pool_stats() noexcept {
  return {g_refills.load(std::memory_order_relaxed), g_fallbacks.load(std::memory_order_relaxed)};
}

}  // namespace xtb::net
