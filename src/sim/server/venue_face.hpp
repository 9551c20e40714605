// venue_face.hpp — VenueFace: the one interface between xtb-sim's venue-neutral network
// shell (SimServer: TLS, HTTP/1.1 + WebSocket sessions, admission, timeouts, stream hub,
// replay pacing, /sim/ control endpoints, cert and dump files, ready line) and a venue's
// protocol face (request routing, security and signatures, REST answers and error codes,
// rate-limit weights and headers, stream names and WebSocket control messages, the user
// data stream, the exchange-information file). A face is built by its registry entry
// (face_registry.hpp) and owns the exchange (sim/core) and the replay.
//
//   shell ── on_rest / on_ws_upgrade / on_ws_text / tick / on_session_closed ──▶ face
//   face  ── FaceHost: subscribe / unsubscribe (hub + held replay start) ──▶ shell
//   face  ── ServerSession::respond / send_text / park ──▶ client
//
// Threads: everything on the server thread (the event loop's owner). Cold/slow path:
// virtual calls per request or message are fine; the face answers from preallocated
// buffers (rest_api.hpp names its cold answers). Errors: construction throws
// std::runtime_error with a readable reason (bad file, no market); requests answer errors.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "market/symbol_table.hpp"
#include "net/http/http_message_parser.hpp"
#include "sim/core/exchange.hpp"
#include "sim/core/fault_plan.hpp"
#include "sim/core/reject.hpp"
#include "sim/server/query_params.hpp"
#include "sim/server/replay_feed.hpp"
#include "sim/server/server_options.hpp"
#include "sim/server/server_session.hpp"
#include "sim/server/stream_hub.hpp"

namespace xtb::sim::server {

/// What the shell offers a face.
class FaceHost {
 public:
  /// Adds stream `name` to the session's subscriptions (a name with no traffic is kept,
  /// idle); starts a held replay at the first subscriber of a recorded stream. False when
  /// the session has no free slot or the hub refused.
  virtual bool subscribe(ServerSession& s, std::string_view name) noexcept = 0;
  virtual void unsubscribe(ServerSession& s, std::string_view name) noexcept = 0;
  /// Publishes a message the face made (e.g. a mark-price update) on `topic`, counted
  /// with the replayed ones.
  virtual void publish(TopicId topic, std::string_view wrapped, std::string_view data) noexcept = 0;

 protected:
  ~FaceHost() = default;
};

/// What a face is built with (all outlive it).
struct FaceContext {
  const ServerOptions& opt;
  StreamHub& hub;
  FaultInjector& faults;  ///< armed plan; the face arms the --faults file (arm_fault_file)
  FaceHost& host;
  EpochMs start_ms = 0;  ///< server start, wall clock ms
};

/// One REST request as the shell split it (views valid during the call).
struct RestRequest {
  const net::HttpMessageParser& http;  ///< method, headers
  std::string_view path, query, body;
  const QueryParams& params;          ///< decoded query + body
  QueryParams::Status params_status;  ///< Ok, or why decoding failed (the face answers it)
};

/// Counters the shell reports in /sim/status and the exit dump.
struct FaceCounters {
  std::uint64_t user_events_sent = 0, user_events_dropped = 0;
  std::uint64_t http_429 = 0, http_418 = 0, bad_signatures = 0;
  bool user_stream_active = false;
};

class VenueFace {
 public:
  virtual ~VenueFace() = default;

  virtual const SymbolTable& symbols() const noexcept = 0;
  virtual SimExchange& exchange() noexcept = 0;
  virtual const SimExchange& exchange() const noexcept = 0;
  virtual ReplayFeed& replay() noexcept = 0;
  /// How the venue frames combined-stream messages (sessions wrap with it).
  virtual StreamWrap stream_wrap() const noexcept = 0;

  /// A REST request outside /sim/. `parked`: a request the face parked earlier
  /// (ServerSession::park), dispatched again by the shell after each replay step.
  virtual void on_rest(ServerSession& s, const RestRequest& r, bool parked) noexcept = 0;
  /// Answers the pending request with `body` and the face's usual headers (/sim/ answers).
  virtual void answer(ServerSession& s, std::uint16_t status, std::string_view body) noexcept = 0;
  /// Answers the pending request with the face's error body for `r` (/sim/ errors).
  virtual void answer_error(ServerSession& s, std::uint16_t status, const Reject& r) noexcept = 0;

  /// A WebSocket upgrade to `target` (path + query): 101 accepts, 400/404/503 refuse.
  virtual std::uint16_t on_ws_upgrade(ServerSession& s, std::string_view target, EpochMs now) noexcept = 0;
  /// One client text message on an accepted WebSocket.
  virtual void on_ws_text(ServerSession& s, std::string_view msg) noexcept = 0;
  /// The session ended (the shell already dropped its hub subscriptions).
  virtual void on_session_closed(ServerSession& s) noexcept = 0;

  /// Periodic work (every 20 ms): user-stream expiry and held events.
  virtual void tick(EpochMs now) noexcept = 0;
  /// A due fault action the face owns (e.g. expiring the user-stream key); false when it
  /// is the shell's (killing connections).
  virtual bool on_fault_action(const FaultSpec& f, EpochMs now) noexcept = 0;
  virtual FaceCounters counters() const noexcept = 0;
  /// The exchange's state as the face's JSON (GET /sim/state, the exit dump). Cold path.
  virtual std::string state_json() const = 0;
};

}  // namespace xtb::sim::server
