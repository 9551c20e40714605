// venue_decoder.hpp — what the shared decode stages ask of a venue's decoder, as a C++20
// concept (static dispatch: a stage is instantiated per venue, no virtual call per frame).
//
// A venue is a folder, src/venue/<name>/, with the same parts (docs/venues/adding-a-venue.md,
// src/venue/_template/):
//   decoder      frames → Events (VenueDecoder below): flyweight, allocation-free, fuzzed
//   encoder      OrderCommand → request bytes + rate-limit cost, signer (egress thread)
//   live/        its ingest and egress stages (Stage concept, core/stage.hpp) built from
//                net/client transports, and its LiveVenue (venue/live_venue.hpp): sockets,
//                session driver (logins, keys, time sync, subscriptions, snapshots),
//                start-up reads (symbols, positions)
//   errors       venue error codes → the engine's reasons (OrderAck / RejectReason)
//   sim/         its xtb-sim face (src/sim/ holds the venue-neutral simulator core)
// The decode stages (this folder) are generic over VenueDecoder; the sequencer reads only
// Events, so it is venue-neutral by construction. The pipeline includes no venue header:
// venues depend on it, never the reverse.
//
// Threads: one decoder per decode thread. Errors: a decoder never throws; a frame it cannot
// read yields one DecodeError event (see each venue's decoder header).
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>

#include "core/raw_frame.hpp"
#include "core/types.hpp"
#include "core/decode_status.hpp"
#include "core/event_sink.hpp"

namespace xtb {

/// A decoder's result: `status` and the number of sink slots to publish (`events`).
template <class R>
concept DecodeOutcome = requires(const R& r) {
  { r.status } -> std::convertible_to<DecodeStatus>;
  { r.events } -> std::convertible_to<std::uint32_t>;
};

/// Frames → Events. `capacity` is the readable size of the buffer (≥ len + RawFrame::kPadding);
/// rx_tsc and conn_id are copied into every event header.
///   decode_frame     one stream message (WebSocket text/binary)
///   decode_response  a venue answer relayed by egress (HttpResponse frame + its ResponseMeta)
///   decode_record    one record of a capture (stream message or recorded REST snapshot body
///                    of `snapshot_symbol`, for captures whose snapshots name no symbol)
template <class D>
concept VenueDecoder = requires(D& d, const std::uint8_t* p, std::size_t n, const ResponseMeta& meta,
                                SymbolId snapshot_symbol, EventSink& sink, TscTicks rx, std::uint16_t conn) {
  { D::kVenue } -> std::convertible_to<Venue>;
  { d.decode_frame(p, n, n, sink, rx, conn) } -> DecodeOutcome;
  { d.decode_response(p, n, n, meta, sink, rx, conn) } -> DecodeOutcome;
  { d.decode_record(p, n, n, snapshot_symbol, sink, rx, conn) } -> DecodeOutcome;
};

}  // namespace xtb
