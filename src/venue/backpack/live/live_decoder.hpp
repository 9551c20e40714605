// live_decoder.hpp — the decoder of Backpack's live decode stage (VenueDecoder,
// pipeline/decode/venue_decoder.hpp): backpack::Decoder plus the late binding of the
// client-id map (client_id.hpp) that turns the venue's u32 `clientId` back into the
// engine's ids.
//
// Why late: the map needs the engine ids' fixed head ("<prefix>-<run_id>-<epoch>-",
// engine/order_id_allocator.hpp), which the LiveVenue contract (venue/live_venue.hpp) does
// not hand to a venue. Egress learns it from the first command that carries an engine id
// (bind_client_ids below) and, before sending that command, publishes one body-less
// "bind" frame on R4 (ResponseMeta::rest_kind = kRestKindBindIds, client_id = that id,
// flags kFrameFlagLocal). This decoder binds its own copy from it on the decode thread,
// so the two threads never share a mutable map. The venue can echo a clientId only after
// the request left, which is after the bind frame was published; decode drains R4 before
// R1 each poll, so in practice the map is bound before the first order update arrives.
// Both sides use the same `start_ms` (the venue's construction time), so both compute the
// same base. Until bound, every clientId decodes as foreign ("bp:<u32>").
// A later bind frame with another head is ignored (one head per process start).
//
// Depth continuity watch: Backpack's depth diffs chain U == previous u + 1
// (https://docs.backpack.exchange/#tag/Streams, "Depth"). The book itself is kept by the
// sequencer's BookSync (market/book_sync.hpp), which after a gap waits for a REST
// snapshot but cannot ask egress for one; this decoder sees the same diffs first, and on a
// break in a symbol's chain bumps `snapshot_requests` (egress then fetches the depth
// snapshots, egress_stage.hpp). Not covered: BookSync's crossed-book resync (rare; healed
// by the next gap or reconnect).
// Sources: https://docs.backpack.exchange/#tag/Order/operation/execute_order (clientId u32).
// Threads: the decode thread. Allocation: constructor only (two decoders: unbound, bound;
// the per-symbol last-u table).
#pragma once
#include <cstddef>
#include <cstdint>
#include <atomic>
#include <string_view>
#include <vector>

#include "venue/backpack/client_id.hpp"
#include "venue/backpack/decoder.hpp"
#include "venue/backpack/live/request_shape.hpp"

namespace xtb::backpack {

/// The engine id's fixed head: everything before its trailing decimal sequence number.
/// False when the id has no digits at its end, a leading zero there, or no head.
bool client_id_head(const ClientOrderId& id, std::string_view& head) noexcept;

/// Binds `map` (start `start_ms`) to the head of `id`. False when `id` has no usable head.
bool bind_client_ids(const ClientOrderId& id, std::int64_t start_ms, ClientIdMap& map) noexcept;

class LiveDecoder {
 public:
  static constexpr Venue kVenue = kVenueId;

  /// `snapshot_requests`: bumped on a depth gap (nullptr: no watch). Symbols added to the
  /// table after construction are not watched.
  LiveDecoder(const SymbolTable& symbols, std::int64_t start_ms,
              std::atomic<std::uint64_t>* snapshot_requests = nullptr)
      : start_ms_(start_ms), requests_(snapshot_requests), last_u_(symbols.size(), 0),
        unbound_(symbols, nullptr), bound_(symbols, &ids_) {}
  LiveDecoder(const LiveDecoder&) = delete;
  LiveDecoder& operator=(const LiveDecoder&) = delete;

  DecodeResult decode_frame(const std::uint8_t* p, std::size_t n, std::size_t cap, EventSink& sink, TscTicks rx = 0,
                            std::uint16_t conn = 0) noexcept {
    const DecodeResult r = active().decode_frame(p, n, cap, sink, rx, conn);
    if (r.kind == MsgKind::Depth && r.events > 0 && requests_ != nullptr) watch_depth(sink.slot(0));
    return r;
  }
  DecodeResult decode_response(const std::uint8_t* p, std::size_t n, std::size_t cap, const ResponseMeta& meta,
                               EventSink& sink, TscTicks rx = 0, std::uint16_t conn = 0) noexcept;
  DecodeResult decode_record(const std::uint8_t* p, std::size_t n, std::size_t cap, SymbolId snap, EventSink& sink,
                             TscTicks rx = 0, std::uint16_t conn = 0) noexcept {
    return active().decode_record(p, n, cap, snap, sink, rx, conn);
  }

  bool bound() const noexcept { return bound_flag_; }
  /// Depth chain breaks seen (decode thread; tests).
  std::uint64_t depth_gaps() const noexcept { return gaps_; }
  const ClientIdMap& ids() const noexcept { return ids_; }

 private:
  Decoder& active() noexcept { return bound_flag_ ? bound_ : unbound_; }
  void watch_depth(const Event* first) noexcept;

  std::int64_t start_ms_;
  std::atomic<std::uint64_t>* requests_;
  std::vector<std::uint64_t> last_u_;  ///< by SymbolId: the last diff's u, 0 = none yet
  std::uint64_t gaps_ = 0;
  ClientIdMap ids_;
  bool bound_flag_ = false;
  Decoder unbound_;
  Decoder bound_;
};

static_assert(VenueDecoder<LiveDecoder>);

}  // namespace xtb::backpack
