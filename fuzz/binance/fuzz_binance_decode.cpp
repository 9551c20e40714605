// fuzz_binance_decode.cpp — libFuzzer target: the Binance USD-M decoder (stream and REST
// entry points) and the order-book synchroniser fed with arbitrary bytes.
//
// Input layout: byte 0 bit 0 = REST body (else WebSocket stream frame); byte 1 = RestKind
// (mod 10); byte 2 = HTTP status class (200/400/429/503); the rest is the message, copied
// into a buffer with SIMDJSON_PADDING zero bytes after it (like a RawFrame slot).
// Invariants (trap on violation): the decoder never writes past the sink; a failed frame
// yields exactly one DecodeError event and nothing else; every event is a well-formed
// Binance event (venue set, chunk level counts within bounds); BookSync keeps both book
// sides strictly ordered and the book's size within its capacity.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "market/book_sync.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::binance;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr std::size_t kSlots = 64;

struct World {
  SymbolTable table{16, 8};
  Decoder dec{table, 1 << 16};
  OrderBook book{0, 256};
  BookSync sync{book, 64};
  Event slots[kSlots + 1];  // one guard slot past the sink
  World() {
    SymbolRules btc;  // BTCUSDT: tick 0.10, step 0.001 (exchangeInfo)
    btc.price = {1, 1};
    btc.qty = {1, 3};
    table.add_symbol(xtb::binance::kVenueId, "BTCUSDT", btc);
    SymbolRules fine;  // 1e-8 grids: the docs' example messages
    fine.price = {1, 8};
    fine.qty = {1, 8};
    for (const char* s : {"ETHUSDT", "BNBUSDT", "DOGEUSDT"}) table.add_symbol(xtb::binance::kVenueId, s, fine);
    SymbolRules half;  // a 0.5 tick exercises the division path
    half.price = {5, 1};
    half.qty = {1, 0};
    table.add_symbol(xtb::binance::kVenueId, "HALFUSDT", half);
    for (const char* a : {"USDT", "BTC", "BNB"}) table.add_asset(a);
  }
};

void check_side(const BookSide& s) {
  FUZZ_ASSERT(s.size() <= s.capacity());
  for (std::size_t d = 1; d < s.size(); ++d) {
    const Price better = s.at_depth(d - 1).px, worse = s.at_depth(d).px;
    FUZZ_ASSERT(s.is_bid() ? better > worse : better < worse);
    FUZZ_ASSERT(s.at_depth(d).qty > 0);
  }
}

void check_event(const Event& e) {
  FUZZ_ASSERT(e.h.venue == binance::kVenueId);
  FUZZ_ASSERT(e.h.type != EventType::None);
  if (e.h.type == EventType::DepthUpdate) FUZZ_ASSERT(e.depth.n_bids + e.depth.n_asks <= DepthUpdate::kMaxLevels);
  if (e.h.type == EventType::AccountUpdate) {
    FUZZ_ASSERT(e.account_update.n_positions <= AccountUpdate::kMaxPositions);
    FUZZ_ASSERT(e.account_update.n_balances <= AccountUpdate::kMaxBalances);
  }
  if (e.h.type == EventType::OrderUpdate) FUZZ_ASSERT(e.order_update.client_id.len <= ClientOrderId::kMax);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World w;
  if (size < 3) return 0;
  const bool rest = data[0] & 1;
  RestContext rc;
  rc.kind = static_cast<RestKind>(data[1] % 10);
  static constexpr std::uint16_t kHttp[4] = {200, 400, 429, 503};
  rc.http_status = kHttp[data[2] & 3];
  rc.symbol = 0;
  std::vector<std::uint8_t> buf(data + 3, data + size);
  const std::size_t len = buf.size();
  buf.resize(len + 64, 0);
  std::memset(w.slots, 0xA5, sizeof w.slots);
  ArrayEventSink sink(w.slots, kSlots);
  const DecodeResult r = rest ? w.dec.decode_rest(buf.data(), len, buf.size(), rc, sink)
                              : w.dec.decode_frame(buf.data(), len, buf.size(), sink);
  FUZZ_ASSERT(r.events <= kSlots);
  const Event guard = w.slots[kSlots];
  for (std::size_t i = 0; i < sizeof(Event); ++i)
    FUZZ_ASSERT(reinterpret_cast<const std::uint8_t*>(&guard)[i] == 0xA5);
  if (!r.ok() && r.status != DecodeStatus::Ignored && r.status != DecodeStatus::Unsupported &&
      r.status != DecodeStatus::SinkFull) {
    FUZZ_ASSERT(r.events == 1);
    FUZZ_ASSERT(w.slots[0].h.type == EventType::DecodeError);
    FUZZ_ASSERT(decode_error_status(w.slots[0].decode_error.code) == r.status);
  }
  if (r.status == DecodeStatus::Ignored || r.status == DecodeStatus::Unsupported) FUZZ_ASSERT(r.events == 0);
  for (std::uint32_t i = 0; i < r.events; ++i) {
    check_event(w.slots[i]);
    if (r.ok() && w.slots[i].h.type == EventType::DepthUpdate) w.sync.on_depth(w.slots[i]);
  }
  check_side(w.book.bids());
  check_side(w.book.asks());
  if (w.sync.book_valid()) FUZZ_ASSERT(!w.book.crossed());
  return 0;
}
