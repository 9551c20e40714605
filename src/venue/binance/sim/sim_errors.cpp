// sim_errors.cpp — see sim_errors.hpp.
#include "venue/binance/sim/sim_errors.hpp"

#include <cstring>

namespace xtb::sim::binance_usdm {
namespace {

constexpr ErrorDef kNoError{RejectCode::None, 0, ""};
constexpr ErrorDef kDefs[] = {
    err::kMandatoryParam,
    err::kParamNotRequired,
    err::kBadPrecision,
    err::kInvalidTif,
    err::kInvalidOrderType,
    err::kInvalidSide,
    err::kBadSymbol,
    err::kBadCombo,
    err::kInvalidParam,
    err::kInvalidRespType,
    err::kUnknownOrder,
    err::kNoSuchOrder,
    err::kMarginInsufficient,
    err::kWouldTrigger,
    err::kReduceOnlyReject,
    err::kMaxOpenOrders,
    err::kPriceLessThanZero,
    err::kPriceAboveMax,
    err::kQtyLessThanZero,
    err::kQtyBelowMin,
    err::kQtyAboveMax,
    err::kStopPriceLessThanZero,
    err::kStopPriceAboveMax,
    err::kPriceBelowMin,
    err::kPriceTick,
    err::kClientIdInvalid,
    err::kPriceAboveMultiplier,
    err::kQtyStep,
    err::kPriceBelowMultiplier,
    err::kInvalidLeverage,
    err::kInvalidWorkingType,
    err::kNoNeedMarginType,
    err::kMarginTypeOpenOrders,
    err::kMarginTypePosition,
    err::kNoNeedPositionSide,
    err::kInvalidPositionSide,
    err::kPositionSideMismatch,
    err::kPositionSideOpenOrders,
    err::kPositionSidePosition,
    err::kBatchSize,
    err::kDuplicateClientId,
    err::kUseAlgoEndpoint,
    err::kQtyWithClosePosition,
    err::kMinNotional,
    err::kFokReject,
    err::kGtxReject,
    err::kUnknownEndpoint,
    err::kOverloaded,
};

void put(VenueError& v, std::string_view s) noexcept {
  const std::size_t room = Reject::kMaxMsg - v.len;
  const std::size_t k = s.size() < room ? s.size() : room;
  if (k != 0) std::memcpy(v.msg + v.len, s.data(), k);
  v.len = static_cast<std::uint8_t>(v.len + k);
}

// The core names request fields as order_request.hpp spells them; the venue's messages
// name its parameters (reduceOnly in lower case, as the live venue writes it).
std::string_view param_name(std::string_view core) noexcept {
  if (core == "reduce_only") return "reduceonly";
  if (core == "close_position") return "closePosition";
  if (core == "stop_price") return "stopPrice";
  if (core == "order_id") return "orderId";
  if (core == "algo_id") return "algoId";
  return core;
}

}  // namespace

const ErrorDef& error_def(RejectCode c) noexcept {
  for (const ErrorDef& d : kDefs)
    if (d.code == c) return d;
  return kNoError;
}

VenueError venue_error(const Reject& r) noexcept {
  VenueError v;
  if (r.code == RejectCode::Venue) {
    v.code = r.venue_code;
    put(v, r.message());
    return v;
  }
  const ErrorDef& d = error_def(r.code);
  v.code = d.number;
  const std::string_view tmpl(d.msg);
  const std::size_t at = tmpl.find("%s");
  if (!r.arg && r.len != 0) {
    put(v, r.message());
  } else if (r.arg && at != std::string_view::npos) {
    put(v, tmpl.substr(0, at));
    put(v, param_name(r.message()));
    put(v, tmpl.substr(at + 2));
  } else {
    put(v, tmpl);
  }
  return v;
}

}  // namespace xtb::sim::binance_usdm
