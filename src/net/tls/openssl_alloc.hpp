// openssl_alloc.hpp — a small-block pool for OpenSSL's allocations, so the TLS record
// path allocates nothing from the heap in steady state.
//
// Why: OpenSSL 3.0 allocates a 40-byte WPACKET_SUB for every record it protects or
// opens (tls13_enc builds the AAD with a WPACKET; do_ssl3_write builds the record with
// another) — 8 malloc calls per TLS request/response round trip, measured with AllocGuard
// (tests/net/transport/test_alloc.cpp). No SSL option avoids them. Installing this pool
// through CRYPTO_set_mem_functions serves such blocks from per-thread free lists.
//
// Design: one mmap'ed arena (reserved, not committed, 8 MiB) split into two size classes
// (<= 64 and <= 512 bytes); each thread keeps an intrusive free list per class and refills
// it 32 blocks at a time from the arena with one atomic fetch_add. A block freed on another
// thread joins that thread's list (blocks are fungible), so no cross-thread traffic. The
// class of a pointer is known from its address; anything larger, or anything once the
// arena is used up, goes to malloc/free (counted in stats). Memory in the arena is never
// returned to the OS; a thread's free list is abandoned when the thread exits.
//
// Must be called before OpenSSL allocates anything (first thing in main, or a static
// initializer), because OpenSSL refuses new memory functions after its first allocation.
#pragma once
#include <cstdint>

namespace xtb::net {

/// Installs the pool. Returns false (and changes nothing) if OpenSSL already allocated.
/// Idempotent; thread-safe only before other threads start using OpenSSL.
bool install_openssl_allocator() noexcept;

/// True once install_openssl_allocator() succeeded.
bool openssl_allocator_installed() noexcept;

struct OpensslPoolStats {
  std::uint64_t refills = 0;     ///< arena refills (32 blocks each)
  std::uint64_t fallbacks = 0;   ///< requests served by malloc (too large / arena full)
};
OpensslPoolStats openssl_pool_stats() noexcept;

}  // namespace xtb::net
