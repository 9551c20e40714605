// book_sync.cpp — see book_sync.hpp.
#include "market/book_sync.hpp"

namespace xtb {

BookSync::BookSync(OrderBook& book, std::size_t buffer_chunks)
    : book_(book), buf_(new Event[buffer_chunks < 1 ? 1 : buffer_chunks]),
      buf_cap_(buffer_chunks < 1 ? 1 : buffer_chunks) {}

SyncAction BookSync::on_depth(const Event& ev) noexcept {
  if (ev.h.type != EventType::DepthUpdate || ev.h.symbol != book_.symbol()) return SyncAction::Ignored;
  return (ev.h.flags & DepthUpdate::kSnapshot) ? on_snapshot(ev) : on_diff(ev);
}

void BookSync::resync() noexcept {
  ++stats_.resyncs;
  state_ = SyncState::AwaitingSnapshot;
  need_first_ = in_message_ = skipping_ = false;
}

void BookSync::begin_resync(bool crossed) noexcept {
  if (crossed) ++stats_.crossed;
  else ++stats_.gaps;
  // The buffer is kept: chunks still in it (during a replay) may be needed after the next
  // snapshot; older ones are dropped then by the u < L rule.
  resync();
}

void BookSync::buffer(const Event& ev) noexcept {
  if (buf_len_ == buf_cap_) {  // drop the oldest chunk
    buf_head_ = (buf_head_ + 1) % buf_cap_;
    --buf_len_;
    ++stats_.buffer_overflow;
  }
  buf_[(buf_head_ + buf_len_) % buf_cap_] = ev;
  ++buf_len_;
  ++stats_.buffered;
}

void BookSync::replay_buffer() noexcept {
  // Pop before processing: a gap during the replay re-buffers the remaining chunks at the
  // tail of the same ring, behind the ones not yet replayed, preserving order.
  std::size_t n = buf_len_;
  while (n-- > 0 && buf_len_ > 0) {
    const Event ev = buf_[buf_head_];
    buf_head_ = (buf_head_ + 1) % buf_cap_;
    --buf_len_;
    on_diff(ev);
  }
}

SyncAction BookSync::on_snapshot(const Event& ev) noexcept {
  const DepthUpdate& d = ev.depth;
  if (ev.h.flags & DepthUpdate::kFirstChunk) {
    book_.clear();
    in_snapshot_ = true;
    in_message_ = skipping_ = false;
  }
  if (!in_snapshot_) return SyncAction::Ignored;  // continuation of a snapshot we missed the start of
  book_.apply_chunk(d);
  if (ev.h.flags & DepthUpdate::kLastChunk) {
    in_snapshot_ = false;
    last_u_ = d.final_update_id;
    book_.set_last_update_id(last_u_);
    state_ = SyncState::Synced;
    need_first_ = true;
    ++stats_.snapshots;
    replay_buffer();
  }
  return SyncAction::SnapshotApplied;
}

// Sequence checks on the first chunk of a diff message (steps 3-5 of the procedure).
SyncAction BookSync::start_message(const DepthUpdate& d) noexcept {
  const std::uint64_t first = d.first_update_id, final = d.final_update_id;
  if (need_first_) {
    if (final < last_u_) return SyncAction::Stale;      // step 3: u < L
    if (first > last_u_) return SyncAction::Gap;        // step 4 fails: snapshot too old
    need_first_ = false;                                // U <= L <= u
    return SyncAction::Applied;
  }
  if (final <= last_u_) return SyncAction::Stale;       // duplicate / replayed message
  if (d.prev_final_id != last_u_) return SyncAction::Gap;  // step 5: pu != previous u
  return SyncAction::Applied;
}

SyncAction BookSync::on_diff(const Event& ev) noexcept {
  if (state_ == SyncState::AwaitingSnapshot || in_snapshot_) {
    buffer(ev);
    return SyncAction::Buffered;
  }
  const DepthUpdate& d = ev.depth;
  const bool first = ev.h.flags & DepthUpdate::kFirstChunk;
  const bool last = ev.h.flags & DepthUpdate::kLastChunk;
  if (first) {
    const SyncAction a = start_message(d);
    if (a == SyncAction::Gap) {
      begin_resync(false);
      buffer(ev);  // the first message after the gap may be needed after the next snapshot
      return a;
    }
    in_message_ = a == SyncAction::Applied;
    skipping_ = !in_message_;
    if (skipping_) ++stats_.stale_dropped;
  }
  if (!in_message_) {
    if (last) skipping_ = false;
    return first ? SyncAction::Stale : SyncAction::Ignored;
  }
  book_.apply_chunk(d);
  if (!last) return SyncAction::Applied;
  in_message_ = false;
  last_u_ = d.final_update_id;
  book_.set_last_update_id(last_u_);
  ++stats_.messages_applied;
  if (book_.crossed()) {
    begin_resync(true);
    return SyncAction::Crossed;
  }
  return SyncAction::Applied;
}

}  // namespace xtb
