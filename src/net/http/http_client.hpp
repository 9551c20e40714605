// http_client.hpp — HttpClientConnection: the sans-IO client side of one keep-alive
// HTTP/1.1 connection (one request in flight at a time, no pipelining).
//
// Wiring: the owner (egress thread's connection pump) calls submit() to queue a request
// into the connection's TxBuffer, feeds every received plaintext byte to on_bytes(),
// reports the peer's FIN with on_eof(), and calls on_timer(now_ns) periodically. Results
// arrive as calls on an HttpClientHandler. Time is supplied by the caller in ns (any
// monotonic base); there is no clock in here.
//
// Why no pipelining: a REST order connection must be able to attribute every response
// to its request even after a timeout; with one request in flight a late response after
// a timeout is impossible (the connection is declared dead on timeout), and concurrency
// comes from several pooled connections instead (http_pool.hpp).
//
// Keep-alive (RFC 9112 §9.3): after a response with keep_alive() the connection is Idle
// and may carry the next request; otherwise it becomes Closed and the owner closes the
// transport after the handler returns. Data arriving with no request in flight (e.g. a
// server's 408 before it closes an idle connection) ends the connection with
// HttpError::Unsolicited.
//
// Threads: owner thread only; handler callbacks run inside on_bytes/on_eof/on_timer.
// The handler must not destroy the connection from inside a callback.
#pragma once
#include <cstdint>

#include "net/http/http_encoder.hpp"
#include "net/http/http_message_parser.hpp"
#include "net/uring/tx_buffer.hpp"

namespace xtb::net {

class HttpClientHandler {
 public:
  /// The complete response to the request submitted with `tag`. `response` (status,
  /// headers(), rate_limits(), body()) is valid only during the call.
  virtual void on_response(std::uint64_t tag, const HttpMessageParser& response) = 0;
  /// The connection failed while `tag` was in flight (tag 0: none was). The outcome of
  /// that request is unknown (it may have executed); close the transport.
  virtual void on_error(std::uint64_t tag, HttpError error) = 0;

 protected:
  ~HttpClientHandler() = default;
};

struct HttpClientConfig {
  HttpParserLimits limits{};                            ///< response body/header limits
  std::int64_t request_timeout_ns = 10'000'000'000;     ///< submit → complete response
};

class HttpClientConnection {
 public:
  enum class State : std::uint8_t { Idle, AwaitingResponse, Closed };

  HttpClientConnection(const HttpClientConfig& cfg, TxBuffer& out, HttpClientHandler& handler);

  /// Encodes `req` into the TxBuffer and starts its timeout. Errors: NotReady (a request
  /// is in flight or the connection is Closed), InvalidArgument, OutputFull; on error
  /// nothing is queued and the state is unchanged.
  HttpError submit(const HttpRequestSpec& req, std::uint64_t tag, std::int64_t now_ns) noexcept;
  /// Plaintext bytes from the peer.
  void on_bytes(const std::uint8_t* data, std::size_t n) noexcept;
  /// The peer closed its side. Completes a read-until-close response, fails one in flight.
  void on_eof() noexcept;
  /// Fails the in-flight request with HttpError::Timeout once its deadline has passed.
  void on_timer(std::int64_t now_ns) noexcept;
  /// Forget everything: a fresh transport connection was made for this object.
  void reset() noexcept;

  State state() const noexcept { return state_; }
  bool idle() const noexcept { return state_ == State::Idle; }
  std::uint64_t responses() const noexcept { return responses_; }  ///< completed on this connection
  /// Deadline (caller's ns) of the request in flight; meaningless when not awaiting.
  std::int64_t deadline_ns() const noexcept { return deadline_ns_; }

 private:
  void fail(HttpError e) noexcept;
  void complete() noexcept;

  HttpClientConfig cfg_;
  TxBuffer& out_;
  HttpClientHandler& handler_;
  HttpMessageParser parser_;
  State state_ = State::Idle;
  std::uint64_t tag_ = 0;
  std::int64_t deadline_ns_ = 0;
  std::uint64_t responses_ = 0;
};

}  // namespace xtb::net
