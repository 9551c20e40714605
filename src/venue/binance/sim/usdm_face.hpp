// usdm_face.hpp — UsdmFace: xtb-sim's Binance USD-M futures face (server::VenueFace).
// It loads the exchangeInfo file (symbols, rate limits), the starting account, the
// capture (MarketReplay, re-expressed as the venue's market streams) and owns the
// exchange (sim::SimExchange), the user data stream (listenKey, UserStream), the
// REST endpoint table and handlers (RestApi), request security (RequestAuth: API key,
// HMAC-SHA256 signature, recvWindow) and the rate-limit book (REQUEST_WEIGHT and ORDERS
// counters, 429/418). Protocol references:
//   https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info
//   https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
//   https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams
//
//   REST:  route → rate limits → faults → security → handler → answer + X-MBX-* headers
//          (face_rest.cpp); errors {"code":<venue code>,"msg":...} (sim_errors.hpp)
//   WS:    upgrade targets and SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY /
//          GET_PROPERTY control messages (face_ws.cpp)
//   marks: <symbol>@markPrice@1s topics fed by the exchange's mark-price records
//
// Threads: the server thread. Allocation: the constructor; per-request paths use
// preallocated buffers (rest_api.hpp lists its cold answers).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "sim/server/venue_face.hpp"
#include "venue/binance/sim/market_replay.hpp"
#include "venue/binance/sim/rate_limit_book.hpp"
#include "venue/binance/sim/request_auth.hpp"
#include "venue/binance/sim/rest_api.hpp"
#include "venue/binance/sim/stream_names.hpp"
#include "venue/binance/sim/user_stream.hpp"

namespace xtb::sim::binance_usdm {

/// The registry's maker (sim/server/face_registry.cpp).
std::unique_ptr<server::VenueFace> make_face(const server::FaceContext& ctx);

class UsdmFace final : public server::VenueFace, public MarkPriceSink {
 public:
  /// Loads exchangeInfo, account, capture and fault file; throws std::runtime_error with
  /// a readable reason. Cold path.
  explicit UsdmFace(const server::FaceContext& ctx);
  ~UsdmFace() override;

  const SymbolTable& symbols() const noexcept override { return symbols_; }
  sim::SimExchange& exchange() noexcept override { return *exchange_; }
  const sim::SimExchange& exchange() const noexcept override { return *exchange_; }
  server::ReplayFeed& replay() noexcept override { return *replay_; }
  server::StreamWrap stream_wrap() const noexcept override { return &wrap_combined; }

  // REST (face_rest.cpp)
  void on_rest(server::ServerSession& s, const server::RestRequest& r, bool parked) noexcept override;
  void answer(server::ServerSession& s, std::uint16_t status, std::string_view body) noexcept override;
  void answer_error(server::ServerSession& s, std::uint16_t status, const Reject& r) noexcept override;

  // WebSocket (face_ws.cpp)
  std::uint16_t on_ws_upgrade(server::ServerSession& s, std::string_view target, EpochMs now) noexcept override;
  void on_ws_text(server::ServerSession& s, std::string_view msg) noexcept override;
  void on_session_closed(server::ServerSession& s) noexcept override { user_->unbind(&s); }

  void tick(EpochMs now) noexcept override { user_->tick(now); }
  bool on_fault_action(const FaultSpec& f, EpochMs now) noexcept override;
  server::FaceCounters counters() const noexcept override;
  std::string state_json() const override;

 private:
  void load_exchange_info();
  void choose_markets();
  void send(server::ServerSession& s, std::uint16_t status, std::string_view body, std::int64_t retry_after_s,
            std::int64_t delay_ms = 0) noexcept;
  void send_error(server::ServerSession& s, std::uint16_t status, std::int32_t code, std::string_view msg,
                  std::int64_t retry_after_s = 0) noexcept;
  bool admit(server::ServerSession& s, const Endpoint& e, const server::QueryParams& p, EpochMs now) noexcept;
  // MarkPriceSink
  void on_mark(const MarkPriceReport& r, std::string_view json) noexcept override;

  const server::ServerOptions& opt_;
  server::StreamHub& hub_;
  FaultInjector& faults_;
  server::FaceHost& host_;
  SymbolTable symbols_;
  std::string exchange_info_json_;
  RateLimits limits_;
  ExchangeConfig xcfg_;
  std::vector<SymbolId> markets_;
  std::unique_ptr<MarketReplay> replay_;
  std::vector<server::TopicId> mark_topic_;  ///< by SymbolId (kNoTopic when not simulated)
  std::unique_ptr<UserStream> user_;
  std::unique_ptr<sim::SimExchange> exchange_;
  std::unique_ptr<RestApi> rest_;
  RequestAuth auth_;
  std::unique_ptr<RateLimitBook> rate_;
  std::unique_ptr<char[]> ws_json_;   ///< padded copy of a WS control message
  std::unique_ptr<char[]> ws_reply_;  ///< its answer
  simdjson::ondemand::parser ws_parser_;
};

}  // namespace xtb::sim::binance_usdm
