// ws_connection.hpp — WsConnection: one WebSocket endpoint (client or server) as a
// sans-IO codec: plaintext bytes in, handler callbacks out, frames queued into the
// connection's TxBuffer for the transport to send.
//
// Wiring (owner = the thread that owns the socket, design §1):
//   start_client(req, now) / start_server(now)   queue / await the opening handshake
//   on_bytes(p, n)                               every decrypted byte from the peer
//   on_eof()                                     the peer closed TCP (or TLS close_notify)
//   on_timer(now_ns)                             periodically (e.g. every 100 ms-1 s)
//   send_text/send_binary/send_ping/close        from the owner thread, any time
//   should_close_transport()                     true → flush the TxBuffer, then close
// Time is the caller's monotonic ns; there is no clock in here.
//
// Protocol behaviour (RFC 6455):
//   - pings are answered with a pong carrying the same payload (§5.5.2) immediately,
//     also between the fragments of a message; Binance pings every 3 min.
//   - keep-alive: every WsConfig::ping_interval_ns we send a ping with an 8-byte
//     sequence number; if its pong does not come back within pong_timeout_ns the peer is
//     declared dead (WsError::PongTimeout). Unsolicited or stale pongs are counted only.
//   - close (§5.5.1, §7): a peer-initiated close is echoed with the same code and
//     reported through on_close(); our close() waits for the peer's close frame up to
//     close_timeout_ns. Binance ends every connection after 24 h with a close frame or a
//     bare TCP close (on_error PeerVanished): either way the session reconnects; the
//     optional rotate_after_ns hook lets it reconnect first.
//   - every protocol error queues the matching close frame (1002/1007/1009), moves to
//     Failed and calls on_error() exactly once. Bad input never crashes or throws.
//
// Allocation: the constructor allocates the reassembly buffer (max_message_bytes), the
// handshake parser, wslay's frame context and the mask keystream; steady-state receive,
// send, ping/pong and close allocate nothing (tests/net/proto/test_ws_codec.cpp proves
// it with AllocGuard).
// Threads: one owner thread; callbacks run inside on_bytes/on_eof/on_timer. A handler
// may call send_*/close() from a callback but must not destroy the connection there.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/http/http_message_parser.hpp"
#include "net/uring/tx_buffer.hpp"
#include "net/ws/ws_frame_codec.hpp"
#include "net/ws/ws_handshake.hpp"
#include "net/ws/ws_receiver.hpp"
#include "net/ws/ws_types.hpp"

namespace xtb::net {

class WsHandler {
 public:
  /// Opening handshake complete; messages may be sent.
  virtual void on_open() = 0;
  /// A complete text or binary message; `data` is valid only during the call.
  virtual void on_message(WsOpcode opcode, const std::uint8_t* data, std::size_t size) = 0;
  /// Close handshake finished (either side started it). `code` is the peer's status
  /// (1005 when its close frame had none). The connection is Closed.
  virtual void on_close(std::uint16_t code, std::string_view reason) = 0;
  /// The connection failed; `close_code` is the code we sent (1006: no close frame).
  virtual void on_error(WsError error, std::uint16_t close_code) = 0;
  /// Any pong received (answer to our ping or unsolicited).
  virtual void on_pong(const std::uint8_t* /*data*/, std::size_t /*size*/) {}
  /// The connection reached WsConfig::rotate_after_ns (fires once).
  virtual void on_rotate_due() {}
  /// Server only: 101 accepts the upgrade for `target`; any other status (404, 400)
  /// refuses it with that HTTP status.
  virtual std::uint16_t on_upgrade_request(std::string_view /*target*/) { return 101; }

 protected:
  ~WsHandler() = default;
};

enum class WsSendStatus : std::uint8_t {
  Ok,
  WouldBlock,      ///< TxBuffer full: retry after the transport drained it
  NotOpen,         ///< not in the Open state
  InvalidArgument, ///< control payload > 125 bytes, bad close code, reason > 123 bytes,
                   ///< or a message whose frames exceed the TxBuffer capacity
};

struct WsStats {
  std::uint64_t messages_rx = 0;
  std::uint64_t bytes_rx = 0;          ///< message payload bytes
  std::uint64_t messages_tx = 0;
  std::uint64_t pings_rx = 0;          ///< answered automatically
  std::uint64_t pings_tx = 0;          ///< keep-alive + send_ping()
  std::uint64_t pongs_rx = 0;
  std::uint64_t unmatched_pongs = 0;   ///< unsolicited or not answering our last ping
};

class WsConnection {
 public:
  WsConnection(const WsConfig& cfg, TxBuffer& out, WsHandler& handler);

  /// Client: queues the upgrade request (fresh key). Errors: InvalidArgument,
  /// OutputFull, NotReady (role is Server or already started).
  HttpError start_client(const WsClientRequest& req, std::int64_t now_ns) noexcept;
  /// Server: waits for the client's upgrade request.
  void start_server(std::int64_t now_ns) noexcept;

  void on_bytes(const std::uint8_t* data, std::size_t n) noexcept;
  void on_eof() noexcept;
  void on_timer(std::int64_t now_ns) noexcept;

  WsSendStatus send_text(const std::uint8_t* data, std::size_t n) noexcept {
    return send(WsOpcode::Text, data, n, 0);
  }
  WsSendStatus send_binary(const std::uint8_t* data, std::size_t n) noexcept {
    return send(WsOpcode::Binary, data, n, 0);
  }
  /// Sends a Text/Binary message, split into frames of at most `max_frame_payload`
  /// bytes (0: one frame). All frames are queued or none.
  WsSendStatus send(WsOpcode op, const std::uint8_t* data, std::size_t n, std::size_t max_frame_payload) noexcept;
  /// Sends a ping with a caller payload (≤ 125 bytes); does not arm the pong timeout.
  WsSendStatus send_ping(const std::uint8_t* data, std::size_t n) noexcept;
  /// Starts the close handshake with `code` (ws_close::is_sendable) and a UTF-8 reason.
  WsSendStatus close(std::uint16_t code, std::string_view reason, std::int64_t now_ns) noexcept;

  /// Re-arms the object for a new transport connection (state Idle). Cold path.
  void reset();

  WsState state() const noexcept { return state_; }
  bool is_open() const noexcept { return state_ == WsState::Open; }
  /// Closed or Failed: flush the TxBuffer and close the transport.
  bool should_close_transport() const noexcept { return state_ == WsState::Closed || state_ == WsState::Failed; }
  WsError error() const noexcept { return error_; }
  /// Client: HTTP status of the handshake response (0 before it arrived).
  std::uint16_t handshake_status() const noexcept { return handshake_status_; }
  /// The handshake message received (client: response incl. body; server: request).
  const HttpMessageParser& handshake_message() const noexcept { return parser_; }
  /// Server: request target of the accepted upgrade ("/stream?streams=...").
  std::string_view target() const noexcept { return parser_.target(); }
  /// Peer's close code once a close frame arrived (1005: none given), else 0.
  std::uint16_t peer_close_code() const noexcept { return peer_close_code_; }
  const WsStats& stats() const noexcept { return stats_; }

 private:
  void on_handshake_bytes(const std::uint8_t*& data, std::size_t& n) noexcept;
  void finish_client_handshake() noexcept;
  void finish_server_handshake() noexcept;
  void process_frames(const std::uint8_t* data, std::size_t n) noexcept;
  void dispatch(const WsRxEvent& ev) noexcept;
  void on_peer_close(const WsRxEvent& ev) noexcept;
  void on_pong_frame(const WsRxEvent& ev) noexcept;
  void send_keepalive_ping(std::int64_t now_ns) noexcept;
  bool write_close(std::uint16_t code, std::string_view reason) noexcept;
  void open() noexcept;
  void fail(WsError e, std::uint16_t code) noexcept;

  WsConfig cfg_;
  TxBuffer& out_;
  WsHandler& handler_;
  WsFrameCodec frames_;
  WsReceiver receiver_;
  HttpMessageParser parser_;  ///< handshake only (response for a client, request for a server)
  WsState state_ = WsState::Idle;
  WsError error_ = WsError::None;
  char key_[kWsKeyChars] = {};
  std::uint16_t handshake_status_ = 0;
  std::uint16_t peer_close_code_ = 0;
  bool close_sent_ = false;
  bool ping_outstanding_ = false;
  bool rotate_notified_ = false;
  std::uint64_t ping_seq_ = 0;
  std::uint8_t ping_payload_[8] = {};
  std::int64_t now_ns_ = 0;          ///< latest time the caller told us
  std::int64_t started_ns_ = 0;
  std::int64_t opened_ns_ = 0;
  std::int64_t last_ping_ns_ = 0;
  std::int64_t close_sent_ns_ = 0;
  WsStats stats_{};
};

}  // namespace xtb::net
