// fuzz_backpack_decode.cpp — libFuzzer target: the Backpack decoder (WS frames, capture
// records, REST answers) fed with arbitrary bytes.
//
// Input layout: byte 0 selects the entry point (0 WS frame, 1 REST answer, 2 capture record
// with a depth-snapshot symbol, 3 markets loader); byte 1 = RestKind (mod 9); byte 2 = HTTP
// status (200/400/429/503/0); the rest is the message, copied into a buffer with
// SIMDJSON_PADDING zero bytes after it (like a RawFrame slot).
// Invariants (trap on violation): the decoder never writes past the sink; a failed frame
// yields exactly one DecodeError event and nothing else; Ignored/Unsupported yield none;
// every event is a well-formed Backpack event (venue set, level/position counts in bounds,
// known symbol ids).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "venue/backpack/decoder.hpp"
#include "venue/backpack/markets.hpp"

using namespace xtb;
using namespace xtb::backpack;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr std::size_t kSlots = 64;

struct World {
  SymbolTable table{16, 8};
  ClientIdMap ids;
  Decoder dec{table, &ids, 1 << 16};
  Event slots[kSlots + 1];  // one guard slot past the sink
  World() {
    auto add = [&](const char* name, DecimalScale px, DecimalScale qty) {
      SymbolRules r;
      r.price = px;
      r.qty = qty;
      table.add_symbol(kVenueId, name, r);
    };
    add("SOL_USDC_PERP", {1, 2}, {1, 2});  // the real market's grid
    add("ETH_USDC", {1, 2}, {1, 4});
    add("BTC_USDC_PERP", {1, 1}, {1, 5});
    add("HALF_PERP", {5, 1}, {1, 0});  // a 0.5 tick exercises the division path
    for (const char* a : {"USDC", "ETH"}) table.add_asset(a);
    (void)ClientIdMap::create("xtb-run1-k0-", ClientIdMap::kEpochMs, ids);
  }
};

void check_event(const World& w, const Event& e) {
  FUZZ_ASSERT(e.h.venue == kVenueId);
  FUZZ_ASSERT(e.h.type != EventType::None);
  FUZZ_ASSERT(e.h.symbol == kNoSymbol || e.h.symbol < w.table.size());
  if (e.h.type == EventType::DepthUpdate) FUZZ_ASSERT(e.depth.n_bids + e.depth.n_asks <= DepthUpdate::kMaxLevels);
  if (e.h.type == EventType::AccountUpdate) FUZZ_ASSERT(e.account_update.n_positions <= AccountUpdate::kMaxPositions);
  if (e.h.type == EventType::OrderUpdate) FUZZ_ASSERT(e.order_update.client_id.len <= ClientOrderId::kMax);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World w;
  if (size < 3) return 0;
  std::vector<std::uint8_t> buf(data + 3, data + size);
  const std::size_t len = buf.size();
  buf.resize(len + 64, 0);
  const int entry = data[0] & 3;
  if (entry == 3) {  // cold loader: must not crash or throw on any body
    SymbolTable t(8, 8);
    (void)load_markets({reinterpret_cast<const char*>(buf.data()), len}, t, (data[1] & 1) != 0);
    return 0;
  }
  ResponseMeta meta{};
  meta.rest_kind = static_cast<std::uint8_t>(data[1] % 9);
  static constexpr std::uint16_t kHttp[5] = {200, 400, 429, 503, 0};
  meta.http_status = kHttp[data[2] % 5];
  meta.symbol = 0;
  std::memset(static_cast<void*>(w.slots), 0xA5, sizeof w.slots);
  ArrayEventSink sink(w.slots, kSlots);
  const DecodeResult r = entry == 1   ? w.dec.decode_response(buf.data(), len, buf.size(), meta, sink)
                         : entry == 2 ? w.dec.decode_record(buf.data(), len, buf.size(), 2, sink)
                                      : w.dec.decode_frame(buf.data(), len, buf.size(), sink);
  FUZZ_ASSERT(r.events <= kSlots);
  const auto* guard = reinterpret_cast<const std::uint8_t*>(&w.slots[kSlots]);
  for (std::size_t i = 0; i < sizeof(Event); ++i) FUZZ_ASSERT(guard[i] == 0xA5);
  if (!r.ok() && r.status != DecodeStatus::Ignored && r.status != DecodeStatus::Unsupported) {
    FUZZ_ASSERT(r.events == 1);
    FUZZ_ASSERT(w.slots[0].h.type == EventType::DecodeError);
    FUZZ_ASSERT((w.slots[0].decode_error.code & 0xFF) == static_cast<int>(r.status));
  }
  if (r.status == DecodeStatus::Ignored || r.status == DecodeStatus::Unsupported) FUZZ_ASSERT(r.events == 0);
  for (std::uint32_t i = 0; i < r.events; ++i) check_event(w, w.slots[i]);
  return 0;
}
