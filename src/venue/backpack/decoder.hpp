// decoder.hpp — the Backpack decoder: one complete venue message in, POD Events
// (core/event.hpp) out through an EventSink; satisfies VenueDecoder
// (pipeline/decode/venue_decoder.hpp).
//
// decode_frame: WS messages, wrapped {"stream":"<type>.<symbol>","data":{..}} or bare
//   {"e":..}; dispatched on `e` (decode_market.hpp, decode_account.hpp). kline, ticker,
//   openInterest, rfq*/quote* → Ignored; {"id":..,"result":..} → Ignored; other shapes (REST bodies) → Unsupported; {"error":..}
//   (e.g. 4006 "Invalid stream") → Unsupported so rejected subscriptions show in counters;
//   any other `e` → Unsupported. https://docs.backpack.exchange/#tag/Streams
// decode_response: REST answers with the request's ResponseMeta (rest_kind = RestKind):
//   OrderExecute/OrderCancel → OrderAck (status from the returned order), CancelAll →
//   OrderAck + one OrderUpdate row per cancelled order, OrderQuery → OrderUpdate row,
//   OpenOrders → OrderUpdate rows (unknown symbols skipped and counted), Positions →
//   AccountUpdate chunks (one empty chunk for no positions), Balances (GET /api/v1/capital,
//   {"<ASSET>":{available,locked,staked}}) → AccountUpdate balance chunks (wallet =
//   available + locked + staked, cross_wallet = available, 1e-8 units; assets not in the
//   table skipped and counted; private/get_balances.md), DepthSnapshot → DepthUpdate
//   chunks with kSnapshot for meta.symbol. HTTP ≥ 400 bodies {"code":"<STRING>","message":..}
//   → OrderAck with error_code = BackpackError and the status of errors.hpp, status
//   VenueError; no answer (http 0 / transport error) → OrderAck Unknown; local refusals →
//   OrderAck with the error the venue would give.
// decode_record: a capture record — a WS message, or a REST depth snapshot body
//   ({"asks","bids","lastUpdateId",..}: no symbol, so `snapshot_symbol`).
//
// Failure contract: a frame that cannot be decoded yields exactly one DecodeError event in
// slot 0 (code = pack_decode_error) and nothing else; unknown symbols are UnknownSymbol
// errors of that frame. Ignored/Unsupported frames yield no event.
// Shape: a flyweight over the caller's buffer (capacity >= len + SIMDJSON_PADDING).
// Allocation: the constructor allocates the simdjson parser and the level scratch (cold);
// decode_*() never allocate; longer frames are TooLarge.
// Threads: one Decoder per decode thread; SymbolTable and ClientIdMap immutable meanwhile.
#pragma once
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/raw_frame.hpp"
#include "market/symbol_table.hpp"
#include "pipeline/decode/venue_decoder.hpp"
#include "venue/backpack/client_id.hpp"
#include "venue/backpack/decode_fields.hpp"
#include "venue/backpack/decode_types.hpp"
#include "venue/backpack/venue_id.hpp"

namespace xtb::backpack {

class Decoder {
 public:
  static constexpr Venue kVenue = kVenueId;
  static constexpr std::size_t kDefaultMaxFrame = 1u << 20;
  /// Level views per frame: /api/v1/depth returns up to 5000 levels per side (change_log.md).
  static constexpr std::size_t kMaxLevels = 10000;

  /// `ids` maps clientIds back to engine ids (nullptr: every clientId is foreign "bp:<u32>").
  explicit Decoder(const SymbolTable& symbols, const ClientIdMap* ids = nullptr,
                   std::size_t max_frame_bytes = kDefaultMaxFrame);

  DecodeResult decode_frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity, EventSink& sink,
                            TscTicks rx_tsc = 0, std::uint16_t conn_id = 0) noexcept;
  DecodeResult decode_response(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                               const ResponseMeta& meta, EventSink& sink, TscTicks rx_tsc = 0,
                               std::uint16_t conn_id = 0) noexcept;
  DecodeResult decode_record(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                             SymbolId snapshot_symbol, EventSink& sink, TscTicks rx_tsc = 0,
                             std::uint16_t conn_id = 0) noexcept;

  const DecodeStats& stats() const noexcept { return stats_; }

 private:
  DecodeResult frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity, SymbolId snapshot_symbol,
                     detail::Ctx& c) noexcept;
  DecodeStatus payload(simdjson::ondemand::document& doc, SymbolId snapshot_symbol, detail::Ctx& c,
                       MsgKind& kind) noexcept;
  DecodeStatus rest_ok(simdjson::ondemand::document& doc, const ResponseMeta& meta, detail::Ctx& c,
                       MsgKind& kind) noexcept;
  DecodeStatus rest_list(simdjson::ondemand::document& doc, const ResponseMeta& meta, detail::Ctx& c) noexcept;
  DecodeStatus rest_balances(simdjson::ondemand::document& doc, detail::Ctx& c) noexcept;
  DecodeStatus rest_error(const std::uint8_t* bytes, std::size_t len, std::size_t capacity, const ResponseMeta& meta,
                          detail::Ctx& c) noexcept;
  DecodeStatus start(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                     simdjson::ondemand::document& doc) noexcept;
  detail::LevelScratch scratch() noexcept { return {levels_.get(), kMaxLevels, 0, 0, false, false}; }
  DecodeResult finish(DecodeStatus st, MsgKind kind, detail::Ctx& c, std::size_t len) noexcept;

  const SymbolTable& symbols_;
  const ClientIdMap* ids_;
  std::size_t max_frame_;
  std::unique_ptr<detail::RawLevel[]> levels_;
  simdjson::ondemand::parser parser_;
  DecodeStats stats_;
};

static_assert(VenueDecoder<Decoder>);

}  // namespace xtb::backpack
