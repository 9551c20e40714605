// order_id_allocator.hpp — venue-neutral client order ids `<prefix>-<run_id>-<seq>`.
//
// Ownership rules (seed 002 "挂单清理", design §4):
//   * `prefix` is fixed per deployment; an id with our prefix is *ours* (adopted by
//     reconciliation when the venue shows one we do not know).
//   * `run_id` changes every start; shutdown cancels only ids of *this run* by default,
//     so orders placed by hand or by another process are never touched.
//   * `seq` is a decimal counter, unique within the run.
// The generation/cycle token (seed 004) is not part of the id: it travels in
// OrderCommand::generation / OrderAck::generation and is stored in each Order.
// Character set and length follow Binance `newClientOrderId` `^[\.A-Z\:/a-z0-9_-]{1,36}$`
// (is_valid_client_order_id, core/types.hpp), which the other venues also accept.
// Venue-specific formats (e.g. src/venue/binance/client_order_id.*) may wrap this.
// Thread: next() on the sequencer only; the const queries on any thread.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/types.hpp"

namespace xtb::engine {

class OrderIdAllocator {
 public:
  static constexpr std::size_t kMaxPrefix = 16, kMaxRunId = 12;

  /// `prefix`: 1..16 chars of [A-Za-z0-9._:/] (no '-'); `run_id`: 1..12 chars of
  /// [A-Za-z0-9]. Throws std::invalid_argument otherwise (cold path).
  OrderIdAllocator(std::string_view prefix, std::string_view run_id, std::uint64_t first_seq = 1);

  /// Next id of this run. Returns an empty id (len 0) once the sequence no longer fits
  /// in 36 characters; the caller rejects the order (RejectReason::IdExhausted).
  ClientOrderId next() noexcept;

  /// Formats the id for an explicit sequence number (tests, journal rebuild checks).
  ClientOrderId format(std::uint64_t seq) const noexcept;

  /// True when `id` starts with "<prefix>-" (any run).
  bool owns(std::string_view id) const noexcept;
  /// True when `id` starts with "<prefix>-<run_id>-".
  bool this_run(std::string_view id) const noexcept;
  /// Sequence number of an id of this run; 0 if it is not one.
  std::uint64_t seq_of(std::string_view id) const noexcept;

  /// Makes the next id's sequence at least `seq + 1` (after a journal rebuild that
  /// keeps the same run_id, so no id is ever reused).
  void advance_past(std::uint64_t seq) noexcept {
    if (seq >= next_seq_) next_seq_ = seq + 1;
  }
  std::uint64_t next_seq() const noexcept { return next_seq_; }
  std::string_view prefix() const noexcept { return {buf_, prefix_len_}; }
  std::string_view run_id() const noexcept { return {buf_ + prefix_len_ + 1, run_len_}; }

 private:
  char buf_[ClientOrderId::kMax];  // "<prefix>-<run_id>-"
  std::uint8_t prefix_len_ = 0, run_len_ = 0, head_len_ = 0;
  std::uint64_t next_seq_;
};

}  // namespace xtb::engine
