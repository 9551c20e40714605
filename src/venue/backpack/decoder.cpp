// decoder.cpp — see decoder.hpp. WS/capture dispatch, the failure contract, counters.
// REST answers: decode_rest.cpp.
#include "venue/backpack/decoder.hpp"

#include "venue/backpack/decode_account.hpp"
#include "venue/backpack/decode_market.hpp"

namespace xtb::backpack {
namespace od = simdjson::ondemand;
using detail::Ctx;
using detail::FieldMap;
using detail::JsonKind;
using detail::LevelScratch;
using detail::Scalar;

const char* to_string(MsgKind k) noexcept {
  static constexpr const char* kNames[] = {"none", "depth", "bookTicker", "trade", "markPrice", "orderUpdate",
                                           "positionUpdate", "ignored-stream", "ws-control", "depth-snapshot",
                                           "rest-order", "rest-order-list", "rest-positions", "rest-error",
                                           "rest-balances"};
  const auto i = static_cast<std::size_t>(k);
  return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "?";
}

namespace {

bool ignored_event(std::string_view e) noexcept {
  return e == "kline" || e == "ticker" || e == "openInterest" || e == "liquidation" || e.starts_with("rfq") ||
         e.starts_with("quote");
}

// One payload's event name → its decoder.
DecodeStatus dispatch(const FieldMap& fm, const LevelScratch& lv, std::string_view e, Ctx& c,
                      MsgKind& kind) noexcept {
  if (e == "depth") return kind = MsgKind::Depth, detail::decode_depth(fm, lv, c);
  if (e == "bookTicker") return kind = MsgKind::BookTicker, detail::decode_book_ticker(fm, c);
  if (e == "trade") return kind = MsgKind::Trade, detail::decode_trade(fm, c);
  if (e == "markPrice") return kind = MsgKind::MarkPrice, detail::decode_mark_price(fm, c);
  if (e.starts_with("order") || e.starts_with("trigger"))
    return kind = MsgKind::OrderUpdate, detail::decode_order_update(fm, e, c);
  if (e.starts_with("position")) return kind = MsgKind::PositionUpdate, detail::decode_position_update(fm, e, c);
  if (ignored_event(e)) return kind = MsgKind::IgnoredStream, DecodeStatus::Ignored;
  return DecodeStatus::Unsupported;
}

}  // namespace

Decoder::Decoder(const SymbolTable& symbols, const ClientIdMap* ids, std::size_t max_frame_bytes)
    : symbols_(symbols),
      ids_(ids),
      max_frame_(max_frame_bytes),
      levels_(std::make_unique<detail::RawLevel[]>(kMaxLevels)) {
  // Cold: sizes the parser so iterate() never allocates; on failure iterate() reports it.
  if (parser_.allocate(max_frame_) != simdjson::SUCCESS) max_frame_ = 0;
}

DecodeStatus Decoder::start(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                            od::document& doc) noexcept {
  if (len > max_frame_) return DecodeStatus::TooLarge;
  if (capacity < len + simdjson::SIMDJSON_PADDING) return DecodeStatus::NoPadding;
  if (parser_.iterate(reinterpret_cast<const char*>(bytes), len, capacity).get(doc)) return DecodeStatus::BadJson;
  return DecodeStatus::Ok;
}

DecodeResult Decoder::finish(DecodeStatus st, MsgKind kind, Ctx& c, std::size_t len) noexcept {
  DecodeStats::bump(stats_.by_status[static_cast<int>(st)]);
  DecodeStats::bump(stats_.by_kind[static_cast<int>(kind)]);
  if (c.skipped_rows) DecodeStats::bump(stats_.skipped_rows, c.skipped_rows);
  DecodeResult r{st, kind, st == DecodeStatus::BadDecimal ? c.decimal : DecimalError::Ok, 0};
  if (st == DecodeStatus::Ok || st == DecodeStatus::VenueError) {
    r.events = c.n;
    DecodeStats::bump(stats_.events, c.n);
    return r;
  }
  if (st == DecodeStatus::Ignored || st == DecodeStatus::Unsupported) return r;
  c.n = 0;  // drop anything written: the frame is one DecodeError
  Event* e = c.next(EventType::DecodeError, kNoSymbol, 0);
  if (e == nullptr) return r;
  e->decode_error.code = pack_decode_error(r);
  e->decode_error.frame_len = static_cast<std::uint32_t>(len);
  r.events = 1;
  return r;
}

DecodeStatus Decoder::payload(od::document& doc, SymbolId snapshot_symbol, Ctx& c, MsgKind& kind) noexcept {
  od::json_type type;
  if (doc.type().get(type)) return DecodeStatus::BadJson;
  if (type != od::json_type::object) return DecodeStatus::Unsupported;  // not a stream message
  od::object top;
  if (doc.get_object().get(top)) return DecodeStatus::BadJson;
  FieldMap fm;
  LevelScratch lv = scratch();
  od::value data;
  const simdjson::error_code err = top.find_field_unordered("data").get(data);
  if (!err) {  // {"stream":..,"data":{..}}
    od::object o;
    if (data.get_object().get(o)) return DecodeStatus::WrongType;
    XTB_BP_TRY(detail::scan_object(o, fm, &lv));
  } else if (err == simdjson::NO_SUCH_FIELD) {  // a bare payload or a control message
    if (doc.rewind(), doc.get_object().get(top)) return DecodeStatus::BadJson;
    XTB_BP_TRY(detail::scan_object(top, fm, &lv));
  } else {
    return DecodeStatus::BadJson;
  }
  if (const Scalar e = fm.get("e"); e.present()) {
    if (e.kind != JsonKind::String) return DecodeStatus::WrongType;
    return dispatch(fm, lv, e.text, c, kind);
  }
  if (fm.get("error").present()) return kind = MsgKind::WsControl, DecodeStatus::Unsupported;
  if (fm.get("lastUpdateId").present())
    return kind = MsgKind::DepthSnapshot, detail::decode_depth_snapshot(fm, lv, snapshot_symbol, c);
  if (fm.get("result").present() && fm.get("id").present()) return kind = MsgKind::WsControl, DecodeStatus::Ignored;
  return DecodeStatus::Unsupported;
}

DecodeResult Decoder::frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                            SymbolId snapshot_symbol, Ctx& c) noexcept {
  MsgKind kind = MsgKind::None;
  od::document doc;
  DecodeStatus st = start(bytes, len, capacity, doc);
  if (st == DecodeStatus::Ok) st = payload(doc, snapshot_symbol, c, kind);
  return finish(st, kind, c, len);
}

DecodeResult Decoder::decode_frame(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                   EventSink& sink, TscTicks rx_tsc, std::uint16_t conn_id) noexcept {
  Ctx c{sink, symbols_, ids_, rx_tsc, conn_id};
  return frame(bytes, len, capacity, kNoSymbol, c);
}

DecodeResult Decoder::decode_record(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                                    SymbolId snapshot_symbol, EventSink& sink, TscTicks rx_tsc,
                                    std::uint16_t conn_id) noexcept {
  Ctx c{sink, symbols_, ids_, rx_tsc, conn_id};
  return frame(bytes, len, capacity, snapshot_symbol, c);
}

}  // namespace xtb::backpack
