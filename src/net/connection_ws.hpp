// connection_ws.hpp — WebSocket over a Connection: plugs the sans-IO WsConnection codec
// (src/net/ws, RFC 6455 on wslay) into the connection pump as its StreamCodec.
//
//   Connection ─on_bytes─▶ WsStream ─▶ WsConnection.on_bytes ─▶ WsHandler.on_message
//   WsStream.send_text ─▶ WsConnection frames into ws_out_ (TxBuffer) ─drain─▶ ByteStream
//
// The extra hop through ws_out_ exists because WsConnection writes into a TxBuffer it is
// bound to for life, while the Connection's buffers change with every reconnect; it
// costs one memcpy of the frame (~200 B for an order, tens of ns).
//
// What WsStream does for the caller:
//   - on transport open: client sends the upgrade request (host/target given here),
//     server waits for one; on reconnect the WsConnection is reset first;
//   - drives WsConnection::on_timer from an EventLoop timer every `tick_ns` (keep-alive
//     pings, pong/close/handshake timeouts);
//   - when the WebSocket is Closed or Failed, flushes what is queued and closes the
//     transport with reason = peer close code (1000..4999) or conn_reason::kCodecBase +
//     WsError (6000 + n), so the Connection reconnects per its backoff;
//   - transport loss is reported to the codec (on_eof → WsHandler::on_error PeerVanished).
//
// Threading: the EventLoop's owner thread. Allocation: constructor only (WsConnection's
// reassembly buffer, ws_out_ storage); none per message. The upgrade (on_open's request
// and the bytes that complete the handshake) runs in an AllocGuard::ColdSection.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "net/connection.hpp"
#include "net/ws/ws_connection.hpp"

namespace xtb::net {

struct WsStreamOptions {
  WsConfig ws;                          ///< role, limits, ping/pong/close timeouts
  std::string host;                     ///< client: Host header value ("fstream.binance.com")
  std::string target = "/";             ///< client: request target ("/stream?streams=...")
  std::uint32_t out_bytes = 256 * 1024; ///< frame queue between WsConnection and the stream
  std::int64_t tick_ns = 100'000'000;   ///< WsConnection::on_timer period
};

class WsStream final : public StreamCodec, TimerHandler {
 public:
  /// Registers one loop timer. Cold path.
  WsStream(EventLoop& loop, const WsStreamOptions& opt, WsHandler& handler);
  ~WsStream();
  WsStream(const WsStream&) = delete;
  WsStream& operator=(const WsStream&) = delete;

  /// Sends one message (text or binary). WouldBlock when the frame queue is full.
  WsSendStatus send(WsOpcode op, const std::uint8_t* data, std::size_t n) noexcept;
  WsSendStatus send_text(const std::uint8_t* data, std::size_t n) noexcept { return send(WsOpcode::Text, data, n); }
  /// Starts the close handshake; the transport closes when it completes or times out.
  WsSendStatus close(std::uint16_t code, std::string_view reason) noexcept;

  WsConnection& ws() noexcept { return ws_; }
  const WsConnection& ws() const noexcept { return ws_; }
  bool is_open() const noexcept { return ws_.is_open(); }

  // StreamCodec
  void on_open(ByteStream& out) noexcept override;
  void on_bytes(const std::uint8_t* data, std::size_t len) noexcept override;
  void on_writable() noexcept override { drain(); }
  void on_closed(std::int32_t reason) noexcept override;

 private:
  void on_timer(TimerId id) noexcept override;
  /// Moves queued frames to the transport; closes it once the WebSocket is finished.
  void drain() noexcept;

  EventLoop& loop_;
  WsStreamOptions opt_;
  std::unique_ptr<std::uint8_t[]> out_storage_;
  TxBuffer ws_out_;
  WsConnection ws_;
  ByteStream* stream_ = nullptr;
  TimerId timer_ = kInvalidTimer;
  int depth_ = 0;  ///< >0 while inside WsConnection (its callbacks may call send())
};

}  // namespace xtb::net
