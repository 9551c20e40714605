// order_id_allocator.hpp — venue-neutral client order ids.
//
// Two formats (the SequencerConfig decides which; docs/journal.md "Client order ids"):
//   deterministic  `<prefix>-<run_id>-<seq>`          epoch 0: backtests, scenarios (ids
//                                                     must be reproducible run after run)
//   live           `<prefix>-<run_id>-<epoch>-<seq>`  epoch ≥ 1: `xtb run`
// Ownership rules (seed 002 "挂单清理", design §4):
//   * `prefix` is fixed per deployment; an id with our prefix is *ours* (adopted by
//     reconciliation when the venue shows one we do not know).
//   * `run_id` names a run; a restart with the same run_id (and its journal) resumes it.
//     Shutdown cancels only ids of *this run* (`<prefix>-<run_id>-`, every epoch: orders
//     recovered from an earlier process of the same run included), so orders placed by
//     hand or by another run are never touched.
//   * `epoch` (live only) makes every start's ids unique even when the history of earlier
//     starts is lost (a damaged, emptied or deleted journal): the start time in unix ms,
//     raised above every epoch of this run that recovery saw (observe()), written in
//     lowercase base36 without leading zeros (8 chars until 2059).
//   * `seq` is a decimal counter, unique within the epoch (within the run without one).
// Length: ids are at most ClientOrderId::kMax = 36 bytes of [A-Za-z0-9._-], which every
// venue so far takes as is or maps (Binance USD-M `newClientOrderId`
// `^[\.A-Z\:/a-z0-9_-]{1,36}$`; Backpack's uint32 clientId map). `xtb run`
// therefore limits prefix + run_id to kMaxPrefixPlusRunId = 16 characters (run_config.cpp):
// the longest head `<16>-<>-<8>-` is 27 characters and leaves 9 digits for `seq`. next()
// returns an empty id (RejectReason::IdExhausted) rather than a longer one.
// The generation/cycle token (seed 004) is not part of the id: it travels in
// OrderCommand::generation / OrderAck::generation and is stored in each Order.
// Venue-specific formats (each venue's client_order_id) may wrap this.
// Thread: next()/observe() on the sequencer only; the const queries on any thread.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/types.hpp"

namespace xtb::engine {

class OrderIdAllocator {
 public:
  static constexpr std::size_t kMaxPrefix = 16, kMaxRunId = 12;
  /// `xtb run`'s bound on prefix + run_id so that every live id fits in 36 characters
  /// with room for 9 sequence digits (epoch ≤ 8 base36 characters).
  static constexpr std::size_t kMaxPrefixPlusRunId = 16;
  static constexpr std::size_t kMaxEpochChars = 12;  ///< base36; 36^12 < 2^64

  /// The one rule for a run id (review B4): 1..12 chars of [A-Za-z0-9]. The constructor and
  /// the config loader (`xtb check-config` and `xtb run` alike) both use it.
  static bool valid_run_id(std::string_view run_id) noexcept;
  /// 1..16 chars of [A-Za-z0-9._:/] (no '-').
  static bool valid_prefix(std::string_view prefix) noexcept;

  /// `prefix`: 1..16 chars of [A-Za-z0-9._:/] (no '-'); `run_id`: 1..12 chars of
  /// [A-Za-z0-9] (so that "ps." protective-stop heads never look like a run). `epoch` 0 = deterministic ids, else the live format. Throws
  /// std::invalid_argument otherwise (cold path).
  OrderIdAllocator(std::string_view prefix, std::string_view run_id, std::uint64_t first_seq = 1,
                   std::uint64_t epoch = 0);

  /// Next id. Returns an empty id (len 0) once the id no longer fits in 36 characters;
  /// the caller rejects the order (RejectReason::IdExhausted).
  ClientOrderId next() noexcept;

  /// Formats the id for an explicit sequence number of the current epoch (tests, checks).
  ClientOrderId format(std::uint64_t seq) const noexcept;

  /// True when `id` starts with "<prefix>-" (any run).
  bool owns(std::string_view id) const noexcept;
  /// True when `id` starts with "<prefix>-<run_id>-" (any epoch).
  bool this_run(std::string_view id) const noexcept;
  /// Sequence number of an id of the current epoch (of this run without epochs); 0 if it
  /// is not one.
  std::uint64_t seq_of(std::string_view id) const noexcept;

  /// Makes the next id's sequence at least `seq + 1` (after a journal rebuild that
  /// keeps the same run_id, so no id is ever reused).
  void advance_past(std::uint64_t seq) noexcept {
    if (seq >= next_seq_) next_seq_ = seq + 1;
  }
  /// An id that exists (in the journal being replayed, or at the venue): no id issued
  /// from now on may equal it. For an id of this run: live format → the epoch moves past
  /// its epoch (or, same epoch, the sequence past its seq); deterministic → the sequence
  /// moves past its seq. Other ids cannot collide and are ignored. No allocation.
  void observe(std::string_view id) noexcept;

  /// Live epoch for a start at `unix_ms` (≥ 1).
  static std::uint64_t epoch_from_unix_ms(std::int64_t unix_ms) noexcept {
    return unix_ms > 0 ? static_cast<std::uint64_t>(unix_ms) : 1;
  }
  /// Canonical base36 (lowercase, no leading zero, ≤ kMaxEpochChars) → value; 0 if not.
  static std::uint64_t parse_epoch(std::string_view s) noexcept;

  std::uint64_t next_seq() const noexcept { return next_seq_; }
  std::uint64_t epoch() const noexcept { return epoch_; }
  std::string_view prefix() const noexcept { return {buf_, prefix_len_}; }
  std::string_view run_id() const noexcept { return {buf_ + prefix_len_ + 1, run_len_}; }
  /// "<prefix>-<run_id>-" — every id of this run starts with it.
  std::string_view run_head() const noexcept { return {buf_, run_head_len_}; }
  /// "<prefix>-<run_id>-<epoch>-" (live) or run_head() — what next() prepends to seq.
  std::string_view head() const noexcept { return {buf_, head_len_}; }

 private:
  void set_epoch(std::uint64_t epoch) noexcept;

  char buf_[64];  // "<prefix>-<run_id>-[<epoch>-]"
  std::uint8_t prefix_len_ = 0, run_len_ = 0, run_head_len_ = 0, head_len_ = 0;
  std::uint64_t epoch_ = 0;
  std::uint64_t first_seq_;
  std::uint64_t next_seq_;
};

}  // namespace xtb::engine
