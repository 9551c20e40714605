// live_test_util.hpp — shared set-up of the live-stage tests: a temporary PKI, the real
// symbol table (exchangeInfo fixture), encoder symbols, the recorded BTCUSDT capture
// (combined-stream lines + its REST depth snapshot), the fake peer, and bounded waits.
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

#include "core/clock.hpp"
#include "fake_binance.hpp"
#include "market/symbol_table.hpp"
#include "net/tls/self_signed.hpp"
#include "sim/capture.hpp"
#include "venue/binance/encode_types.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::live::test {

inline constexpr std::string_view kApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
inline constexpr std::string_view kSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
inline const std::vector<std::string> kListenKeys{
    "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1",
    "WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"};

inline std::string data_file(const std::string& rel) { return std::string(XTB_DATA_DIR) + "/" + rel; }

/// Text of a Binance fixture (binance-usdm/fixtures/<rel>).
inline std::string fixture_text(const std::string& rel) {
  std::ifstream in(data_file("binance-usdm/fixtures/" + rel), std::ios::binary);
  REQUIRE_MESSAGE(in.good(), rel);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A CA + localhost leaf in a temporary directory (removed with the object).
struct Pki {
  std::string dir;
  net::TestPki pki;
  Pki() {
    char tmpl[] = "/tmp/xtb-live-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    std::string err;
    REQUIRE_MESSAGE(net::make_test_pki(dir, "live", &pki, &err), err);
  }
  ~Pki() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
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

inline FakeBinanceConfig fake_config(const Pki& p) {
  FakeBinanceConfig c;
  c.cert_file = p.pki.leaf.cert_path;
  c.key_file = p.pki.leaf.key_path;
  c.api_key = std::string(kApiKey);
  c.secret = std::string(kSecret);
  c.depth_snapshot = capture().snapshot;
  c.listen_keys = kListenKeys;
  return c;
}

/// Polls `done` every millisecond until true or `timeout_ms` passed.
inline bool wait_until(const std::function<bool()>& done, int timeout_ms = 10000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

inline void calibrate_clock_once() {
  static const bool done = [] {
    Clock::calibrate();
    return true;
  }();
  (void)done;
}

}  // namespace xtb::live::test

#include "core/event.hpp"
#include "core/frame_pool.hpp"
#include "core/spsc_ring.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::live::test {

/// A RawFrame copied out of its ring (payload as a string).
struct FrameCopy {
  FrameKind kind{};
  std::uint16_t conn = 0;
  std::uint8_t flags = 0;
  ConnMeta conn_meta{};
  ResponseMeta response{};
  std::string body;
  TscTicks rx_tsc = 0;
  bool large = false;
};

/// Moves every published frame of `ring` into `out` (releasing pool slots). Consumer thread.
inline std::size_t drain_frames(SpscRing<RawFrame>& ring, LargeFramePool& pool, std::vector<FrameCopy>& out) {
  return ring.consume([&](RawFrame& f, std::uint64_t, bool) {
    FrameCopy c;
    c.kind = f.kind;
    c.conn = f.conn_id;
    c.flags = f.flags;
    c.rx_tsc = f.rx_tsc;
    c.large = f.is_large();
    if (f.kind == FrameKind::ConnState) c.conn_meta = f.conn;
    if (f.kind == FrameKind::HttpResponse) c.response = f.response;
    c.body.assign(reinterpret_cast<const char*>(frame_payload(f, pool)), f.len);
    if (f.is_large()) pool.release(f.large_handle);
    out.push_back(std::move(c));
  });
}

inline std::size_t count_kind(const std::vector<FrameCopy>& v, FrameKind k) {
  std::size_t n = 0;
  for (const auto& f : v) n += f.kind == k ? 1 : 0;
  return n;
}

/// ConnState statuses of `conn`, in order.
inline std::vector<ConnStatus> states_of(const std::vector<FrameCopy>& v, std::uint16_t conn) {
  std::vector<ConnStatus> out;
  for (const auto& f : v)
    if (f.kind == FrameKind::ConnState && f.conn == conn) out.push_back(static_cast<ConnStatus>(f.conn_meta.status));
  return out;
}

}  // namespace xtb::live::test
