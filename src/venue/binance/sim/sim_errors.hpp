// sim_errors.hpp — the Binance USD-M error answers of the simulated venue: each core
// RejectCode (sim/core/reject.hpp) with the venue's numeric code and message.
//
// Codes and names: https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code.
// Messages are the venue's text where the docs give one; a few are the exact strings the
// live venue sends (noted below) because clients match on them. Where the venue
// substitutes a value (`%s`), the face formats the reject's argument into it.
//
// Shapes: ErrorDef = {RejectCode, venue code, message template}; VenueError = the answer
// {"code":<code>,"msg":"<msg>"} with the message inline (at most Reject::kMaxMsg bytes,
// longer text truncated, as the answers always were).
// Threads: constants and pure functions; no allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/core/reject.hpp"

namespace xtb::sim::binance_usdm {

/// A reject reason with the venue's code and message template.
struct ErrorDef {
  RejectCode code;
  std::int32_t number;
  const char* msg;
  /// Lets Reject::set(err::kX) name a reason by its venue constant.
  constexpr operator RejectCode() const noexcept { return code; }  // NOLINT(google-explicit-constructor)
};

/// The venue's answer for a Reject: code and message.
struct VenueError {
  std::int32_t code = 0;
  std::uint8_t len = 0;
  char msg[Reject::kMaxMsg] = {};
  std::string_view message() const noexcept { return {msg, len}; }
};

namespace err {
// 11xx request issues
inline constexpr ErrorDef kMandatoryParam{RejectCode::MandatoryParam, -1102,
                                          "Mandatory parameter '%s' was not sent, was empty/null, or malformed."};
/// The live venue writes the parameter name in lower case ("reduceonly").
inline constexpr ErrorDef kParamNotRequired{RejectCode::ParamNotRequired, -1106,
                                            "Parameter '%s' sent when not required."};
inline constexpr ErrorDef kBadPrecision{RejectCode::BadPrecision, -1111,
                                        "Precision is over the maximum defined for this asset."};
inline constexpr ErrorDef kInvalidTif{RejectCode::InvalidTif, -1115, "Invalid timeInForce."};
inline constexpr ErrorDef kInvalidOrderType{RejectCode::InvalidOrderType, -1116, "Invalid orderType."};
inline constexpr ErrorDef kInvalidSide{RejectCode::InvalidSide, -1117, "Invalid side."};
inline constexpr ErrorDef kBadSymbol{RejectCode::BadSymbol, -1121, "Invalid symbol."};
inline constexpr ErrorDef kBadCombo{RejectCode::BadCombo, -1128, "Combination of optional parameters invalid."};
inline constexpr ErrorDef kInvalidParam{RejectCode::InvalidParam, -1130, "Data sent for parameter '%s' is not valid."};
inline constexpr ErrorDef kInvalidRespType{RejectCode::InvalidRespType, -1136, "Invalid newOrderRespType."};
// 20xx processing issues
inline constexpr ErrorDef kUnknownOrder{RejectCode::UnknownOrder, -2011, "Unknown order sent."};
inline constexpr ErrorDef kNoSuchOrder{RejectCode::NoSuchOrder, -2013, "Order does not exist."};
inline constexpr ErrorDef kMarginInsufficient{RejectCode::MarginInsufficient, -2019, "Margin is insufficient."};
inline constexpr ErrorDef kWouldTrigger{RejectCode::WouldTrigger, -2021, "Order would immediately trigger."};
inline constexpr ErrorDef kReduceOnlyReject{RejectCode::ReduceOnlyReject, -2022, "ReduceOnly Order is rejected."};
inline constexpr ErrorDef kMaxOpenOrders{RejectCode::MaxOpenOrders, -2025, "Reach max open order limit."};
// 40xx filters and other issues
inline constexpr ErrorDef kPriceLessThanZero{RejectCode::PriceLessThanZero, -4001, "Price less than 0."};
inline constexpr ErrorDef kPriceAboveMax{RejectCode::PriceAboveMax, -4002, "Price greater than max price."};
inline constexpr ErrorDef kQtyLessThanZero{RejectCode::QtyLessThanZero, -4003, "Quantity less than zero."};
inline constexpr ErrorDef kQtyBelowMin{RejectCode::QtyBelowMin, -4004, "Quantity less than min quantity."};
inline constexpr ErrorDef kQtyAboveMax{RejectCode::QtyAboveMax, -4005, "Quantity greater than max quantity."};
inline constexpr ErrorDef kStopPriceLessThanZero{RejectCode::StopPriceLessThanZero, -4006,
                                                 "Stop price less than zero."};
inline constexpr ErrorDef kStopPriceAboveMax{RejectCode::StopPriceAboveMax, -4007,
                                             "Stop price greater than max price."};
inline constexpr ErrorDef kPriceBelowMin{RejectCode::PriceBelowMin, -4013, "Price less than min price."};
inline constexpr ErrorDef kPriceTick{RejectCode::PriceTick, -4014, "Price not increased by tick size."};
inline constexpr ErrorDef kClientIdInvalid{RejectCode::ClientIdInvalid, -4015, "Client order id is not valid."};
inline constexpr ErrorDef kPriceAboveMultiplier{RejectCode::PriceAboveMultiplier, -4016,
                                                "Price is higher than mark price multiplier cap."};
inline constexpr ErrorDef kQtyStep{RejectCode::QtyStep, -4023, "Qty not increased by step size."};
inline constexpr ErrorDef kPriceBelowMultiplier{RejectCode::PriceBelowMultiplier, -4024,
                                                "Price is lower than mark price multiplier floor."};
inline constexpr ErrorDef kInvalidLeverage{RejectCode::InvalidLeverage, -4028, "Leverage %s is not valid"};
inline constexpr ErrorDef kInvalidWorkingType{RejectCode::InvalidWorkingType, -4031, "Invalid parameter working type"};
inline constexpr ErrorDef kNoNeedMarginType{RejectCode::NoNeedMarginType, -4046, "No need to change margin type."};
inline constexpr ErrorDef kMarginTypeOpenOrders{RejectCode::MarginTypeOpenOrders, -4047,
                                                "Margin type cannot be changed if there exists open orders."};
inline constexpr ErrorDef kMarginTypePosition{RejectCode::MarginTypePosition, -4048,
                                              "Margin type cannot be changed if there exists position."};
inline constexpr ErrorDef kNoNeedPositionSide{RejectCode::NoNeedPositionSide, -4059,
                                              "No need to change position side."};
inline constexpr ErrorDef kInvalidPositionSide{RejectCode::InvalidPositionSide, -4060, "Invalid position side."};
inline constexpr ErrorDef kPositionSideMismatch{RejectCode::PositionSideMismatch, -4061,
                                                "Order's position side does not match user's setting."};
inline constexpr ErrorDef kPositionSideOpenOrders{RejectCode::PositionSideOpenOrders, -4067,
                                                  "Position side cannot be changed if there exists open orders."};
inline constexpr ErrorDef kPositionSidePosition{RejectCode::PositionSidePosition, -4068,
                                                "Position side cannot be changed if there exists position."};
inline constexpr ErrorDef kBatchSize{RejectCode::BatchSize, -4082, "Invalid number of batch place orders."};
inline constexpr ErrorDef kDuplicateClientId{RejectCode::DuplicateClientId, -4116, "clientOrderId is duplicated."};
/// Live venue answer for conditional types on /fapi/v1/order since 2025-12-09 (not in
/// the error-code page's copy we have; text as clients report it).
inline constexpr ErrorDef kUseAlgoEndpoint{
    RejectCode::UseConditionalService, -4120,
    "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead."};
inline constexpr ErrorDef kQtyWithClosePosition{RejectCode::QtyWithClosePosition, -4137,
                                                "Quantity must be zero with closePosition equals true"};
inline constexpr ErrorDef kMinNotional{RejectCode::MinNotional, -4164,
                                       "Order's notional must be no smaller than %s (unless you choose reduce only)."};
// 50xx order execution issues
inline constexpr ErrorDef kFokReject{
    RejectCode::FokReject, -5021, "Due to the order could not be filled immediately, the FOK order has been rejected."};
inline constexpr ErrorDef kGtxReject{
    RejectCode::PostOnlyReject, -5022,
    "Due to the order could not be executed as maker, the Post Only order will be rejected."};
// transport
/// Unknown path or method; the answers name them (`Path <p>, Method <m> is invalid`).
inline constexpr ErrorDef kUnknownEndpoint{RejectCode::UnknownEndpoint, -5000, "Invalid path or method."};
inline constexpr ErrorDef kOverloaded{
    RejectCode::Overloaded, -1008,
    "Server is currently overloaded with other requests. Please try again in a few minutes."};
}  // namespace err

/// The venue's definition of `c` (RejectCode::None and Venue: a code-0 empty entry).
const ErrorDef& error_def(RejectCode c) noexcept;

/// The venue's code and message for `r`: a face-made answer as written; a whole message
/// with the reason's code; an argument formatted into the reason's template (a request
/// field the core names, e.g. "close_position", as the venue's parameter name); else the
/// reason's fixed message.
VenueError venue_error(const Reject& r) noexcept;

}  // namespace xtb::sim::binance_usdm
