// order_parse.cpp — see order_parse.hpp.
#include "venue/backpack/sim/order_parse.hpp"

#include <charconv>
#include <cstdio>

#include "market/decimal.hpp"
#include "venue/backpack/sim/sim_errors.hpp"
#include "venue/backpack/venue_id.hpp"

namespace xtb::sim::backpack_sim {
namespace {

using backpack::BackpackError;

Reject plain(RejectCode c) noexcept {
  Reject r;
  r.set(c);
  return r;
}

Reject arg(RejectCode c, std::string_view name) noexcept {
  Reject r;
  r.set_arg(c, name);
  return r;
}

bool to_u64(std::string_view t, std::uint64_t& v) noexcept {
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  return !t.empty() && r.ec == std::errc() && r.ptr == t.data() + t.size();
}

// A boolean field: absent → `dflt`; "true"/"false" (bare or quoted) else false return.
bool boolean(const RequestParams& p, std::string_view key, bool& out, bool dflt) noexcept {
  if (!p.has(key)) return out = dflt, true;
  const std::string_view v = p.get(key);
  if (v == "true") return out = true, true;
  if (v == "false") return out = false, true;
  return false;
}

// A decimal on a grid: Exact; off-grid → `off_grid`, malformed → InvalidParam.
Reject decimal(std::string_view text, std::string_view key, DecimalScale scale, RejectCode off_grid,
               std::int64_t& out) noexcept {
  const DecimalError e = parse_decimal(text, scale, Rounding::Exact, out);
  if (e == DecimalError::Ok) return {};
  Reject r;
  if (e == DecimalError::TooPrecise)
    r.set(off_grid);
  else
    r.set_arg(RejectCode::InvalidParam, key);
  return r;
}

Reject unsupported_fields(const RequestParams& p) noexcept {
  static constexpr std::string_view kNot[] = {
      "quoteQuantity",      "triggerPrice",           "triggerQuantity",      "triggerBy", "stopLossTriggerPrice",
      "stopLossLimitPrice", "takeProfitTriggerPrice", "takeProfitLimitPrice", "autoLend",  "autoLendRedeem",
      "autoBorrow",         "autoBorrowRepay",        "slippageTolerance"};
  for (std::string_view k : kNot)
    if (p.has(k)) {
      char msg[96];
      const int n =
          std::snprintf(msg, sizeof msg, "`%.*s` is not simulated by xtb-sim", static_cast<int>(k.size()), k.data());
      return face_reject(BackpackError::InvalidClientRequest,
                         std::string_view(msg, n > 0 ? static_cast<std::size_t>(n) : 0));
    }
  return {};
}

Reject enums(const RequestParams& p, SimOrderRequest& req) noexcept {
  const std::string_view side = p.get("side"), type = p.get("orderType");
  if (!p.has("side")) return arg(RejectCode::MandatoryParam, "side");
  if (side == "Bid")
    req.side = Side::Buy;
  else if (side == "Ask")
    req.side = Side::Sell;
  else
    return arg(RejectCode::InvalidParam, "side");
  if (!p.has("orderType")) return arg(RejectCode::MandatoryParam, "orderType");
  if (type == "Limit")
    req.type = OrderType::Limit;
  else if (type == "Market")
    req.type = OrderType::Market;
  else
    return plain(RejectCode::InvalidOrderType);
  const std::string_view tif = p.get("timeInForce");
  if (!p.has("timeInForce") || tif == "GTC")
    req.tif = TimeInForce::GTC;
  else if (tif == "IOC")
    req.tif = TimeInForce::IOC;
  else if (tif == "FOK")
    req.tif = TimeInForce::FOK;
  else
    return plain(RejectCode::InvalidTif);
  const std::string_view stp = p.get("selfTradePrevention");
  if (p.has("selfTradePrevention") && stp != "RejectTaker" && stp != "RejectMaker" && stp != "RejectBoth" &&
      stp != "Allow")
    return arg(RejectCode::InvalidParam, "selfTradePrevention");
  return {};
}

Reject flags(const RequestParams& p, SimOrderRequest& req) noexcept {
  bool post_only = false;
  if (!boolean(p, "postOnly", post_only, false)) return arg(RejectCode::InvalidParam, "postOnly");
  if (!boolean(p, "reduceOnly", req.reduce_only, false)) return arg(RejectCode::InvalidParam, "reduceOnly");
  if (post_only) {
    if (req.type != OrderType::Limit || req.tif != TimeInForce::GTC)
      return face_reject(BackpackError::InvalidClientRequest, "postOnly requires a Limit GTC order");
    req.tif = TimeInForce::PostOnly;
  }
  if (p.has("clientId")) {
    if (!parse_client_id(p.get("clientId"), req.client_id)) return arg(RejectCode::InvalidParam, "clientId");
  } else {
    req.client_id_generated = true;
  }
  return {};
}

}  // namespace

bool parse_client_id(std::string_view text, ClientOrderId& out) noexcept {
  std::uint64_t v = 0;
  if (!to_u64(text, v) || v > 0xFFFF'FFFFull) return false;
  char buf[16];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.assign(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  return true;
}

Reject parse_order(const RequestParams& p, const SymbolTable& symbols, SymbolId simulated,
                   SimOrderRequest& req) noexcept {
  if (!p.has("symbol")) return arg(RejectCode::MandatoryParam, "symbol");
  req.symbol = symbols.find(backpack::kVenueId, p.get("symbol"));
  if (req.symbol == kNoSymbol || req.symbol != simulated) return plain(RejectCode::BadSymbol);
  if (Reject r = unsupported_fields(p); !r.ok()) return r;
  if (Reject r = enums(p, req); !r.ok()) return r;
  const SymbolRules& rules = symbols.rules(req.symbol);
  if (!p.has("quantity")) return arg(RejectCode::MandatoryParam, "quantity");
  if (Reject r = decimal(p.get("quantity"), "quantity", rules.qty, RejectCode::QtyStep, req.qty); !r.ok()) return r;
  if (req.type == OrderType::Limit) {
    if (!p.has("price")) return arg(RejectCode::MandatoryParam, "price");
    if (Reject r = decimal(p.get("price"), "price", rules.price, RejectCode::PriceTick, req.px); !r.ok()) return r;
  } else if (p.has("price")) {
    return arg(RejectCode::ParamNotRequired, "price");
  }
  if (Reject r = flags(p, req); !r.ok()) return r;
  req.position_side = PositionSide::Both;
  req.resp = RespType::Result;
  return {};
}

Reject parse_selector(const RequestParams& p, SymbolId symbol, SimCancelRequest& req) noexcept {
  req.symbol = symbol;
  if (p.has("orderId")) {
    req.by_id = true;
    if (!to_u64(p.get("orderId"), req.order_id)) return plain(RejectCode::UnknownOrder);
    return {};
  }
  if (p.has("clientId")) {
    if (!parse_client_id(p.get("clientId"), req.client_id)) return arg(RejectCode::InvalidParam, "clientId");
    return {};
  }
  return arg(RejectCode::MandatoryParam, "orderId");
}

}  // namespace xtb::sim::backpack_sim
