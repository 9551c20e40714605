// rest_api.cpp — see rest_api.hpp: route table, weights, shared helpers.
#include "venue/binance/sim/rest_api.hpp"
#include "venue/binance/venue_id.hpp"

#include <charconv>
#include <cstring>

#include "venue/binance/sim/json_encode.hpp"

namespace xtb::sim::binance_usdm {
namespace {

using M = net::HttpMethod;
using W = Endpoint::WeightRule;
using S = Security;
using R = RestApi;

// Weights and order counts: endpoints/public|private/*.md "Request Weight". The algo
// endpoints have no page in the docs copy; they are given the weights of their regular
// counterparts (POST: 0 IP + 1 order; DELETE/GET: 1; open orders 1 / 40 without symbol).
const Endpoint kEndpoints[] = {
    {M::Get, "/fapi/v1/ping", S::None, W::Fixed, 1, 1, 0, 0, false, &R::ping},
    {M::Get, "/fapi/v1/time", S::None, W::Fixed, 1, 1, 0, 0, false, &R::time},
    {M::Get, "/fapi/v1/exchangeInfo", S::None, W::Fixed, 1, 1, 0, 0, false, &R::exchange_info},
    {M::Get, "/fapi/v1/depth", S::None, W::DepthLimit, 10, 10, 0, 0, false, &R::depth},
    {M::Get, "/fapi/v1/premiumIndex", S::None, W::WithoutSymbol, 1, 10, 0, 0, false, &R::premium_index},
    {M::Get, "/fapi/v1/ticker/bookTicker", S::None, W::WithoutSymbol, 2, 5, 0, 0, false, &R::book_ticker},
    {M::Post, "/fapi/v1/order", S::Signed, W::Fixed, 0, 0, 1, 1, true, &R::new_order},
    {M::Delete, "/fapi/v1/order", S::Signed, W::Fixed, 1, 1, 0, 0, true, &R::cancel_order},
    {M::Get, "/fapi/v1/order", S::Signed, W::Fixed, 1, 1, 0, 0, false, &R::query_order},
    {M::Get, "/fapi/v1/openOrder", S::Signed, W::Fixed, 1, 1, 0, 0, false, &R::query_open_order},
    {M::Get, "/fapi/v1/openOrders", S::Signed, W::WithoutSymbol, 1, 40, 0, 0, false, &R::open_orders},
    {M::Delete, "/fapi/v1/allOpenOrders", S::Signed, W::Fixed, 1, 1, 0, 0, true, &R::cancel_all},
    {M::Post, "/fapi/v1/batchOrders", S::Signed, W::Fixed, 5, 5, 5, 1, true, &R::batch_new},
    {M::Delete, "/fapi/v1/batchOrders", S::Signed, W::Fixed, 1, 1, 0, 0, true, &R::batch_cancel},
    {M::Post, "/fapi/v1/algoOrder", S::Signed, W::Fixed, 0, 0, 1, 1, true, &R::new_algo},
    {M::Delete, "/fapi/v1/algoOrder", S::Signed, W::Fixed, 1, 1, 0, 0, true, &R::cancel_algo},
    {M::Get, "/fapi/v1/algoOrder", S::Signed, W::Fixed, 1, 1, 0, 0, false, &R::query_algo},
    {M::Get, "/fapi/v1/openAlgoOrders", S::Signed, W::WithoutSymbol, 1, 40, 0, 0, false, &R::open_algo},
    {M::Delete, "/fapi/v1/algoOpenOrders", S::Signed, W::Fixed, 1, 1, 0, 0, true, &R::cancel_all_algo},
    {M::Get, "/fapi/v2/positionRisk", S::Signed, W::Fixed, 5, 5, 0, 0, false, &R::position_risk_v2},
    {M::Get, "/fapi/v3/positionRisk", S::Signed, W::Fixed, 5, 5, 0, 0, false, &R::position_risk_v3},
    {M::Get, "/fapi/v2/balance", S::Signed, W::Fixed, 5, 5, 0, 0, false, &R::balance},
    {M::Get, "/fapi/v3/balance", S::Signed, W::Fixed, 5, 5, 0, 0, false, &R::balance},
    {M::Get, "/fapi/v2/account", S::Signed, W::Fixed, 5, 5, 0, 0, false, &R::account},
    {M::Get, "/fapi/v3/account", S::Signed, W::Fixed, 5, 5, 0, 0, false, &R::account},
    {M::Post, "/fapi/v1/leverage", S::Signed, W::Fixed, 1, 1, 0, 0, false, &R::leverage},
    {M::Post, "/fapi/v1/marginType", S::Signed, W::Fixed, 1, 1, 0, 0, false, &R::margin_type},
    {M::Get, "/fapi/v1/positionSide/dual", S::Signed, W::Fixed, 30, 30, 0, 0, false, &R::position_mode_get},
    {M::Post, "/fapi/v1/positionSide/dual", S::Signed, W::Fixed, 1, 1, 0, 0, false, &R::position_mode_set},
    {M::Get, "/fapi/v1/leverageBracket", S::Signed, W::Fixed, 1, 1, 0, 0, false, &R::leverage_bracket},
    {M::Get, "/fapi/v1/commissionRate", S::Signed, W::Fixed, 20, 20, 0, 0, false, &R::commission_rate},
    {M::Get, "/fapi/v1/userTrades", S::Signed, W::Fixed, 5, 5, 0, 0, false, &R::user_trades},
    {M::Get, "/fapi/v1/income", S::Signed, W::Fixed, 30, 30, 0, 0, false, &R::income},
    {M::Get, "/fapi/v1/multiAssetsMargin", S::Signed, W::Fixed, 30, 30, 0, 0, false, &R::multi_assets_margin},
    {M::Post, "/fapi/v1/listenKey", S::ApiKey, W::Fixed, 1, 1, 0, 0, false, &R::listen_key_new},
    {M::Put, "/fapi/v1/listenKey", S::ApiKey, W::Fixed, 1, 1, 0, 0, false, &R::listen_key_keepalive},
    {M::Delete, "/fapi/v1/listenKey", S::ApiKey, W::Fixed, 1, 1, 0, 0, false, &R::listen_key_close},
};

// "serverTime":<digits> → the offsets of the digits, to splice the current time in.
bool find_server_time(const std::string& json, std::size_t& begin, std::size_t& end) {
  std::size_t k = json.find("\"serverTime\"");
  if (k == std::string::npos) return false;
  k += 12;
  while (k < json.size() && (json[k] == ' ' || json[k] == ':' || json[k] == '\n' || json[k] == '\t')) ++k;
  begin = end = k;
  while (end < json.size() && json[end] >= '0' && json[end] <= '9') ++end;
  return end > begin;
}

}  // namespace

RestApi::RestApi(sim::SimExchange& x, UserStream& user, std::string exchange_info_json)
    : x_(x),
      user_(user),
      scratch_(new char[kScratchBytes]),
      rows_(x.config().max_open_orders + 1),
      json_parser_(QueryParams::kArenaBytes),
      json_buf_(new char[QueryParams::kArenaBytes + simdjson::SIMDJSON_PADDING]) {
  std::size_t b = 0, e = 0;
  if (find_server_time(exchange_info_json, b, e)) {
    info_head_ = exchange_info_json.substr(0, b);
    info_tail_ = exchange_info_json.substr(e);
  } else {
    info_head_ = std::move(exchange_info_json);
  }
}

const Endpoint* RestApi::route(std::string_view method, std::string_view path) noexcept {
  for (const Endpoint& e : kEndpoints)
    if (e.path == path && net::to_string(e.method) == method) return &e;
  return nullptr;
}

std::uint32_t RestApi::weight(const Endpoint& e, const QueryParams& p) noexcept {
  switch (e.rule) {
    case W::Fixed: return e.weight;
    case W::WithoutSymbol: return p.has("symbol") ? e.weight : e.weight_no_symbol;
    case W::DepthLimit: {
      // get_fapi_v1_depth.md: 5..50 → 2, 100 → 5, 500 → 10 (default), 1000 → 20.
      const std::string_view s = p.get("limit");
      unsigned limit = 500;
      if (!s.empty()) std::from_chars(s.data(), s.data() + s.size(), limit);
      return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
    }
  }
  return e.weight;
}

bool RestApi::json_list(std::string_view text, simdjson::ondemand::document& doc,
                        simdjson::ondemand::array& list) noexcept {
  if (text.empty() || text.size() > QueryParams::kArenaBytes) return false;
  std::memcpy(json_buf_.get(), text.data(), text.size());
  std::memset(json_buf_.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  return !json_parser_.iterate(json_buf_.get(), text.size(), text.size() + simdjson::SIMDJSON_PADDING).get(doc) &&
         !doc.get_array().get(list);
}

RestAnswer RestApi::ok(std::string_view body) noexcept {
  if (body.size() > kScratchBytes) return error(500, -1000, "An unknown error occured while processing the request.");
  std::memcpy(scratch_.get(), body.data(), body.size());
  return ok(body.size());
}

RestAnswer RestApi::error(std::uint16_t status, const Reject& r) noexcept {
  return {status, {scratch_.get(), encode_error(r, scratch_.get(), kScratchBytes)}, false};
}

RestAnswer RestApi::error(std::uint16_t status, std::int32_t code, std::string_view msg) noexcept {
  Reject r;
  r.set(code, msg);
  return error(status, r);
}

SymbolId RestApi::simulated(std::string_view name, RestAnswer& err) noexcept {
  const SymbolId s = x_.symbols().find(xtb::binance::kVenueId, name);
  if (s == kNoSymbol || x_.market(s) == nullptr) {
    err = name.empty() ? error(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
                       : error(400, -1121, "Invalid symbol.");
    return kNoSymbol;
  }
  return s;
}

RestAnswer RestApi::order_answer(const OrderResult& r, bool algo) noexcept {
  if (!r.ok()) return error(400, r.error);
  const std::size_t n = algo ? encode_algo_order_response(r.order, x_.symbols(), scratch_.get(), kScratchBytes)
                             : encode_order_response(r.order, x_.symbols(), scratch_.get(), kScratchBytes);
  return ok(n);
}

}  // namespace xtb::sim::binance_usdm
