// sim_errors.hpp — the Binance USD-M error answers the simulated exchange gives.
//
// Codes and names: ../shared/venue-docs/binance/usdm/error_codes.md. Messages are the
// venue's text where the docs give one; a few are the exact strings the live venue sends
// (noted below) because clients match on them. Where the venue substitutes a value
// (`%s`), the simulator formats it into Reject::msg.
//
// Threads: constants and pure functions; no allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace xtb::sim {

/// A code with its fixed message.
struct ErrorDef {
  std::int32_t code;
  const char* msg;
};

/// A rejection as returned to the REST caller: {"code":<code>,"msg":"<msg>"}.
/// Fixed inline storage (hot path); a message longer than kMaxMsg is truncated.
struct Reject {
  static constexpr std::size_t kMaxMsg = 119;
  std::int32_t code = 0;  ///< 0 = no error
  std::uint8_t len = 0;
  char msg[kMaxMsg] = {};

  bool ok() const noexcept { return code == 0; }
  std::string_view message() const noexcept { return {msg, len}; }
  /// Sets code and message (copied, truncated to kMaxMsg).
  void set(std::int32_t c, std::string_view m) noexcept {
    code = c;
    len = static_cast<std::uint8_t>(m.size() < kMaxMsg ? m.size() : kMaxMsg);
    if (len != 0) std::memcpy(msg, m.data(), len);
  }
  void set(const ErrorDef& d) noexcept { set(d.code, d.msg); }
  /// Sets `d` with its single `%s` replaced by `arg` (messages of error_codes.md).
  void set_formatted(const ErrorDef& d, std::string_view arg) noexcept;
};

namespace err {
// 11xx request issues
inline constexpr ErrorDef kMandatoryParam{-1102, "Mandatory parameter '%s' was not sent, was empty/null, or malformed."};
/// The live venue writes the parameter name in lower case ("reduceonly").
inline constexpr ErrorDef kParamNotRequired{-1106, "Parameter '%s' sent when not required."};
inline constexpr ErrorDef kBadPrecision{-1111, "Precision is over the maximum defined for this asset."};
inline constexpr ErrorDef kInvalidTif{-1115, "Invalid timeInForce."};
inline constexpr ErrorDef kInvalidOrderType{-1116, "Invalid orderType."};
inline constexpr ErrorDef kInvalidSide{-1117, "Invalid side."};
inline constexpr ErrorDef kBadSymbol{-1121, "Invalid symbol."};
inline constexpr ErrorDef kBadCombo{-1128, "Combination of optional parameters invalid."};
inline constexpr ErrorDef kInvalidParam{-1130, "Data sent for parameter '%s' is not valid."};
inline constexpr ErrorDef kInvalidRespType{-1136, "Invalid newOrderRespType."};
// 20xx processing issues
inline constexpr ErrorDef kUnknownOrder{-2011, "Unknown order sent."};
inline constexpr ErrorDef kNoSuchOrder{-2013, "Order does not exist."};
inline constexpr ErrorDef kMarginInsufficient{-2019, "Margin is insufficient."};
inline constexpr ErrorDef kWouldTrigger{-2021, "Order would immediately trigger."};
inline constexpr ErrorDef kReduceOnlyReject{-2022, "ReduceOnly Order is rejected."};
inline constexpr ErrorDef kMaxOpenOrders{-2025, "Reach max open order limit."};
// 40xx filters and other issues
inline constexpr ErrorDef kPriceLessThanZero{-4001, "Price less than 0."};
inline constexpr ErrorDef kPriceAboveMax{-4002, "Price greater than max price."};
inline constexpr ErrorDef kQtyLessThanZero{-4003, "Quantity less than zero."};
inline constexpr ErrorDef kQtyBelowMin{-4004, "Quantity less than min quantity."};
inline constexpr ErrorDef kQtyAboveMax{-4005, "Quantity greater than max quantity."};
inline constexpr ErrorDef kStopPriceLessThanZero{-4006, "Stop price less than zero."};
inline constexpr ErrorDef kStopPriceAboveMax{-4007, "Stop price greater than max price."};
inline constexpr ErrorDef kPriceBelowMin{-4013, "Price less than min price."};
inline constexpr ErrorDef kPriceTick{-4014, "Price not increased by tick size."};
inline constexpr ErrorDef kClientIdInvalid{-4015, "Client order id is not valid."};
inline constexpr ErrorDef kPriceAboveMultiplier{-4016, "Price is higher than mark price multiplier cap."};
inline constexpr ErrorDef kQtyStep{-4023, "Qty not increased by step size."};
inline constexpr ErrorDef kPriceBelowMultiplier{-4024, "Price is lower than mark price multiplier floor."};
inline constexpr ErrorDef kInvalidLeverage{-4028, "Leverage %s is not valid"};
inline constexpr ErrorDef kInvalidWorkingType{-4031, "Invalid parameter working type"};
inline constexpr ErrorDef kNoNeedMarginType{-4046, "No need to change margin type."};
inline constexpr ErrorDef kMarginTypeOpenOrders{-4047, "Margin type cannot be changed if there exists open orders."};
inline constexpr ErrorDef kMarginTypePosition{-4048, "Margin type cannot be changed if there exists position."};
inline constexpr ErrorDef kNoNeedPositionSide{-4059, "No need to change position side."};
inline constexpr ErrorDef kInvalidPositionSide{-4060, "Invalid position side."};
inline constexpr ErrorDef kPositionSideMismatch{-4061, "Order's position side does not match user's setting."};
inline constexpr ErrorDef kPositionSideOpenOrders{-4067, "Position side cannot be changed if there exists open orders."};
inline constexpr ErrorDef kPositionSidePosition{-4068, "Position side cannot be changed if there exists position."};
inline constexpr ErrorDef kBatchSize{-4082, "Invalid number of batch place orders."};
inline constexpr ErrorDef kDuplicateClientId{-4116, "clientOrderId is duplicated."};
/// Live venue answer for conditional types on /fapi/v1/order since 2025-12-09 (not in
/// error_codes.md's copy; text as clients report it).
inline constexpr ErrorDef kUseAlgoEndpoint{-4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead."};
inline constexpr ErrorDef kQtyWithClosePosition{-4137, "Quantity must be zero with closePosition equals true"};
inline constexpr ErrorDef kMinNotional{-4164, "Order's notional must be no smaller than %s (unless you choose reduce only)."};
// 50xx order execution issues
inline constexpr ErrorDef kFokReject{-5021, "Due to the order could not be filled immediately, the FOK order has been rejected."};
inline constexpr ErrorDef kGtxReject{-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected."};
}  // namespace err

}  // namespace xtb::sim
