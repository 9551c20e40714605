// egress_impl.hpp — internals of Backpack's EgressStage (egress_stage.hpp), shared by
// egress_stage.cpp (connections, commands, answers) and egress_frames.cpp (R4 frames,
// depth snapshots). Not a public API.
//
// Everything here lives on the egress thread. Per connection ("slot") exactly one request
// is in flight (HTTP/1.1, no pipelining): its Inflight record says what the answer is
// for — an order-entry command (→ R4 frame) or a depth snapshot — and carries the
// request's identity into ResponseMeta.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/frame_publisher.hpp"
#include "net/client/http_client_stream.hpp"
#include "net/client/keepalive_pool.hpp"
#include "net/connection.hpp"
#include "venue/backpack/live/egress_stage.hpp"
#include "venue/backpack/live/rate_budget.hpp"
#include "venue/backpack/live/request_shape.hpp"

namespace xtb::backpack {

enum class InflightPurpose : std::uint8_t { None, Order, Depth };

struct Inflight {
  InflightPurpose purpose = InflightPurpose::None;
  std::uint64_t tag = 0;                 ///< HttpClientConnection tag (unique per request)
  CommandKind command = CommandKind::None;
  RestKind rest_kind = RestKind::None;
  std::uint64_t generation = 0;
  SymbolId symbol = kNoSymbol;
  ClientOrderId client_id{};
  std::uint32_t depth_index = 0;         ///< purpose Depth: index into EgressImpl::depth
};

/// One persistent order-entry connection.
struct EgressSlot final : net::HttpClientHandler, net::ConnObserver {
  EgressSlot(EgressImpl& o, std::uint16_t t) : owner(o), tag(t) {}
  EgressImpl& owner;
  std::uint16_t tag;                       ///< RawFrame::conn_id of its answers
  std::unique_ptr<live::HttpClientStream> stream;  // declared before conn: conn dies first
  std::unique_ptr<net::Connection> conn;
  Inflight inflight;
  Request req;                             ///< the request being sent
  HttpShape shape;
  char target[Request::kQueryCap + 64];    ///< path + '?' + query
  live::LinkFlags link;

  bool idle() const noexcept { return stream->idle() && inflight.purpose == InflightPurpose::None; }
  void on_response(std::uint64_t t, const net::HttpMessageParser& r) override;
  void on_error(std::uint64_t t, net::HttpError e) override;
  void on_conn_state(std::uint16_t t, ConnStatus s, std::int32_t reason) noexcept override;
};

/// One traded symbol's depth snapshot schedule.
struct DepthTask {
  SymbolId symbol = kNoSymbol;
  std::int64_t due = INT64_MAX;          ///< mono ns; INT64_MAX = not due (or in flight)
};

struct EgressImpl {
  EgressImpl(EgressStage& s, const EgressConfig& c, const EgressVenue& v, const EgressStage::Rings& r);

  EgressStage& stage;
  EgressConfig cfg;
  EgressVenue venue;
  EgressStage::Rings rings;
  live::FramePublisher publisher;
  RateBudget budget;
  std::vector<DepthTask> depth;
  std::uint64_t seen_opens = 0, seen_requests = 0;
  bool ids_bound = false;
  live::KeepAlivePool pool;              ///< loop, TLS, the order-entry connections
  std::vector<std::unique_ptr<EgressSlot>> slots;
  std::uint64_t next_tag = 1;
  std::int64_t head_wait_since = 0;      ///< mono ns the R3 head started waiting (0: not)
  bool initialised = false;
  bool stopping = false;
  std::int64_t stop_deadline = 0;
  std::size_t work = 0;
  std::int64_t now = 0;                  ///< CLOCK_MONOTONIC ns, read once per poll round

  // ---- egress_stage.cpp ----
  bool init(std::string& error);
  void shutdown() noexcept;
  EgressSlot* idle_slot() noexcept { return live::idle_slot(slots); }
  std::uint32_t count_open() const noexcept { return live::count_open(slots); }
  std::size_t pump_commands() noexcept;
  enum class CmdResult : std::uint8_t { Sent, Done, Wait };
  CmdResult send_command(const OrderCommand& cmd) noexcept;
  void bind_ids(const OrderCommand& cmd) noexcept;
  bool admitted(const OrderCommand& cmd) noexcept;
  net::HttpError submit(EgressSlot& s) noexcept;
  void on_slot_response(EgressSlot& s, std::uint64_t tag, const net::HttpMessageParser& r) noexcept;
  void on_slot_error(EgressSlot& s, std::uint64_t tag, net::HttpError e) noexcept;
  void on_slot_state(EgressSlot& s, ConnStatus st, std::int32_t reason) noexcept;
  bool busy() const noexcept;

  // ---- egress_frames.cpp ----
  void publish_response(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser& r) noexcept;
  void publish_transport_error(const Inflight& f, std::uint16_t conn) noexcept;
  void publish_local_reject(const OrderCommand& cmd, LocalRefusal why) noexcept;
  void publish_bind(const ClientOrderId& id) noexcept;
  void watch_depth_triggers() noexcept;
  std::size_t pump_depth() noexcept;
  void on_depth_answer(const Inflight& f, std::uint16_t conn, const net::HttpMessageParser* r) noexcept;
};

}  // namespace xtb::backpack
