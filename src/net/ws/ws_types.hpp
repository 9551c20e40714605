// ws_types.hpp — WebSocket (RFC 6455) vocabulary: opcodes, close status codes, typed
// errors and the per-connection configuration.
//
// Protocol facts: opcodes RFC 6455 §5.2 / §11.8; close codes §7.4.1 and the IANA
// "WebSocket Close Code Number Registry" (1012-1014 were registered after the RFC).
// Binance USD-M market/user streams: the server sends a ping every 3 minutes and drops a
// connection that has not answered with a pong within 10 minutes; every connection is
// closed by the server after 24 hours (Binance "WebSocket Market Streams" docs).
//
// Threads: plain values; each WsConnection is used by its one owner thread.
#pragma once
#include <cstddef>
#include <cstdint>

namespace xtb::net {

enum class WsOpcode : std::uint8_t {
  Continuation = 0x0,
  Text = 0x1,
  Binary = 0x2,
  Close = 0x8,
  Ping = 0x9,
  Pong = 0xA,
};

/// Close status codes we send or interpret (RFC 6455 §7.4.1).
namespace ws_close {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kUnsupportedData = 1003;
inline constexpr std::uint16_t kNoStatus = 1005;   ///< never on the wire: close frame had no code
inline constexpr std::uint16_t kAbnormal = 1006;   ///< never on the wire: no close frame at all
inline constexpr std::uint16_t kInvalidPayload = 1007;
inline constexpr std::uint16_t kPolicyViolation = 1008;
inline constexpr std::uint16_t kMessageTooBig = 1009;
inline constexpr std::uint16_t kInternalError = 1011;

/// True for codes an endpoint may put in a close frame (RFC 6455 §7.4.1-2 + IANA).
constexpr bool is_sendable(std::uint16_t c) noexcept {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
}
}  // namespace ws_close

enum class WsRole : std::uint8_t { Client, Server };

/// Connection life cycle. Idle: not started. Closing: we sent a close frame and wait
/// for the peer's. Closed: close handshake finished. Failed: see WsError.
enum class WsState : std::uint8_t { Idle, Handshaking, Open, Closing, Closed, Failed };

/// Why a connection failed (WsHandler::on_error). Every error ends the connection.
enum class WsError : std::uint8_t {
  None = 0,
  HandshakeMalformed,  ///< handshake bytes are not valid HTTP/1.1
  HandshakeRejected,   ///< client: status != 101 (see WsConnection::handshake_status())
  HandshakeInvalid,    ///< missing/wrong Upgrade, Connection, Sec-WebSocket-Accept/Key/Version
  HandshakeTimeout,    ///< no complete handshake within WsConfig::handshake_timeout_ns
  ProtocolViolation,   ///< bad framing/opcode/masking/close payload (we sent close 1002)
  InvalidUtf8,         ///< text message or close reason not UTF-8 (we sent close 1007)
  MessageTooBig,       ///< message above WsConfig::max_message_bytes (we sent close 1009)
  PongTimeout,         ///< our keep-alive ping got no pong within pong_timeout_ns
  CloseTimeout,        ///< we sent close; peer did not answer within close_timeout_ns
  PeerVanished,        ///< transport EOF without a completed close handshake (1006)
  OutputFull,          ///< no room in the TxBuffer for a control frame (peer not reading)
};

/// Stable lower-case name for logs and tests ("pong_timeout", ...).
const char* to_string(WsError e) noexcept;

struct WsConfig {
  WsRole role = WsRole::Client;
  /// Largest reassembled message (bytes). Bigger ones fail with close 1009. The
  /// reassembly buffer of this size is allocated once per connection.
  std::size_t max_message_bytes = 1 << 20;
  /// Send our own ping after this long without one (0: never). Binance tolerates
  /// unsolicited pings; a ping also proves the TCP path is alive when the stream is quiet.
  std::int64_t ping_interval_ns = 30'000'000'000;
  /// Declare the peer dead if our ping is not answered within this (must be > 0).
  std::int64_t pong_timeout_ns = 10'000'000'000;
  /// After we send close, wait at most this long for the peer's close frame.
  std::int64_t close_timeout_ns = 5'000'000'000;
  /// From start() to the end of the opening handshake.
  std::int64_t handshake_timeout_ns = 10'000'000'000;
  /// Once the connection is this old, WsHandler::on_rotate_due() fires once (0: never),
  /// so the session can open a replacement before Binance's 24 h cut (e.g. 23 h 30 min).
  std::int64_t rotate_after_ns = 0;
};

}  // namespace xtb::net
