// decoder.hpp — the template venue's decoder: the smallest VenueDecoder
// (pipeline/decode/venue_decoder.hpp), over a toy line protocol so the recipe compiles and is tested
// (tests/venue/template_venue_test.cpp runs it through the shared replay decode stage).
//
// Wire format (toy; a real venue cites its doc's public URL here for every message):
//   "bbo <symbol> <bid ticks> <bid steps> <ask ticks> <ask steps>"  → one BestBidOffer event
//   "trade <symbol> <price ticks> <qty steps> <buy|sell>"          → one Trade event
// Anything else is Unsupported (no event); a known message with a bad field yields one
// DecodeError event; an unknown symbol is UnknownSymbol (one DecodeError event).
//
// Shape: a flyweight over the caller's buffer (no copy). Threads: one decoder per decode
// thread; the SymbolTable must not change meanwhile. Allocation: none.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/raw_frame.hpp"
#include "market/symbol_table.hpp"
#include "venue/_template/venue_id.hpp"
#include "pipeline/decode/venue_decoder.hpp"

namespace xtb::venue_template {

struct DecodeResult {
  DecodeStatus status = DecodeStatus::Ok;
  std::uint32_t events = 0;
};

class Decoder {
 public:
  static constexpr Venue kVenue = kVenueId;

  explicit Decoder(const SymbolTable& symbols) noexcept : symbols_(symbols) {}

  DecodeResult decode_frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                            EventSink& sink, TscTicks rx_tsc = 0, std::uint16_t conn_id = 0) noexcept;
  /// This venue has no REST answers in the toy protocol: every answer is Unsupported.
  DecodeResult decode_response(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                               const ResponseMeta& meta, EventSink& sink, TscTicks rx_tsc = 0,
                               std::uint16_t conn_id = 0) noexcept;
  /// Capture records are stream messages here (no recorded snapshots).
  DecodeResult decode_record(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                             SymbolId snapshot_symbol, EventSink& sink, TscTicks rx_tsc = 0,
                             std::uint16_t conn_id = 0) noexcept {
    (void)snapshot_symbol;
    return decode_frame(bytes, len, capacity, sink, rx_tsc, conn_id);
  }

 private:
  const SymbolTable& symbols_;
};

static_assert(VenueDecoder<Decoder>);

}  // namespace xtb::venue_template
