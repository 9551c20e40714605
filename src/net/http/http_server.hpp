// http_server.hpp — HttpServerConnection: the sans-IO server side of one HTTP/1.1
// connection, for the venue simulator (xtb-sim) and test peers.
//
// The owner feeds received plaintext with on_bytes()/on_eof(); each complete request is
// handed to HttpServerHandler::on_request(). The handler answers with respond(), either
// inside the callback or later (the simulator's "delayed ack" fault). Responses go out in
// request order (RFC 9112 §9.3.2); while a request is unanswered, further bytes from the
// client (pipelined requests) wait in a bounded stash and are parsed after respond().
//
// After a request with `Connection: close` (or HTTP/1.0 without keep-alive), or a
// response sent with keep_alive = false, should_close() turns true: the owner closes the
// transport once the TxBuffer has drained. A parse error also answers 400 (or 413 for an
// oversized body) with Connection: close, then reports HttpServerHandler::on_error().
//
// Threads: owner thread only. Allocation: parser buffers and the stash, once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "net/http/http_encoder.hpp"
#include "net/http/http_message_parser.hpp"
#include "net/uring/tx_buffer.hpp"

namespace xtb::net {

class HttpServerConnection;

class HttpServerHandler {
 public:
  /// A complete request; `request` (method(), target(), headers(), body()) stays valid
  /// until it has been answered with conn.respond().
  virtual void on_request(HttpServerConnection& conn, const HttpMessageParser& request) = 0;
  /// The client sent something unparseable or too large; an error response has been
  /// queued and should_close() is true.
  virtual void on_error(HttpServerConnection& conn, HttpError error) = 0;

 protected:
  ~HttpServerHandler() = default;
};

struct HttpServerConfig {
  HttpParserLimits limits{};
  std::size_t stash_bytes = 64 * 1024;  ///< pipelined bytes held while a request is unanswered
};

class HttpServerConnection {
 public:
  HttpServerConnection(const HttpServerConfig& cfg, TxBuffer& out, HttpServerHandler& handler);

  void on_bytes(const std::uint8_t* data, std::size_t n) noexcept;
  /// The client closed its side; a half-received request is dropped.
  void on_eof() noexcept;
  /// Answers the oldest unanswered request. Errors: NotReady (nothing to answer),
  /// InvalidArgument, OutputFull (retry after the TxBuffer drained; the request stays
  /// pending). HEAD requests automatically get headers only.
  HttpError respond(const HttpResponseSpec& resp) noexcept;

  bool awaiting_response() const noexcept { return awaiting_; }
  bool should_close() const noexcept { return closing_; }
  std::uint64_t requests() const noexcept { return requests_; }
  void reset() noexcept;

 private:
  std::size_t process(const std::uint8_t* data, std::size_t n) noexcept;
  void stash(const std::uint8_t* data, std::size_t n) noexcept;
  void drain_stash() noexcept;
  void fail(HttpError e) noexcept;

  HttpServerConfig cfg_;
  TxBuffer& out_;
  HttpServerHandler& handler_;
  HttpMessageParser parser_;
  std::unique_ptr<std::uint8_t[]> stash_;
  std::size_t stash_off_ = 0;
  std::size_t stash_len_ = 0;
  std::uint64_t requests_ = 0;
  bool awaiting_ = false;
  bool dispatching_ = false;
  bool closing_ = false;
  bool peer_eof_ = false;
};

}  // namespace xtb::net
