// decode_types.cpp — names of message kinds and the decode counters' error sum (for logs/reports).
#include "venue/binance/decode_types.hpp"

namespace xtb::binance {

const char* to_string(MsgKind k) noexcept {
  static constexpr const char* kNames[kMsgKindCount] = {
      "none", "bookTicker", "aggTrade", "trade", "markPriceUpdate", "depthUpdate", "forceOrder",
      "kline", "24hrTicker", "ORDER_TRADE_UPDATE", "ACCOUNT_UPDATE", "TRADE_LITE", "ALGO_UPDATE",
      "listenKeyExpired", "MARGIN_CALL", "control-reply", "rest-depth", "rest-order",
      "rest-order-list", "rest-algo-order-list", "rest-position-risk", "rest-balance",
      "rest-account", "rest-error"};
  const auto i = static_cast<int>(k);
  return i < kMsgKindCount ? kNames[i] : "?";
}

std::uint64_t DecodeStats::errors() const noexcept {
  std::uint64_t n = 0;
  for (int i = 0; i < kDecodeStatusCount; ++i) {
    const auto s = static_cast<DecodeStatus>(i);
    if (s != DecodeStatus::Ok && s != DecodeStatus::Ignored && s != DecodeStatus::Unsupported &&
        s != DecodeStatus::VenueError)
      n += by_status[i].load(std::memory_order_relaxed);
  }
  return n;
}

}  // namespace xtb::binance
