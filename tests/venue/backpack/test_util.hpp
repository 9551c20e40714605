// test_util.hpp — shared helpers of the Backpack tests: the real messages of
// shared/data/backpack/ (each re-serialised compactly by simdjson), a symbol table with
// the instruments those messages name, and a padded frame buffer.
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/event_sink.hpp"
#include "market/symbol_table.hpp"
#include "venue/backpack/venue_id.hpp"

namespace xtb::backpack::test {

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string data_path(const char* name) { return std::string(XTB_DATA_DIR) + "/backpack/" + name; }

/// One real message: where it came from (file + test/function) and its compact JSON.
struct Sample {
  std::string source;  ///< "types/src/order.rs:test_order_update" or "js/src/pro/backpack.js:handleOrder"
  std::string function;
  std::string json;
};

/// Every entry of bpx_api_client_test_messages.json ("message") and ccxt_examples.json
/// ("example").
inline std::vector<Sample> load_samples(const char* file) {
  static simdjson::dom::parser parser;
  std::vector<Sample> out;
  const std::string body = read_file(data_path(file));
  simdjson::dom::element root = parser.parse(body);
  for (simdjson::dom::element e : root["entries"].get_array()) {
    Sample s;
    std::string_view src = e["file"].get_string();
    std::string_view fn = e["test"].error() ? std::string_view(e["function"].get_string()) : std::string_view(e["test"].get_string());
    s.source = std::string(src) + ":" + std::string(fn);
    s.function = std::string(fn);
    simdjson::dom::element msg = e["message"].error() ? e["example"].value() : e["message"].value();
    s.json = simdjson::minify(msg);
    out.push_back(std::move(s));
  }
  return out;
}

/// The instruments the real messages name. SOL_USDC(_PERP) grids are the real markets'
/// (bpx-api-client / ccxt market literals: tick 0.01, step 0.01); the ETH and BTC grids
/// are the finest grids the messages' own values fit (tick 0.01 / step 0.0001, tick 0.1 /
/// step 0.00001) — an assumption, no markets body for them is in the data.
inline SymbolTable& symbols() {
  static SymbolTable t = [] {
    SymbolTable tab(64, 16);
    auto add = [&](const char* name, DecimalScale px, DecimalScale qty) {
      SymbolRules r;
      r.price = px;
      r.qty = qty;
      tab.add_symbol(kVenueId, name, r);
    };
    add("SOL_USDC_PERP", {1, 2}, {1, 2});
    add("SOL_USDC", {1, 2}, {1, 2});
    add("ETH_USDC", {1, 2}, {1, 4});
    add("ETH_USDC_PERP", {1, 2}, {1, 4});
    add("BTC_USDC_PERP", {1, 1}, {1, 5});
    for (const char* a : {"USDC", "ETH", "SOL", "BTC"}) tab.add_asset(a);
    return tab;
  }();
  return t;
}

/// A padded copy of `json` (SIMDJSON_PADDING zero bytes after it), like a RawFrame slot.
struct Frame {
  std::vector<std::uint8_t> buf;
  std::size_t len;
  explicit Frame(std::string_view json) : buf(json.size() + simdjson::SIMDJSON_PADDING, 0), len(json.size()) {
    std::copy(json.begin(), json.end(), buf.begin());
  }
  const std::uint8_t* data() const { return buf.data(); }
  std::size_t cap() const { return buf.size(); }
};

struct Events {
  Event ev[256];
  ArrayEventSink sink{ev, 256};
};

}  // namespace xtb::backpack::test
