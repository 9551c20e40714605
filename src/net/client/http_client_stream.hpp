// http_client_stream.hpp — HTTP/1.1 keep-alive client over a Connection: plugs the sans-IO
// HttpClientConnection (net/http/http_client.hpp) into the connection pump as its
// StreamCodec, the way net/connection_ws.hpp does for WebSocket.
//
//   submit() ─▶ HttpClientConnection encodes into out_ (TxBuffer) ─drain─▶ ByteStream
//   Connection ─on_bytes─▶ HttpClientConnection ─▶ HttpClientHandler::on_response / on_error
//
// One request in flight per connection (no pipelining, see http_client.hpp): a request
// that times out or loses its connection is reported through on_error and the transport
// is closed, so a late answer can never be attributed to the next request. The
// Connection then reconnects by its backoff, which keeps order-entry connections warm.
// A response with `Connection: close` also closes (and so reconnects) the transport.
// Close reasons passed to the pump: 0 after `Connection: close`, 6100 + HttpError after a
// failure (net/connection.hpp reserves 6000+ for codec errors).
//
// Threads: the EventLoop's owner thread. Allocation: constructor only.
#pragma once
#include <cstdint>
#include <memory>

#include "net/connection.hpp"
#include "net/http/http_client.hpp"

namespace xtb::live {

inline constexpr std::int32_t kHttpReasonBase = 6100;  ///< close reason = base + HttpError

class HttpClientStream final : public net::StreamCodec, net::HttpClientHandler {
 public:
  /// `out_bytes`: staging for encoded requests (one request at a time: 8 KiB is plenty).
  HttpClientStream(const net::HttpClientConfig& cfg, std::uint32_t out_bytes, net::HttpClientHandler& handler);
  HttpClientStream(const HttpClientStream&) = delete;
  HttpClientStream& operator=(const HttpClientStream&) = delete;

  /// Queues `req` and hands it to the transport. Errors as HttpClientConnection::submit,
  /// plus NotReady while the transport is not open. Nothing is sent on error.
  net::HttpError submit(const net::HttpRequestSpec& req, std::uint64_t tag, std::int64_t now_ns) noexcept;
  /// Drives the request timeout (`now_ns`: the clock passed to submit()).
  void on_timer(std::int64_t now_ns) noexcept;

  /// Transport open (TCP + TLS up).
  bool open() const noexcept { return stream_ != nullptr; }
  /// Open and no request in flight: ready for submit().
  bool idle() const noexcept { return stream_ != nullptr && http_.idle(); }
  const net::HttpClientConnection& http() const noexcept { return http_; }

  // StreamCodec
  void on_open(net::ByteStream& out) noexcept override;
  void on_bytes(const std::uint8_t* data, std::size_t len) noexcept override;
  void on_writable() noexcept override { drain(); }
  void on_closed(std::int32_t reason) noexcept override;

 private:
  // HttpClientHandler: forwarded to the owner, then the transport is closed if needed.
  void on_response(std::uint64_t tag, const net::HttpMessageParser& response) override;
  void on_error(std::uint64_t tag, net::HttpError error) override;
  void drain() noexcept;
  void close_if_done() noexcept;

  std::unique_ptr<std::uint8_t[]> storage_;
  net::TxBuffer out_;
  net::HttpClientConnection http_;
  net::HttpClientHandler& handler_;
  net::ByteStream* stream_ = nullptr;
  net::HttpError last_error_ = net::HttpError::None;
  int depth_ = 0;  ///< >0 inside HttpClientConnection (its callbacks may submit)
};

}  // namespace xtb::live
