// decode_frame.hpp — the Binance USD-M decoder: one complete venue message in, typed
// POD events (core/event.hpp) out, through an EventSink (decode_types.hpp).
//
// Shape: a flyweight over the caller's buffer. The bytes are never copied; simdjson
// On-Demand walks them in place and every field is converted straight into the event
// slot's fixed-point fields. The buffer must stay readable for `capacity` bytes, with
// capacity >= len + SIMDJSON_PADDING (RawFrame and LargeFramePool slots reserve this;
// core/raw_frame.hpp).
//
// Accepted inputs of decode_frame():
//   * raw stream payloads  {"e":"<event>",...}            (/ws/<stream>, /private/ws)
//   * combined streams     {"stream":"<name>","data":{..}} (/stream?streams=a/b) and
//                          array payloads ("data":[{..},..], e.g. !markPrice@arr)
//   * control replies      {"result":..,"id":..}           → Ignored ({"error":..,"id":..}
//                          → Unsupported, so rejected subscriptions show in the counters)
// A combined-stream name ("btcusdt@depth@0ms") selects the payload decoder directly; other
// payloads are dispatched on their "e" field (found wherever it sits in the object).
// Events: see decode_market.hpp (market streams) and decode_user.hpp (user stream).
// REST bodies go through decode_rest() with a RestContext (decode_rest.hpp).
//
// Failure contract: on any error the frame yields exactly one EventType::DecodeError
// event in slot 0 (code = pack_decode_error(result), frame_len = len; none if the sink has
// no slot at all) and nothing else, so
// the sequencer's state never sees half a message; the status is counted in stats().
// Ignored/Unsupported frames yield no event. Unknown symbols are errors of that frame
// (UnknownSymbol), never crashes.
//
// Allocation: the constructor allocates the simdjson parser for `max_frame_bytes`
// (cold path). decode_*() never allocate; frames longer than max_frame_bytes return
// TooLarge instead of letting simdjson grow its buffers.
// Threads: one Decoder per decode thread; the SymbolTable must be immutable meanwhile.
#pragma once
#include <simdjson.h>

#include <cstddef>
#include <cstdint>

#include "core/frame_pool.hpp"
#include "core/raw_frame.hpp"
#include "market/symbol_table.hpp"
#include "venue/binance/decode_rest.hpp"
#include "venue/binance/decode_types.hpp"

namespace xtb::binance {

/// The RestContext of the request a ResponseMeta answers (egress's in-flight record,
/// core/raw_frame.hpp); a transport error reads as http_status 0.
RestContext rest_context_of(const ResponseMeta& meta) noexcept;

class Decoder {
 public:
  static constexpr Venue kVenue = kVenueId;

  /// Largest frame decodable by default: a 1000-level depth snapshot is ~42 KB, a full
  /// positionRisk answer a few hundred KB. exchangeInfo is decoded elsewhere (cold path).
  static constexpr std::size_t kDefaultMaxFrame = 1u << 20;

  /// Cold path: allocates the parser (~6 bytes of index per input byte).
  explicit Decoder(const SymbolTable& symbols, std::size_t max_frame_bytes = kDefaultMaxFrame);

  /// Decodes one WebSocket stream message. `rx_tsc`/`conn_id` are copied into every
  /// event header. Returns the number of slots to publish in DecodeResult::events.
  DecodeResult decode_frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                            EventSink& sink, TscTicks rx_tsc = 0, std::uint16_t conn_id = 0) noexcept;

  /// Decodes the stream message carried by a RawFrame slot of ring R1 (inline bytes or a
  /// LargeFramePool slot; core/raw_frame.hpp, core/frame_pool.hpp), stamping the events
  /// with the frame's rx_tsc and conn_id. HttpResponse frames need a RestContext built by
  /// egress from its request table: they go through decode_rest().
  DecodeResult decode_frame(const RawFrame& frame, LargeFramePool& pool, EventSink& sink) noexcept {
    const std::size_t capacity =
        (frame.is_large() ? pool.slot_bytes() : RawFrame::kInlineCapacity) + RawFrame::kPadding;
    return decode_frame(frame_payload(frame, pool), frame.len, capacity, sink, frame.rx_tsc, frame.conn_id);
  }

  /// Decodes one REST response body answering the request described by `rc`. An empty or
  /// non-JSON body on an HTTP error status still yields one OrderAck (status from
  /// errors.hpp) with DecodeStatus::VenueError.
  DecodeResult decode_rest(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                           const RestContext& rc, EventSink& sink, TscTicks rx_tsc = 0,
                           std::uint16_t conn_id = 0) noexcept;

  /// Pipeline entry (pipeline/decode/venue_decoder.hpp): a venue answer carried by an HttpResponse
  /// frame, decoded with the RestContext rebuilt from the frame's ResponseMeta.
  DecodeResult decode_response(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                               const ResponseMeta& meta, EventSink& sink, TscTicks rx_tsc = 0,
                               std::uint16_t conn_id = 0) noexcept;

  /// Pipeline entry: one record of a capture — a stream message, or a recorded REST depth
  /// snapshot body (`{"lastUpdateId":..}`, which names no symbol) of `snapshot_symbol`.
  DecodeResult decode_record(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                             SymbolId snapshot_symbol, EventSink& sink, TscTicks rx_tsc = 0,
                             std::uint16_t conn_id = 0) noexcept;

  /// GET /fapi/v1/time body {"serverTime":<ms>} (endpoints/public/get_fapi_v1_time.md).
  DecodeStatus decode_server_time(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                  EpochMs& server_ms) noexcept;

  /// GET /fapi/v1/positionSide/dual {"dualSidePosition":<bool>}: true = hedge mode
  /// (endpoints/private/get_fapi_v1_positionside_dual.md).
  DecodeStatus decode_position_mode(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                    bool& hedge_mode) noexcept;

  /// GET /fapi/v1/commissionRate {"symbol","makerCommissionRate","takerCommissionRate"}
  /// → rates scaled 1e8 (0.0002 → 20000) (endpoints/private/get_fapi_v1_commissionrate.md).
  DecodeStatus decode_commission_rate(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                      SymbolId& symbol, std::int64_t& maker_e8, std::int64_t& taker_e8) noexcept;

  const DecodeStats& stats() const noexcept { return stats_; }
  std::size_t max_frame_bytes() const noexcept { return max_frame_; }

  /// Test switch, on by default: off sends every decode_frame() straight to simdjson
  /// On-Demand, skipping the raw fast path (decode_raw.hpp). The two paths must give
  /// identical results (tests/venue/decode_paths_test.cpp checks it); production code
  /// never turns it off. Call between frames, from the decode thread.
  void set_raw_fast_path(bool on) noexcept { raw_fast_path_ = on; }

 private:
  DecodeStatus start(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                     simdjson::ondemand::document& doc) noexcept;
  DecodeResult finish(DecodeStatus st, detail::Ctx& c, std::size_t len) noexcept;

  const SymbolTable& symbols_;
  std::size_t max_frame_;
  bool raw_fast_path_ = true;  ///< set_raw_fast_path()
  simdjson::ondemand::parser parser_;
  DecodeStats stats_;
};

}  // namespace xtb::binance
