// live_test_util.hpp — shared set-up of the live-stage tests: a temporary PKI, the real
// symbol table (exchangeInfo fixture), encoder symbols, the recorded BTCUSDT capture
// (combined-stream lines + its REST depth snapshot), the fake peer (the fake-venue kit's
// Binance USD-M preset, tests/support/), and bounded waits.
// Test code: allocation, std::function and friends are fine here.
#pragma once
#include <doctest/doctest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "binance_usdm_preset.hpp"
#include "core/clock.hpp"
#include "data_files.hpp"
#include "market/symbol_table.hpp"
#include "ring_frames.hpp"
#include "sim/capture.hpp"
#include "venue/binance/encode_types.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/venue_id.hpp"
#include "wait_until.hpp"

namespace xtb::live::test {

inline constexpr std::string_view kApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
inline constexpr std::string_view kSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
inline const std::vector<std::string> kListenKeys{
    "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1",
    "WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"};

inline std::string data_file(const std::string& rel) { return test_support::data_path(rel); }

/// Text of a Binance fixture (binance-usdm/fixtures/<rel>).
inline std::string fixture_text(const std::string& rel) {
  return test_support::read_data("binance-usdm/fixtures/" + rel);
}

/// A CA + localhost leaf in a temporary directory (removed with the object).
struct Pki : test_support::TempPki {
  Pki() : TempPki("live") {}
};

/// The recorded 2024-08-08 BTCUSDT capture: WebSocket lines in order, and its snapshot.
struct CaptureLines {
  std::vector<std::string> ws;  ///< {"stream":..,"data":..} messages
  std::string snapshot;         ///< the REST depth answer recorded in the capture
};
inline const CaptureLines& capture() {
  static const CaptureLines c = [] {
    const Capture cap = Capture::load(data_file("binance-usdm/capture/btcusdt_20240808.gz"));
    CaptureLines out;
    for (std::size_t i = 0; i < cap.size(); ++i) {
      const std::string_view j = cap.json(i);
      if (j.find("\"stream\"") == std::string_view::npos) {
        if (out.snapshot.empty()) out.snapshot.assign(j);
        continue;
      }
      out.ws.emplace_back(j);
    }
    return out;
  }();
  return c;
}

/// Symbol rules from the recorded exchangeInfo (BTCUSDT tick 0.10, step 0.001, ...).
struct VenueRules {
  SymbolTable symbols;
  std::vector<binance::EncodeSymbol> encode;
  SymbolId btc = kNoSymbol;
  VenueRules() {
    std::ifstream in(data_file("binance-usdm/fixtures/http/http_futures_market_exchange_info.json"));
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto r = binance::load_exchange_info(body, symbols);
    REQUIRE_MESSAGE(r.ok(), r.error);
    btc = symbols.find(xtb::binance::kVenueId, "BTCUSDT");
    REQUIRE(btc != kNoSymbol);
    encode.resize(symbols.size());
    for (SymbolId id = 0; id < symbols.size(); ++id) {
      const SymbolRules& rules = symbols.rules(id);
      // Delivery contracts ("BTCUSDT_220325") are not order-encodable names: left unnamed.
      if (!binance::make_encode_symbol(symbols.name(id), rules.price, rules.qty, encode[id])) encode[id] = {};
    }
  }
};

/// The kit's loopback Binance USD-M peer (tests/support/binance_usdm_preset.hpp) with this
/// PKI's leaf, the test keys, the capture's depth snapshot and kListenKeys. Every answer it
/// wrote was accepted by the server codec (checked when the test drops it).
struct BinancePeer : test_support::BinanceUsdmPeer {
  static test_support::BinanceUsdmOptions options() {
    test_support::BinanceUsdmOptions o;
    o.api_key = std::string(kApiKey);
    o.secret = std::string(kSecret);
    o.depth_snapshot = capture().snapshot;
    o.listen_keys = kListenKeys;
    return o;
  }
  explicit BinancePeer(const Pki& p)
      : BinanceUsdmPeer(test_support::PeerConfig{p.pki.leaf.cert_path, p.pki.leaf.key_path}, options()) {}
  ~BinancePeer() { CHECK(respond_errors() == 0); }
};
using test_support::Fault;
using test_support::Request;

using test_support::calibrate_clock_once;
using test_support::count_kind;
using test_support::drain_frames;
using test_support::FrameCopy;
using test_support::states_of;
using test_support::wait_until;

}  // namespace xtb::live::test
