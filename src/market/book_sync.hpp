// book_sync.hpp — keeps a local OrderBook (market/order_book.hpp) in step with Binance
// USD-M diff depth, following the documented procedure ("How to manage a local order book
// correctly", USD-M WebSocket Market Streams; endpoints/public/get_fapi_v1_depth.md):
//
//   1. Open <symbol>@depth and buffer the events.
//   2. GET /fapi/v1/depth?symbol=..&limit=1000 → snapshot with lastUpdateId (L).
//   3. Drop buffered events with u < L.
//   4. The first applied event must satisfy U <= L <= u.
//   5. Afterwards each event's pu must equal the previous event's u; otherwise the book
//      has a gap: start again from step 2 (resync, counted).
//
// Input is the decoder's DepthUpdate events: a message is one or more chunks (first/last
// flags in EventHeader::flags); the sequence checks run on the first chunk and the whole
// message is applied or skipped. Snapshot chunks carry DepthUpdate::kSnapshot.
// Events older than the last applied u (duplicates, replays) are dropped, not treated as
// gaps: the book already contains their effect. A crossed book after a message
// (best bid >= best ask) also forces a resync (counted), as it can only come from a
// missed update.
//
// While waiting for a snapshot, diff chunks are kept in a preallocated ring; when it is
// full the oldest chunk is dropped (counted) — if that loses a needed update, step 4
// fails and another snapshot is requested.
//
// Threads: single owner thread (sequencer or decode). Allocates only in the constructor.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/event.hpp"
#include "market/order_book.hpp"

namespace xtb {

enum class SyncState : std::uint8_t {
  AwaitingSnapshot,  ///< buffering diffs; wants_snapshot() is true
  Synced,            ///< book valid and continuous
};

/// What on_depth() did with a chunk.
enum class SyncAction : std::uint8_t {
  Buffered,         ///< kept until the snapshot arrives
  Applied,          ///< diff levels applied to the book
  Stale,            ///< dropped: u < L (step 3) or u <= last applied u (duplicate)
  SnapshotApplied,  ///< snapshot chunk applied (book replaced)
  Gap,              ///< sequence broken (pu != previous u, or step 4 failed): resync started
  Crossed,          ///< book crossed after the message: resync started
  Ignored,          ///< not a DepthUpdate of this book's symbol, or a continuation chunk
                    ///< of a message that was not applied
};

struct BookSyncStats {
  std::uint64_t messages_applied = 0;   ///< diff messages applied (synced)
  std::uint64_t snapshots = 0;          ///< snapshots applied
  std::uint64_t gaps = 0;               ///< pu/U/u continuity failures
  std::uint64_t crossed = 0;            ///< crossed-book resyncs
  std::uint64_t resyncs = 0;            ///< times a new snapshot was requested (gaps + crossed + manual)
  std::uint64_t stale_dropped = 0;      ///< messages dropped as older than the book
  std::uint64_t buffered = 0;           ///< chunks buffered while awaiting a snapshot
  std::uint64_t buffer_overflow = 0;    ///< chunks dropped from a full buffer
};

class BookSync {
 public:
  /// Maintains `book` (owned by the caller); buffers up to `buffer_chunks` chunks while
  /// awaiting a snapshot. Cold path (allocates the buffer). Starts AwaitingSnapshot.
  BookSync(OrderBook& book, std::size_t buffer_chunks = 4096);

  /// Feeds one DepthUpdate event (diff or snapshot chunk) of the book's symbol.
  SyncAction on_depth(const Event& ev) noexcept;

  /// True while a REST snapshot is needed (after start, a gap, a crossed book, resync()).
  /// The session requests GET /fapi/v1/depth and feeds its chunks back through on_depth.
  bool wants_snapshot() const noexcept { return state_ == SyncState::AwaitingSnapshot; }
  /// Forces a resync (e.g. after a reconnect of the market stream).
  void resync() noexcept;

  SyncState state() const noexcept { return state_; }
  /// True when the book may be used for decisions (synced and not mid-message).
  bool book_valid() const noexcept { return state_ == SyncState::Synced && !need_first_ && !in_message_; }
  const BookSyncStats& stats() const noexcept { return stats_; }
  const OrderBook& book() const noexcept { return book_; }

 private:
  SyncAction on_diff(const Event& ev) noexcept;
  SyncAction on_snapshot(const Event& ev) noexcept;
  SyncAction start_message(const DepthUpdate& d) noexcept;
  void buffer(const Event& ev) noexcept;
  void replay_buffer() noexcept;
  void begin_resync(bool crossed) noexcept;

  OrderBook& book_;
  std::unique_ptr<Event[]> buf_;
  std::size_t buf_cap_;
  std::size_t buf_head_ = 0, buf_len_ = 0;  // ring of buffered chunks
  SyncState state_ = SyncState::AwaitingSnapshot;
  bool need_first_ = false;   // synced from a snapshot, waiting for the U <= L <= u event
  bool in_message_ = false;   // applying the chunks of an accepted message
  bool skipping_ = false;     // dropping the remaining chunks of a rejected message
  bool in_snapshot_ = false;  // receiving snapshot chunks
  std::uint64_t last_u_ = 0;  // u of the last applied message (or L after a snapshot)
  BookSyncStats stats_;
};

}  // namespace xtb
