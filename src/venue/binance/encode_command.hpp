// encode_command.hpp — OrderEncoder: OrderCommand (ring R3, core/command.hpp) → one
// signed Binance REST request in a preallocated RequestBuffer.
//
//   NewOrder        → POST /fapi/v1/order, or POST /fapi/v1/algoOrder for conditional types
//   CancelOrder     → DELETE /fapi/v1/order | /fapi/v1/algoOrder
//   AmendOrder      → PUT /fapi/v1/order (LIMIT only)
//   QueryOrder      → GET /fapi/v1/order | /fapi/v1/algoOrder
//   CancelAll       → DELETE /fapi/v1/allOpenOrders (symbol); algo orders need a second
//                     request, encode_cancel_all_algo()
//   QueryOpenOrders → GET /fapi/v1/openOrders (symbol, or all when symbol == kNoSymbol);
//                     algo orders: encode_open_algo_orders()
//   QueryPositions  → GET /fapi/v2|v3/positionRisk (EncoderConfig::position_risk)
//
// `timestamp_ms` is venue time from TimeSync::venue_time_ms(); the egress stage must not
// encode orders while TimeSync::needs_resync() (after -1021 the order is rejected, never
// blindly retried) and should run RateLimiter::check(cost_of(...)) before sending.
//
// Threading: an OrderEncoder is immutable after construction; encode*() are const and
// allocation-free, called on the egress thread. The signer and the symbol table must
// outlive it.
#pragma once
#include <cstdint>
#include <span>

#include "core/command.hpp"
#include "venue/binance/encode_account.hpp"
#include "venue/binance/encode_order.hpp"
#include "venue/binance/encode_signing.hpp"
#include "venue/binance/encode_types.hpp"
#include "venue/binance/rate_limit.hpp"
#include "venue/binance/signer.hpp"

namespace xtb::binance {

class OrderEncoder {
 public:
  /// `symbols` is indexed by SymbolId. recv_window_ms is clamped to [1, 60000].
  OrderEncoder(const EncoderConfig& cfg, const HmacSha256Signer& signer,
               std::span<const EncodeSymbol> symbols) noexcept;

  /// Encodes and signs one command. On any error nothing must be sent.
  EncodeError encode(const OrderCommand& cmd, EpochMs timestamp_ms, RequestBuffer& out) const noexcept;

  /// POST /fapi/v1/batchOrders for 1..5 LIMIT/MARKET NewOrder commands.
  EncodeError encode_batch(std::span<const OrderCommand> cmds, EpochMs timestamp_ms,
                           RequestBuffer& out) const noexcept;

  /// GET /fapi/v1/openAlgoOrders for `symbol` (kNoSymbol = all, weight 40).
  EncodeError encode_open_algo_orders(SymbolId symbol, EpochMs timestamp_ms, RequestBuffer& out) const noexcept;
  /// DELETE /fapi/v1/algoOpenOrders for `symbol`.
  EncodeError encode_cancel_all_algo(SymbolId symbol, EpochMs timestamp_ms, RequestBuffer& out) const noexcept;

  const EncoderConfig& config() const noexcept { return cfg_; }

 private:
  const EncodeSymbol* symbol(SymbolId id) const noexcept {
    return find_symbol(symbols_.data(), symbols_.size(), id);
  }
  EncodeError scoped(Endpoint e, SymbolId id, EpochMs ts, RequestBuffer& out) const noexcept;
  EncodeError sign(EncodeError e, EpochMs ts, RequestBuffer& out) const noexcept {
    return e == EncodeError::Ok ? finish_signed(out, signer_, cfg_.recv_window_ms, ts) : e;
  }

  EncoderConfig cfg_;
  const HmacSha256Signer& signer_;
  std::span<const EncodeSymbol> symbols_;
};

/// Rate-limiter cost of an encoded request. `risk` = the command carried kRiskOrder.
RequestCost cost_of(const RequestBuffer& req, bool risk) noexcept;

}  // namespace xtb::binance
