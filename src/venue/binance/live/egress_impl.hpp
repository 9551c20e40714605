// egress_impl.hpp — internals of EgressStage (venue/binance/live/egress_stage.hpp), shared by
// egress_stage.cpp (connections, commands, responses), egress_session.cpp (session
// tasks and control signals) and egress_frames.cpp (R4 frames). Not a public API.
//
// Everything here lives on the egress thread. Per connection ("slot") there is exactly
// one in-flight record because HTTP/1.1 requests are never pipelined
// (live/http_client_stream.hpp): the record says what the answer is for — an order-entry
// command (→ R4 frame) or a session task (consumed here) — and carries the request's
// identity (client id, command, rest kind, generation, symbol) into ResponseMeta.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "venue/binance/live/egress_stage.hpp"
#include "core/frame_publisher.hpp"
#include "net/client/http_client_stream.hpp"
#include "net/client/keepalive_pool.hpp"
#include "net/connection.hpp"
#include "venue/binance/session_bodies.hpp"
#include "venue/binance/session_requests.hpp"

namespace xtb::binance {

struct EgressImpl;

enum class InflightPurpose : std::uint8_t { None, Order, Session };

/// The one request in flight on a connection.
struct Inflight {
  InflightPurpose purpose = InflightPurpose::None;
  std::uint64_t tag = 0;                 ///< HttpClientConnection tag (unique per request)
  CommandKind command = CommandKind::None;
  binance::RestKind rest_kind = binance::RestKind::Order;
  std::uint64_t generation = 0;
  SymbolId symbol = kNoSymbol;
  ClientOrderId client_id{};
  binance::SessionTask task{};           ///< purpose == Session
  std::int64_t sent_wall_ns = 0;         ///< wall clock at submit (server-time samples)
};

/// Clock readings taken once per poll round (ns).
struct EgressClocks {
  std::int64_t mono = 0;   ///< CLOCK_MONOTONIC: HTTP timeouts, session schedule
  std::int64_t wall = 0;   ///< CLOCK_REALTIME: TimeSync inputs
  std::int64_t venue = 0;  ///< wall + TimeSync offset: RateLimiter windows (venue-aligned)
};

/// A request ready to go out: HTTP shape + the encoder's parameter text.
struct OutgoingRequest {
  net::HttpMethod method = net::HttpMethod::Get;
  std::string_view path;
  std::string_view params;
  bool in_body = false;   ///< POST/PUT: form body; GET/DELETE: query string
  bool api_key = false;   ///< X-MBX-APIKEY header
};

inline net::HttpMethod to_net(binance::HttpMethod m) noexcept {
  switch (m) {
    case binance::HttpMethod::Get: return net::HttpMethod::Get;
    case binance::HttpMethod::Post: return net::HttpMethod::Post;
    case binance::HttpMethod::Put: return net::HttpMethod::Put;
    case binance::HttpMethod::Delete: return net::HttpMethod::Delete;
  }
  return net::HttpMethod::Get;
}
/// The HTTP shape of an encoded request (RequestBuffer or SessionRequest).
template <class Buffer>
OutgoingRequest outgoing(const Buffer& b) noexcept {
  return {to_net(b.method()), b.path(), b.params(), b.params_in_body(), b.needs_api_key()};
}

/// One persistent order-entry connection.
struct EgressSlot final : net::HttpClientHandler, net::ConnObserver {
  EgressSlot(EgressImpl& o, std::uint32_t i, std::uint16_t t) : owner(o), index(i), tag(t) {}
  EgressImpl& owner;
  std::uint32_t index;
  std::uint16_t tag;                      ///< RawFrame::conn_id of its answers
  std::unique_ptr<live::HttpClientStream> stream;  // declared before conn: conn dies first
  std::unique_ptr<net::Connection> conn;
  Inflight inflight;
  binance::RequestBuffer req;             ///< order-entry request being sent
  binance::SessionRequest sreq;           ///< session request being sent
  char target[binance::RequestBuffer::kCapacity + 128];  ///< path + '?' + query
  live::LinkFlags link;                   ///< LinkHealth state of this connection

  bool idle() const noexcept { return stream->idle() && inflight.purpose == InflightPurpose::None; }

  void on_response(std::uint64_t t, const net::HttpMessageParser& r) override;
  void on_error(std::uint64_t t, net::HttpError e) override;
  void on_conn_state(std::uint16_t t, ConnStatus s, std::int32_t reason) noexcept override;
};

struct EgressImpl {
  EgressImpl(EgressStage& s, const EgressConfig& c, const EgressVenue& v, const EgressStage::Rings& r);

  EgressStage& stage;
  EgressConfig cfg;
  const binance::OrderEncoder& encoder;
  const binance::HmacSha256Signer& signer;
  std::string api_key;
  std::span<const binance::EncodeSymbol> symbols;
  EgressStage::Rings rings;
  live::FramePublisher publisher;
  binance::RateLimiter limiter;
  binance::TimeSync time;
  binance::SessionScheduler session;
  binance::SessionBodies bodies;
  live::KeepAlivePool pool;               ///< loop, TLS, the order-entry connections
  std::vector<std::unique_ptr<EgressSlot>> slots;
  std::uint64_t next_tag = 1;
  std::uint8_t head_part = 0;             ///< parts of the R3 head command already sent
  std::int64_t head_wait_since = 0;       ///< mono ns the R3 head started waiting (0: not)
  bool initialised = false;
  bool stopping = false;
  std::int64_t stop_deadline = 0;
  std::size_t work = 0;                   ///< items handled in the current poll
  EgressClocks now{};

  // ---- egress_stage.cpp: connections, order commands, answers ----
  bool init(std::string& error);
  void shutdown() noexcept;
  void read_clocks() noexcept;
  EgressSlot* idle_slot() noexcept { return live::idle_slot(slots); }
  std::size_t pump_commands() noexcept;
  enum class CmdResult : std::uint8_t { Sent, Done, Wait };
  CmdResult send_command(const OrderCommand& cmd, std::uint8_t part) noexcept;
  /// Refuses (local reject frame) a command that cannot go out yet; true when refused.
  bool refused_unready(const OrderCommand& cmd) noexcept;
  net::HttpError submit(EgressSlot& s, const OutgoingRequest& r) noexcept;
  void on_slot_response(EgressSlot& s, std::uint64_t tag, const net::HttpMessageParser& r) noexcept;
  void on_slot_error(EgressSlot& s, std::uint64_t tag, net::HttpError e) noexcept;
  void on_slot_state(EgressSlot& s, ConnStatus st, std::int32_t reason) noexcept;
  void service_timers() noexcept;
  std::uint32_t count_open() const noexcept { return live::count_open(slots); }

  // ---- egress_session.cpp: session tasks and control signals ----
  std::size_t pump_session() noexcept;
  bool send_session(EgressSlot& s, const binance::SessionTask& t) noexcept;
  void on_session_response(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser& r,
                           std::int32_t error_code) noexcept;
  void on_session_failure(const Inflight& f) noexcept;
  void on_listen_key(binance::ListenKeySession::Outcome o) noexcept;
  std::size_t drain_signals() noexcept;
  void signal_ingest(const binance::SessionSignal& s) noexcept;
  void update_ready() noexcept;

  // ---- egress_frames.cpp: R4 frames ----
  void publish_response(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser& r) noexcept;
  void publish_transport_error(const Inflight& f, std::uint16_t conn, net::HttpError e) noexcept;
  void publish_local_reject(const OrderCommand& cmd, LocalRefusal why) noexcept;
};

/// Default response kind of a command (used when it is refused before encoding).
binance::RestKind rest_kind_for_command(CommandKind k) noexcept;

}  // namespace xtb::binance
