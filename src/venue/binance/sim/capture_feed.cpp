// capture_feed.cpp — see capture_feed.hpp.
#include "venue/binance/sim/capture_feed.hpp"

#include <cstring>

namespace xtb::sim::binance_usdm {
namespace {

bool is_depth_snapshot(std::string_view js) noexcept {
  static constexpr std::string_view kPrefix = "{\"lastUpdateId\"";
  return js.size() > kPrefix.size() && js.substr(0, kPrefix.size()) == kPrefix;
}

}  // namespace

CaptureFeed::CaptureFeed(const Capture& cap, binance::Decoder& decoder, SymbolId snapshot_symbol,
                         std::size_t max_events)
    : cap_(cap), decoder_(decoder), snapshot_symbol_(snapshot_symbol),
      buf_(cap.max_record_bytes() + simdjson::SIMDJSON_PADDING, 0), ev_(max_events) {}

bool CaptureFeed::next(const Event*& events, std::size_t& n, EpochMs& now_ms) noexcept {
  if (next_ >= cap_.size()) return false;
  const std::string_view js = cap_.json(next_);
  now_ms = cap_[next_].recv_ns / 1'000'000;
  ++next_;
  std::memcpy(buf_.data(), js.data(), js.size());
  std::memset(buf_.data() + js.size(), 0, simdjson::SIMDJSON_PADDING);
  binance::ArrayEventSink sink(ev_.data(), ev_.size());
  binance::DecodeResult r;
  if (is_depth_snapshot(js)) {
    binance::RestContext rc;
    rc.kind = binance::RestKind::DepthSnapshot;
    rc.symbol = snapshot_symbol_;
    r = decoder_.decode_rest(buf_.data(), js.size(), buf_.size(), rc, sink);
  } else {
    r = decoder_.decode_frame(buf_.data(), js.size(), buf_.size(), sink);
  }
  if (!r.ok()) ++errors_;
  events = ev_.data();
  n = r.events;
  events_ += n;
  return true;
}

std::size_t replay_into(sim::SimExchange& x, CaptureFeed& feed, std::size_t max_records) noexcept {
  std::size_t done = 0;
  const Event* ev = nullptr;
  std::size_t n = 0;
  EpochMs now = 0;
  while (done < max_records && feed.next(ev, n, now)) {
    for (std::size_t i = 0; i < n; ++i) x.on_market_event(ev[i], now);
    ++done;
  }
  return done;
}

}  // namespace xtb::sim::binance_usdm
