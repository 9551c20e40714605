// frame_decode.hpp — one RawFrame through a venue decoder into an Event ring: the part every
// decode stage (replay, live, backtest) shares.
//
//   HttpResponse → decoder.decode_response (with the frame's ResponseMeta)
//   ConnState    → one ConnState event {status, reason}, venue = the decoder's, no symbol
//   otherwise    → decoder.decode_frame (live: a stream message) or decoder.decode_record
//                  (replay: a capture record — stream message or recorded REST snapshot)
//
// publish_or_hold() keeps the decode-stage contract: a frame's events are published together
// after the decoder returns; when the ring lacks room nothing is published and the caller
// retries the frame later (back-pressure, never loss); a frame with more events than the
// ring can ever hold is dropped and counted. Thread: the decode thread. No allocation.
#pragma once
#include <cstdint>
#include <cstring>

#include "core/frame_pool.hpp"
#include "core/raw_frame.hpp"
#include "core/spsc_ring.hpp"
#include "pipeline/decode/venue_decoder.hpp"

namespace xtb {

/// What one frame decoded to: the decoder's status and the slots to publish.
struct FrameDecode {
  DecodeStatus status = DecodeStatus::Ok;
  std::uint32_t events = 0;
  bool conn_state = false;  ///< the frame was a ConnState frame
};

/// Where the frame's bytes came from: a live socket, or a recorded capture.
enum class FrameSource : std::uint8_t { Live, Capture };

/// `snapshot_symbol` names the symbol of a capture's recorded REST snapshots (Capture only).
template <VenueDecoder D>
FrameDecode decode_raw_frame(D& decoder, const RawFrame& f, LargeFramePool& pool, EventSink& sink,
                             FrameSource source, SymbolId snapshot_symbol = kNoSymbol) noexcept {
  FrameDecode out;
  if (f.kind == FrameKind::ConnState) {
    out.conn_state = true;
    Event* e = sink.slot(0);
    if (e == nullptr) { out.status = DecodeStatus::SinkFull; return out; }
    std::memset(static_cast<void*>(e), 0, sizeof(Event));
    e->h.type = EventType::ConnState;
    e->h.venue = D::kVenue;
    e->h.conn_id = f.conn_id;
    e->h.symbol = kNoSymbol;
    e->h.rx_tsc = f.rx_tsc;
    e->conn_state.status = static_cast<ConnStatus>(f.conn.status);
    e->conn_state.reason = f.conn.reason;
    out.events = 1;
    return out;
  }
  const std::uint8_t* p = frame_payload(f, pool);
  const std::size_t cap = (f.is_large() ? pool.slot_bytes() : RawFrame::kInlineCapacity) + RawFrame::kPadding;
  const auto set = [&out](const auto& r) noexcept {
    out.status = r.status;
    out.events = r.events;
  };
  if (f.kind == FrameKind::HttpResponse) {
    set(decoder.decode_response(p, f.len, cap, f.response, sink, f.rx_tsc, f.conn_id));
  } else if (source == FrameSource::Capture) {
    set(decoder.decode_record(p, f.len, cap, snapshot_symbol, sink, f.rx_tsc, f.conn_id));
  } else {
    set(decoder.decode_frame(p, f.len, cap, sink, f.rx_tsc, f.conn_id));
  }
  return out;
}

/// After a SinkFull decode: true when even an empty ring could not hold the frame (the
/// caller drops it and counts it), false when it should retry the frame later.
inline bool frame_exceeds_ring(SpscRing<Event>& ring) noexcept {
  return ring.try_claim_batch(ring.capacity()) == ring.capacity();
}

}  // namespace xtb
