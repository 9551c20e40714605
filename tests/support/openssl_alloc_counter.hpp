// openssl_alloc_counter.hpp — counts OpenSSL's own allocations in tests and benchmarks (the
// signers' "0 OpenSSL allocations per signature" claims; Ed25519's 5). Including this
// header installs counting malloc/realloc/free through CRYPTO_set_mem_functions during
// static initialisation, i.e. before OpenSSL's first allocation (later it is refused:
// openssl_counter_installed() then says false and the counts stay 0).
// Thread: any; the counter is a relaxed atomic (a count, not a synchronisation point).
#pragma once
#include <openssl/crypto.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>

namespace xtb::test {

inline std::atomic<std::uint64_t> g_openssl_allocs{0};

inline void* openssl_count_malloc(std::size_t n, const char*, int) {
  g_openssl_allocs.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
inline void* openssl_count_realloc(void* p, std::size_t n, const char*, int) {
  g_openssl_allocs.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
inline void openssl_count_free(void* p, const char*, int) { std::free(p); }

/// 1 when the counting functions were installed (OpenSSL had not allocated yet).
inline const int g_openssl_counter =
    CRYPTO_set_mem_functions(&openssl_count_malloc, &openssl_count_realloc, &openssl_count_free);

inline bool openssl_counter_installed() noexcept { return g_openssl_counter == 1; }
/// OpenSSL allocations (malloc + realloc) since the start of the process.
inline std::uint64_t openssl_allocs() noexcept { return g_openssl_allocs.load(std::memory_order_relaxed); }

}  // namespace xtb::test
