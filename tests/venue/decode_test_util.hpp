// decode_test_util.hpp — helpers for the Binance decoder tests: fixture loading into
// padded buffers (SIMDJSON_PADDING zero bytes after the text, like RawFrame slots),
// symbol tables, and one-call decode wrappers that copy the produced events out.
#pragma once
#include <doctest/doctest.h>

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "market/symbol_table.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::binance::test {

inline constexpr std::size_t kPad = 64;  // >= SIMDJSON_PADDING

/// A message copied into a buffer with kPad readable zero bytes after it.
struct Padded {
  std::vector<std::uint8_t> buf;
  std::size_t len = 0;
  explicit Padded(std::string_view s = {}) : buf(s.size() + kPad, 0), len(s.size()) {
    std::copy(s.begin(), s.end(), buf.begin());
  }
  const std::uint8_t* data() const { return buf.data(); }
  std::size_t capacity() const { return buf.size(); }
  std::string_view text() const { return {reinterpret_cast<const char*>(buf.data()), len}; }
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string data_path(std::string_view rel) { return std::string(XTB_DATA_DIR) + "/" + std::string(rel); }
inline std::string fixture(std::string_view rel) { return read_file(data_path("binance-usdm/fixtures/" + std::string(rel))); }

/// Rules with 1e-8 grids for the official docs' example messages, whose prices do not sit
/// on any real tick grid ("p":"0.001" for BTCUSDT). Values below are then value × 1e8.
inline void add_doc_symbols(SymbolTable& t) {
  SymbolRules r;
  r.price = {1, 8};
  r.qty = {1, 8};
  for (const char* s : {"BTCUSDT", "ETHUSDT", "BNBUSDT", "DOGEUSDT", "BTCUSD_240329"}) t.add_symbol(xtb::binance::kVenueId, s, r);
  for (const char* a : {"USDT", "BTC", "BNB"}) t.add_asset(a);
}

/// Real rules from the exchangeInfo fixture (BTCUSDT tick 0.10 / step 0.001, ETHUSDT tick
/// 0.01 / step 0.001, BTCUSDT_220325).
inline void add_real_symbols(SymbolTable& t) {
  const ExchangeInfoResult r = load_exchange_info(fixture("http/http_futures_market_exchange_info.json"), t);
  REQUIRE_MESSAGE(r.ok(), r.error);
}

/// Decoded frame: result plus a copy of the events it produced.
struct Decoded {
  DecodeResult r;
  std::vector<Event> ev;
};

inline Decoded decode_stream(Decoder& d, std::string_view json, std::size_t sink_cap = 256) {
  Padded p(json);
  std::vector<Event> slots(sink_cap);
  ArrayEventSink sink(slots.data(), slots.size());
  Decoded out;
  out.r = d.decode_frame(p.data(), p.len, p.capacity(), sink, 77, 3);
  out.ev.assign(slots.begin(), slots.begin() + out.r.events);
  return out;
}

inline Decoded decode_rest(Decoder& d, std::string_view json, const RestContext& rc, std::size_t sink_cap = 256) {
  Padded p(json);
  std::vector<Event> slots(sink_cap);
  ArrayEventSink sink(slots.data(), slots.size());
  Decoded out;
  out.r = d.decode_rest(p.data(), p.len, p.capacity(), rc, sink, 77, 3);
  out.ev.assign(slots.begin(), slots.begin() + out.r.events);
  return out;
}

inline RestContext rest_ctx(RestKind k, std::uint16_t http = 200, SymbolId sym = kNoSymbol) {
  RestContext rc;
  rc.kind = k;
  rc.http_status = http;
  rc.symbol = sym;
  return rc;
}

}  // namespace xtb::binance::test
