// client_id.hpp — the engine's client order id ↔ Backpack's numeric `clientId` (u32).
//
// Backpack takes a u32 `clientId` on order execute/cancel/query and echoes it as `c` in
// order updates and `clientId` in REST order rows (bpx-api-client @dc5d8b1c
// types/src/order.rs; https://docs.backpack.exchange/#tag/Order/operation/execute_order).
// The engine's ids are text, `<head><seq>` with head = "<prefix>-<run_id>-[<epoch>-]" fixed
// for one process start and seq a decimal counter from 1 (engine/order_id_allocator.hpp).
//
// Scheme (stateless both ways, so the egress thread encodes and the decode thread decodes
// without sharing a table):
//     clientId = (base + seq) mod 2^32,   base = (start_unix_ms − 2026-01-01T00:00Z in ms) mod 2^32
// i.e. every start owns the ids from its own start time in ms upwards. Two starts never
// collide as long as a start issues on average fewer than one id per millisecond of its life
// (Backpack's pacing, ~20 requests/s in ccxt, is 50× below that) and the earlier start's
// orders are gone 2^32 ms ≈ 49.7 days later (the counter wraps). observe() at start-up with
// the clientIds of the venue's open orders moves the base past any of them that still lies
// ahead of it, so even a run that outpaced the clock cannot collide with a live order.
// A start may issue kMaxSeq ids; from_venue() accepts only ids in [base+1, base+kMaxSeq]
// as its own and renders others as "bp:<u32>" (no '-', so no engine prefix owns it).
//
// Threads: create()/observe() cold, before trading; to_venue()/from_venue() are const, pure
// and allocation-free (any thread).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/types.hpp"

namespace xtb::backpack {

class ClientIdMap {
 public:
  static constexpr std::int64_t kEpochMs = 1'767'225'600'000;  ///< 2026-01-01T00:00:00Z
  static constexpr std::uint32_t kMaxSeq = (1u << 26) - 1;     ///< ids per process start
  static constexpr std::size_t kMaxHead = ClientOrderId::kMax - 8;

  /// `head`: the engine id's fixed part for this start ("xtb-run1-lz3abc-"); `start_ms`:
  /// the start's wall-clock time, unix ms. False when head is empty or too long.
  static bool create(std::string_view head, std::int64_t start_ms, ClientIdMap& out) noexcept;

  /// Start-up: a clientId seen on the venue (open orders); the base moves past it when it
  /// lies in this start's range. Cold; before the first to_venue().
  void observe(std::uint32_t seen) noexcept;

  /// Engine id → clientId. False when the id is not `<head><seq>` with 1 <= seq <= kMaxSeq
  /// in canonical decimal (the caller refuses the command: EncodeFailed).
  bool to_venue(const ClientOrderId& id, std::uint32_t& out) const noexcept;
  /// clientId → engine id. True for this start's ids; false (out = "bp:<u32>") otherwise.
  bool from_venue(std::uint32_t client_id, ClientOrderId& out) const noexcept;

  std::uint32_t base() const noexcept { return base_; }
  std::string_view head() const noexcept { return {head_, head_len_}; }

 private:
  char head_[kMaxHead] = {};
  std::uint8_t head_len_ = 0;
  std::uint32_t base_ = 0;
};

/// The form of a clientId no start of ours owns: "bp:<u32>".
void format_foreign_client_id(std::uint32_t client_id, ClientOrderId& out) noexcept;

}  // namespace xtb::backpack
