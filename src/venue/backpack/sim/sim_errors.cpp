// sim_errors.cpp — see sim_errors.hpp.
#include "venue/backpack/sim/sim_errors.hpp"

#include <cstdio>
#include <cstring>

#include "sim/core/json_writer.hpp"

namespace xtb::sim::backpack_sim {
namespace {

using backpack::BackpackError;

struct Entry {
  RejectCode code;
  BackpackError bp;
  const char* message;  ///< %s = the Reject's argument (a field name or value)
};

// One row per neutral reason the core or the face can give.
constexpr Entry kTable[] = {
    {RejectCode::MandatoryParam, BackpackError::InvalidClientRequest, "Missing required field `%s`"},
    {RejectCode::ParamNotRequired, BackpackError::InvalidClientRequest, "Field `%s` is not allowed here"},
    {RejectCode::BadPrecision, BackpackError::InvalidClientRequest, "Too many decimals"},
    {RejectCode::InvalidTif, BackpackError::InvalidClientRequest, "Invalid time in force"},
    {RejectCode::InvalidOrderType, BackpackError::InvalidClientRequest, "Invalid order type"},
    {RejectCode::InvalidSide, BackpackError::InvalidClientRequest, "Invalid side"},
    {RejectCode::BadSymbol, BackpackError::InvalidMarket, "Invalid market"},
    {RejectCode::BadCombo, BackpackError::InvalidClientRequest, "Invalid combination of fields"},
    {RejectCode::InvalidParam, BackpackError::InvalidClientRequest, "Invalid value for `%s`"},
    {RejectCode::UnknownOrder, BackpackError::ResourceNotFound, "Order not found"},
    {RejectCode::NoSuchOrder, BackpackError::ResourceNotFound, "Order not found"},
    {RejectCode::MarginInsufficient, BackpackError::InsufficientMargin, "Insufficient margin"},
    {RejectCode::ReduceOnlyReject, BackpackError::InvalidOrder, "Reduce only order not reduced"},
    {RejectCode::MaxOpenOrders, BackpackError::OrderLimit, "Open order limit reached"},
    {RejectCode::PriceLessThanZero, BackpackError::InvalidPrice, "Price must be positive"},
    {RejectCode::PriceAboveMax, BackpackError::InvalidPrice, "Price is above the maximum price"},
    {RejectCode::PriceBelowMin, BackpackError::InvalidPrice, "Price is below the minimum price"},
    {RejectCode::PriceTick, BackpackError::InvalidPrice, "Price does not match the tick size"},
    {RejectCode::PriceAboveMultiplier, BackpackError::InvalidPrice, "Price is too far from the last active price"},
    {RejectCode::PriceBelowMultiplier, BackpackError::InvalidPrice, "Price is too far from the last active price"},
    {RejectCode::QtyLessThanZero, BackpackError::InvalidQuantity, "Quantity must be positive"},
    {RejectCode::QtyBelowMin, BackpackError::InvalidQuantity, "Quantity is below the minimum"},
    {RejectCode::QtyAboveMax, BackpackError::InvalidQuantity, "Quantity is above the maximum"},
    {RejectCode::QtyStep, BackpackError::InvalidQuantity, "Quantity does not match the step size"},
    {RejectCode::ClientIdInvalid, BackpackError::InvalidClientRequest, "Invalid clientId"},
    {RejectCode::DuplicateClientId, BackpackError::InvalidOrder, "Duplicate clientId"},
    {RejectCode::MinNotional, BackpackError::InvalidQuantity, "Order value is below the minimum"},
    {RejectCode::FokReject, BackpackError::InvalidOrder, "Fill or kill order would not be completely filled"},
    {RejectCode::PostOnlyReject, BackpackError::InvalidOrder, "Order would immediately match and take"},
    {RejectCode::PositionSideMismatch, BackpackError::InvalidClientRequest, "Hedged positions are not supported"},
    {RejectCode::UnknownEndpoint, BackpackError::ResourceNotFound, "Not found"},
    {RejectCode::Overloaded, BackpackError::ServerError, "Server is overloaded, try again later"},
};

void format(BpError& e, const char* fmt, std::string_view arg) noexcept {
  char a[Reject::kMaxMsg + 1];
  const std::size_t k = arg.size() < Reject::kMaxMsg ? arg.size() : Reject::kMaxMsg;
  if (k) std::memcpy(a, arg.data(), k);
  a[k] = '\0';
  const int n = std::snprintf(e.message, sizeof e.message, fmt, a);
  e.len =
      n < 0 ? 0 : (static_cast<std::size_t>(n) < sizeof e.message ? static_cast<std::size_t>(n) : sizeof e.message - 1);
}

}  // namespace

Reject face_reject(BackpackError code, std::string_view message) noexcept {
  Reject r;
  r.set(static_cast<std::int32_t>(code), message);
  return r;
}

std::uint16_t http_status(BackpackError code, std::string_view message) noexcept {
  switch (code) {
    case BackpackError::Unauthorized:
    case BackpackError::InvalidSignature: return 401;
    case BackpackError::ResourceNotFound: return 404;
    case BackpackError::TooManyRequests: return 429;
    case BackpackError::ServerError:
    case BackpackError::Maintenance: return 503;
    default: return message == "Request has expired" ? 401 : 400;
  }
}

BpError venue_error(const Reject& r) noexcept {
  BpError e;
  if (r.code == RejectCode::Venue) {
    e.code = static_cast<BackpackError>(r.venue_code);
    format(e, "%s", r.message());
    e.http = http_status(e.code, e.text());
    return e;
  }
  for (const Entry& en : kTable) {
    if (en.code != r.code) continue;
    e.code = en.bp;
    if (r.arg || r.message().empty())
      format(e, en.message, r.message());
    else
      format(e, "%s", r.message());
    e.http = http_status(e.code, {});
    return e;
  }
  e.code = BackpackError::InvalidOrder;
  format(e, "%s", r.message().empty() ? std::string_view("Invalid order") : r.message());
  return e;
}

std::size_t write_error_body(char* out, std::size_t cap, const BpError& e) noexcept {
  JsonWriter w(out, cap);
  w.begin_object();
  w.kv("code", backpack::wire_name(e.code));
  w.kv("message", e.text());
  w.end_object();
  return w.finish();
}

}  // namespace xtb::sim::backpack_sim
