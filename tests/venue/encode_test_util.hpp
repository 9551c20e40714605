// encode_test_util.hpp — shared fixtures for the binance-encode suite: a small symbol
// table, command builders, an independent HMAC reference (OpenSSL's one-shot HMAC()),
// and a percent-decoder.
#pragma once
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <string>
#include <string_view>

#include "core/command.hpp"
#include "venue/binance/encode_types.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::binance::test {

/// Official example secret (authentication.md, "SIGNED Endpoint Examples").
inline constexpr std::string_view kDocSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
inline constexpr std::string_view kDocPayload =
    "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";
inline constexpr std::string_view kDocSignature = "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9";
inline constexpr EpochMs kDocTimestamp = 1591702613943;

/// id 0: BTCUSDT with today's rules (tickSize 0.10 → {1,1}, stepSize 0.001 → {1,3});
/// id 1: ETHUSDT (tickSize 0.01, stepSize 0.001); id 2: unnamed (unknown);
/// id 3: BTCUSDT on an integer grid (tick 1, step 1) to replay the docs' example.
inline const std::array<EncodeSymbol, 4>& symbols() {
  static const std::array<EncodeSymbol, 4> table{{
      {"BTCUSDT", {1, 1}, {1, 3}},
      {"ETHUSDT", {1, 2}, {1, 3}},
      {"", {1, 0}, {1, 0}},
      {"BTCUSDT", {1, 0}, {1, 0}},
  }};
  return table;
}
inline constexpr SymbolId kBtc = 0, kEth = 1, kUnnamed = 2, kBtcIntegerGrid = 3;

inline OrderCommand new_order(SymbolId sym, Side side, PositionSide ps, OrderType type, Price px, Qty qty,
                              TimeInForce tif, std::string_view client_id = {}) {
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.venue = binance::kVenueId;
  c.symbol = sym;
  c.side = side;
  c.position_side = ps;
  c.type = type;
  c.px = px;
  c.qty = qty;
  c.tif = tif;
  c.client_id.assign(client_id);
  return c;
}

/// Protective stop: STOP_MARKET closePosition on the mark price.
inline OrderCommand close_position_stop(Side side, PositionSide ps, Price trigger, std::string_view client_id) {
  OrderCommand c = new_order(kBtc, side, ps, OrderType::StopMarket, 0, 0, TimeInForce::None, client_id);
  c.stop_px = trigger;
  c.working_type = WorkingType::MarkPrice;
  c.flags = OrderCommand::kClosePosition;
  return c;
}

/// Reference HMAC-SHA256 (hex) through OpenSSL's one-shot HMAC(), independent of the signer.
inline std::string reference_hmac_hex(std::string_view key, std::string_view msg) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(msg.data()),
       msg.size(), mac, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xF];
  }
  return out;
}

/// Decodes %XX escapes (no '+' handling: the encoder never emits '+').
inline std::string pct_decode(std::string_view s) {
  auto hex = [](char c) { return (c >= '0' && c <= '9') ? c - '0' : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : c - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Splits signed params into (everything before "&signature=", signature value).
inline std::pair<std::string_view, std::string_view> split_signature(std::string_view params) {
  const std::size_t at = params.rfind("&signature=");
  if (at == std::string_view::npos) return {params, {}};
  return {params.substr(0, at), params.substr(at + 11)};
}

}  // namespace xtb::binance::test
