// rest_api.hpp — the simulated venue's REST endpoints (Binance USD-M `/fapi`): the route
// table (method, path, security, request weight, order count) and the handlers that turn
// request parameters into sim::SimExchange calls and Binance-shaped JSON answers.
//
// Sources: https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api,
// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api and
// https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api (parameters, weights, answer shapes),
// the recorded HTTP fixtures of the venue (field order), and
// docs/simulator-exchange.md for what the exchange core models. Handlers:
//   rest_market.cpp   ping, time, exchangeInfo, depth, premiumIndex, ticker/bookTicker
//   rest_orders.cpp   order (POST/DELETE/GET), batchOrders, allOpenOrders, openOrders,
//                     openOrder, algoOrder (POST/DELETE/GET), openAlgoOrders, algoOpenOrders
//   rest_account.cpp  positionRisk v2/v3, balance v2/v3, account v2/v3, leverage,
//                     marginType, positionSide/dual, leverageBracket, commissionRate,
//                     listenKey (POST/PUT/DELETE)
//   rest_history.cpp  userTrades, income, multiAssetsMargin (from the fill ledger)
// Security, rate limits and faults are applied by the caller (UsdmFace::on_rest,
// face_rest.cpp) before a handler runs; a handler only sees decoded parameters and the
// exchange time.
//
// Answers are written into one scratch buffer owned by RestApi (valid until the next
// call). Endpoints whose answers are lists built with std::string (positionRisk v2 via
// state_dump.hpp) allocate; everything on the order path writes in place.
// Threads: server thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "net/http/http_types.hpp"
#include "sim/core/exchange.hpp"
#include "sim/core/json_writer.hpp"
#include "sim/server/query_params.hpp"
#include "venue/binance/sim/request_auth.hpp"
#include "venue/binance/sim/user_stream.hpp"

namespace xtb::sim::binance_usdm {

using server::QueryParams;

class RestApi;

/// One handler invocation.
struct RestCall {
  const QueryParams& p;
  EpochMs now;
};

/// A handler's answer. `wait` asks the caller to retry later (depth before the book synced).
struct RestAnswer {
  std::uint16_t status = 200;
  std::string_view body;
  bool wait = false;
};

struct Endpoint {
  enum class WeightRule : std::uint8_t { Fixed, DepthLimit, WithoutSymbol };
  net::HttpMethod method;
  std::string_view path;
  Security security;
  WeightRule rule;
  std::uint16_t weight;             ///< Fixed / with symbol
  std::uint16_t weight_no_symbol;   ///< WithoutSymbol rule
  std::uint8_t orders_10s;          ///< ORDERS units on the 10 s window (X-MBX-ORDER-COUNT-10S)
  std::uint8_t orders_1m;           ///< ORDERS units on the 1 min window
  bool order_entry;                 ///< fault_plan.hpp "order-entry"
  RestAnswer (RestApi::*handler)(const RestCall&);
};

class RestApi {
 public:
  static constexpr std::size_t kScratchBytes = 4u << 20;

  /// `exchange_info_json`: the venue's exchangeInfo body served by GET exchangeInfo (its
  /// serverTime is replaced by the current time on each answer).
  RestApi(sim::SimExchange& x, UserStream& user, std::string exchange_info_json);

  /// Route of (method token "GET"/"POST"/..., path), nullptr when none (404).
  static const Endpoint* route(std::string_view method, std::string_view path) noexcept;
  /// Request weight of a call to `e` with parameters `p`.
  static std::uint32_t weight(const Endpoint& e, const QueryParams& p) noexcept;

  RestAnswer call(const Endpoint& e, const RestCall& c) { return (this->*e.handler)(c); }
  /// {"code":..,"msg":..} with `status` into the scratch buffer.
  RestAnswer error(std::uint16_t status, const Reject& r) noexcept;
  RestAnswer error(std::uint16_t status, std::int32_t code, std::string_view msg) noexcept;

  // rest_market.cpp
  RestAnswer ping(const RestCall&);
  RestAnswer time(const RestCall&);
  RestAnswer exchange_info(const RestCall&);
  RestAnswer depth(const RestCall&);
  RestAnswer premium_index(const RestCall&);
  RestAnswer book_ticker(const RestCall&);
  // rest_orders.cpp
  RestAnswer new_order(const RestCall&);
  RestAnswer cancel_order(const RestCall&);
  RestAnswer query_order(const RestCall&);
  RestAnswer query_open_order(const RestCall&);
  RestAnswer open_orders(const RestCall&);
  RestAnswer cancel_all(const RestCall&);
  RestAnswer batch_new(const RestCall&);
  RestAnswer batch_cancel(const RestCall&);
  RestAnswer new_algo(const RestCall&);
  RestAnswer cancel_algo(const RestCall&);
  RestAnswer query_algo(const RestCall&);
  RestAnswer open_algo(const RestCall&);
  RestAnswer cancel_all_algo(const RestCall&);
  // rest_account.cpp
  RestAnswer position_risk_v2(const RestCall&);
  RestAnswer position_risk_v3(const RestCall&);
  RestAnswer balance(const RestCall&);
  RestAnswer account(const RestCall&);
  RestAnswer leverage(const RestCall&);
  RestAnswer margin_type(const RestCall&);
  RestAnswer position_mode_get(const RestCall&);
  RestAnswer position_mode_set(const RestCall&);
  RestAnswer leverage_bracket(const RestCall&);
  RestAnswer commission_rate(const RestCall&);
  RestAnswer listen_key_new(const RestCall&);
  RestAnswer listen_key_keepalive(const RestCall&);
  RestAnswer listen_key_close(const RestCall&);
  // rest_history.cpp
  RestAnswer user_trades(const RestCall&);
  RestAnswer income(const RestCall&);
  RestAnswer multi_assets_margin(const RestCall&);

  sim::SimExchange& exchange() noexcept { return x_; }

 private:
  RestAnswer ok(std::size_t len) noexcept { return {200, {scratch_.get(), len}, false}; }
  RestAnswer ok(std::string_view body) noexcept;
  /// Symbol of `name` if the venue simulates it; sets `err` (-1121) otherwise.
  SymbolId simulated(std::string_view name, RestAnswer& err) noexcept;
  RestAnswer order_answer(const OrderResult& r, bool algo) noexcept;
  /// Parses a JSON-list parameter (batchOrders, orderIdList) from a padded copy; false
  /// when it is empty, too long or not a list.
  bool json_list(std::string_view text, simdjson::ondemand::document& doc, simdjson::ondemand::array& list) noexcept;
  // rest_orders.cpp, shared by the order and algo-order endpoints (`algo` picks which):
  /// openOrders / openAlgoOrders: the open orders of `symbol` if sent (-1121 if not
  /// simulated), else of every symbol.
  RestAnswer open_order_list(const RestCall& c, bool algo);
  /// allOpenOrders / algoOpenOrders (DELETE): cancels every open order of `symbol`.
  RestAnswer cancel_all_of(const RestCall& c, bool algo);
  /// batchOrders answers: `r`'s error, or the list of each order object or {"code","msg"}.
  RestAnswer batch_answer(const Reject& r, const OrderResult* out, std::size_t n);
  // rest_market.cpp: premiumIndex / ticker/bookTicker.
  using SymbolObjectWriter = void (*)(JsonWriter& w, const sim::SimExchange& x, SymbolId s, EpochMs now);
  /// `write_one`'s object for the `symbol` sent (-1121 if not simulated), else a list of
  /// them for every simulated symbol that has a market view.
  RestAnswer symbol_objects(const RestCall& c, SymbolObjectWriter write_one);

  sim::SimExchange& x_;
  UserStream& user_;
  std::string info_head_, info_tail_;  ///< exchangeInfo around its serverTime value
  std::unique_ptr<char[]> scratch_;
  std::vector<const SimOrder*> rows_;       ///< open-order listings (max_open_orders + 1)
  simdjson::ondemand::parser json_parser_;  ///< JSON-list parameters
  std::unique_ptr<char[]> json_buf_;        ///< their padded copy
};

}  // namespace xtb::sim::binance_usdm
