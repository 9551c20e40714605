// backpack_face.hpp — BackpackFace: xtb-sim's Backpack Exchange perpetuals face
// (server::VenueFace; `xtb-sim --venue backpack`). It loads the markets answer
// (default_markets.hpp → SymbolTable through the client's own backpack/markets.hpp), the
// starting account (margin asset USDC), the capture re-expressed as Backpack messages for
// BTC_USDC_PERP (market_replay.hpp, capture_reexpress.hpp), and owns the exchange
// (sim::SimExchange: matching, account, ledger, mark price) and request security
// (request_auth.hpp: Ed25519 over the canonical instruction string, X-Window).
// Protocol references: https://docs.backpack.exchange (copy: ../shared/venue-docs/backpack/),
// shared/reviews/venues-protocols.md §1, ccxt@4.5.84 js/src/backpack.js and
// js/src/pro/backpack.js (what an independent client sends and expects).
//
//   REST (face_rest.cpp: route → parameters → security → handler → answer; errors
//         {"code":"<STRING>","message":..}, sim_errors.hpp):
//     public   GET /api/v1/markets, market, depth, ticker, tickers, markPrices, assets,
//              status, ping, time (rest_market.cpp)
//     signed   POST/DELETE/GET /api/v1/order, GET/DELETE /api/v1/orders,
//              GET /api/v1/position, capital, capital/collateral, /wapi/v1/history/fills
//              (rest_orders.cpp, rest_account.cpp)
//   WS  (face_ws.cpp): upgrade on "/" (also /stream, /ws); {"method":"SUBSCRIBE"|
//       "UNSUBSCRIBE","params":[...],"signature":[key,sig,ts,window]}; public
//       depth.<S>, bookTicker.<S>, trade.<S>, markPrice.<S>; private account.orderUpdate[.<S>],
//       account.positionUpdate[.<S>] (signed, instruction "subscribe"); every message
//       {"stream":<name>,"data":{...}}.
//   account events: this class is the exchange's listener (user_events.cpp).
//
// Threads: the server thread. Allocation: the constructor; per-request paths write into
// preallocated buffers (the state dump and markets answers are cold).
#pragma once
#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/json_writer.hpp"
#include "sim/server/venue_face.hpp"
#include "venue/backpack/sim/market_replay.hpp"
#include "venue/backpack/sim/request_auth.hpp"
#include "venue/backpack/sim/request_params.hpp"

namespace xtb::sim::backpack_sim {

/// The registry's maker (sim/server/face_registry.cpp).
std::unique_ptr<server::VenueFace> make_face(const server::FaceContext& ctx);

class BackpackFace final : public server::VenueFace, public ExchangeListener {
 public:
  /// Loads markets, account, capture and fault file; throws std::runtime_error with a
  /// readable reason. Cold path.
  explicit BackpackFace(const server::FaceContext& ctx);
  ~BackpackFace() override;

  const SymbolTable& symbols() const noexcept override { return symbols_; }
  SimExchange& exchange() noexcept override { return *exchange_; }
  const SimExchange& exchange() const noexcept override { return *exchange_; }
  server::ReplayFeed& replay() noexcept override { return *replay_; }
  server::StreamWrap stream_wrap() const noexcept override { return &wrap_stream; }

  // REST (face_rest.cpp)
  void on_rest(server::ServerSession& s, const server::RestRequest& r, bool parked) noexcept override;
  void answer(server::ServerSession& s, std::uint16_t status, std::string_view body) noexcept override;
  void answer_error(server::ServerSession& s, std::uint16_t status, const Reject& r) noexcept override;

  // WebSocket (face_ws.cpp)
  std::uint16_t on_ws_upgrade(server::ServerSession& s, std::string_view target, EpochMs now) noexcept override;
  void on_ws_text(server::ServerSession& s, std::string_view msg) noexcept override;
  void on_session_closed(server::ServerSession& s) noexcept override;

  void tick(EpochMs) noexcept override {}
  bool on_fault_action(const FaultSpec&, EpochMs) noexcept override { return false; }
  server::FaceCounters counters() const noexcept override;
  std::string state_json() const override;

  // ExchangeListener (user_events.cpp)
  void on_order_update(const OrderUpdateReport& r) noexcept override;
  void on_account_update(const AccountUpdateReport& r) noexcept override;
  void on_algo_update(const AlgoUpdateReport&) noexcept override {}
  void on_mark_price(const MarkPriceReport& r) noexcept override;

  /// {"stream":"<name>","data":<data>} (Backpack's framing of every stream message).
  static std::size_t wrap_stream(char* out, std::size_t cap, std::string_view name, std::string_view data) noexcept;

  /// One REST call's inputs, for the handlers.
  struct Call {
    RequestParams& p;
    EpochMs now;
    bool parked;  ///< a request the face parked earlier, dispatched again
  };
  using Handler = void (BackpackFace::*)(server::ServerSession&, const Call&);
  struct Route {
    std::string_view method, path;
    std::string_view instruction;  ///< "" = public (unsigned)
    Handler handler;
  };

 private:
  struct PrivateSub {
    bool orders = false, positions = false;
    SymbolId order_symbol = kNoSymbol, position_symbol = kNoSymbol;  ///< kNoSymbol: every market
  };

  void load_markets();
  void set_up_topics();
  // face_rest.cpp
  static const Route* route(std::string_view method, std::string_view path) noexcept;
  bool authorised(server::ServerSession& s, const server::RestRequest& r, const Route& e, EpochMs now) noexcept;
  void send(server::ServerSession& s, std::uint16_t status, std::string_view body) noexcept;
  bool pre_fault(server::ServerSession& s, std::string_view path, bool order_entry, EpochMs now) noexcept;
  void send_error(server::ServerSession& s, const Reject& r) noexcept;
  void send_writer(server::ServerSession& s, const JsonWriter& w) noexcept;
  JsonWriter writer() noexcept { return JsonWriter(reply_.get(), kReplyBytes); }
  SymbolId symbol_param(server::ServerSession& s, const Call& c, bool required) noexcept;
  // rest_market.cpp
  void h_markets(server::ServerSession& s, const Call& c);
  void h_market(server::ServerSession& s, const Call& c);
  void h_depth(server::ServerSession& s, const Call& c);
  void h_ticker(server::ServerSession& s, const Call& c);
  void h_tickers(server::ServerSession& s, const Call& c);
  void h_mark_prices(server::ServerSession& s, const Call& c);
  void h_assets(server::ServerSession& s, const Call& c);
  void h_status(server::ServerSession& s, const Call& c);
  void h_ping(server::ServerSession& s, const Call& c);
  void h_time(server::ServerSession& s, const Call& c);
  // rest_orders.cpp
  void send_order(server::ServerSession& s, const OrderResult& res) noexcept;
  bool order_selector(server::ServerSession& s, const Call& c, SimCancelRequest& req) noexcept;
  void h_order_execute(server::ServerSession& s, const Call& c);
  void h_order_cancel(server::ServerSession& s, const Call& c);
  void h_order_query(server::ServerSession& s, const Call& c);
  void h_open_orders(server::ServerSession& s, const Call& c);
  void h_cancel_all(server::ServerSession& s, const Call& c);
  // rest_account.cpp
  void h_positions(server::ServerSession& s, const Call& c);
  void h_capital(server::ServerSession& s, const Call& c);
  void h_collateral(server::ServerSession& s, const Call& c);
  void h_fills(server::ServerSession& s, const Call& c);
  // face_ws.cpp
  void ws_error(server::ServerSession& s, int code, std::string_view message, std::string_view id) noexcept;
  bool subscribe_private(server::ServerSession& s, std::string_view name, bool on) noexcept;
  bool public_stream(std::string_view name) const noexcept;
  // user_events.cpp
  void deliver(std::string_view stream, SymbolId sym, bool orders, std::string_view data) noexcept;

  static constexpr std::size_t kReplyBytes = 4u << 20;
  static constexpr std::size_t kWsBytes = 64 * 1024;

  const server::ServerOptions& opt_;
  server::StreamHub& hub_;
  FaultInjector& faults_;
  server::FaceHost& host_;
  SymbolTable symbols_;
  std::string markets_json_;
  SymbolId sym_ = kNoSymbol;  ///< the replayed market
  ExchangeConfig xcfg_;
  std::unique_ptr<MarketReplay> replay_;
  std::vector<server::TopicId> mark_topic_;  ///< by SymbolId
  std::unique_ptr<SimExchange> exchange_;
  RequestAuth auth_;
  RequestParams params_;
  std::vector<PrivateSub> private_;                       ///< by session index
  std::vector<server::ServerSession*> private_sessions_;  ///< sessions with a private subscription
  std::vector<Qty> last_position_;                        ///< by SymbolId: net position before the last event
  std::unique_ptr<char[]> reply_;
  std::unique_ptr<char[]> event_;  ///< one stream message (user events, marks)
  std::unique_ptr<char[]> ws_json_;
  simdjson::ondemand::parser ws_parser_;
  std::uint64_t events_sent_ = 0;
  RestFault fault_;  ///< the fault of the request being answered (face_rest.cpp)
};

}  // namespace xtb::sim::backpack_sim
