// types.hpp — scalar vocabulary shared by every stage: symbol ids, fixed-point prices and
// quantities, sides, time in force, order status. All are trivially copyable and fit in
// registers; nothing here allocates.
//
// Units (read these before touching any arithmetic):
//   Price   — int64 count of the symbol's tick size (PRICE_FILTER.tickSize on Binance).
//   Qty     — int64 count of the symbol's step size (LOT_SIZE.stepSize on Binance).
//   Amount  — int64 asset units scaled by 1e8 (balances, PnL, fees, funding rates).
//   TscTicks— raw time-stamp-counter reading; convert with Clock (clock.hpp).
//   EpochMs — venue wall-clock milliseconds since the Unix epoch.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

namespace xtb {

using SymbolId = std::uint32_t;  ///< dense id assigned at start-up from the symbol table
using Price = std::int64_t;      ///< price in ticks of the symbol's tick size
using Qty = std::int64_t;        ///< quantity in steps of the symbol's step size
using Amount = std::int64_t;     ///< asset amount scaled by kAmountScale
using TscTicks = std::uint64_t;  ///< raw TSC reading (see Clock)
using EpochMs = std::int64_t;    ///< venue time, ms since 1970-01-01T00:00:00Z

inline constexpr Amount kAmountScale = 100'000'000;  // 1e8
inline constexpr SymbolId kNoSymbol = 0xFFFF'FFFFu;

/// A venue's id; an instrument is (venue, symbol). Each venue folder defines its own
/// (src/venue/<name>/venue_id.hpp: binance_usdm is 1) and the venue list checks they
/// differ; 0 is "no venue".
enum class Venue : std::uint8_t { None = 0 };

enum class Side : std::uint8_t { None = 0, Buy = 1, Sell = 2 };

/// Binance positionSide: BOTH in one-way mode, LONG/SHORT in hedge mode.
enum class PositionSide : std::uint8_t { Both = 0, Long = 1, Short = 2 };

/// PostOnly: good till cancelled, but refused rather than take liquidity (the field's
/// "post-only"; each venue encodes it its own way, e.g. Binance timeInForce=GTX, Backpack
/// postOnly=true). Values are stable: journals store them.
enum class TimeInForce : std::uint8_t { None = 0, GTC = 1, IOC = 2, FOK = 3, PostOnly = 4, GTD = 5 };

enum class OrderType : std::uint8_t {
  None = 0, Limit, Market, Stop, StopMarket, TakeProfit, TakeProfitMarket,
  TrailingStopMarket, Liquidation
};

/// Venue-reported execution type of an order update (Binance `x`).
enum class ExecType : std::uint8_t { None = 0, New, Canceled, Calculated, Expired, Trade, Amendment };

/// The engine's single order model (design §4). Venue statuses map onto it in each
/// venue's decoder; UNKNOWN means "submit outcome not known — query by client order id".
enum class OrderStatus : std::uint8_t {
  New = 0, Submitting, Open, PartiallyFilled, Filled, Canceled, Rejected, Expired, Failed, Unknown
};

/// Mark/working price type for conditional orders (Binance `workingType`).
enum class WorkingType : std::uint8_t { None = 0, MarkPrice, ContractPrice };

/// Client order id: the engine's id of an order, opaque bytes (at most kMax). The engine
/// issues `<prefix>-<run_id>-<epoch>-<seq>` (engine/order_id_allocator.hpp); each venue
/// validates or maps it to its own form on the wire (Binance USD-M sends it as
/// newClientOrderId and checks its alphabet; Backpack maps it to a uint32 clientId): each
/// venue folder's client id header. Fixed inline storage, no allocation.
struct ClientOrderId {
  static constexpr std::size_t kMax = 36;
  char data[kMax];
  std::uint8_t len;

  /// Copies `s` (truncating to kMax: callers check the length first).
  void assign(std::string_view s) noexcept {
    len = static_cast<std::uint8_t>(s.size() < kMax ? s.size() : kMax);
    if (len) std::memcpy(data, s.data(), len);  // s.data() may be null when empty
  }
  std::string_view view() const noexcept { return {data, len}; }
  bool empty() const noexcept { return len == 0; }
  friend bool operator==(const ClientOrderId& a, const ClientOrderId& b) noexcept {
    return a.view() == b.view();
  }
};
}  // namespace xtb
