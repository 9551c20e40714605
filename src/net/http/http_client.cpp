// http_client.cpp — HttpClientConnection state machine: Idle → AwaitingResponse → Idle
// (keep-alive) or Closed (Connection: close, EOF, error, timeout).
#include "net/http/http_client.hpp"

namespace xtb::net {

HttpClientConnection::HttpClientConnection(const HttpClientConfig& cfg, TxBuffer& out,
                                           HttpClientHandler& handler)
    : cfg_(cfg), out_(out), handler_(handler), parser_(HttpMessageParser::Kind::Response, cfg.limits) {}

HttpError HttpClientConnection::submit(const HttpRequestSpec& req, std::uint64_t tag,
                                       std::int64_t now_ns) noexcept {
  if (state_ != State::Idle) return HttpError::NotReady;
  const HttpError e = encode_request(req, out_);
  if (e != HttpError::None) return e;
  parser_.set_expect_no_body(req.method == HttpMethod::Head);
  tag_ = tag;
  deadline_ns_ = now_ns + cfg_.request_timeout_ns;
  state_ = State::AwaitingResponse;
  return HttpError::None;
}

void HttpClientConnection::on_bytes(const std::uint8_t* data, std::size_t n) noexcept {
  while (n > 0 && state_ != State::Closed) {
    const HttpParseResult r = parser_.feed(data, n);
    if (r.status == HttpParseStatus::Error) return fail(parser_.error());
    if (r.status == HttpParseStatus::NeedMore) return;
    data += r.consumed;
    n -= r.consumed;
    if (state_ != State::AwaitingResponse) return fail(HttpError::Unsolicited);
    complete();
  }
}

void HttpClientConnection::on_eof() noexcept {
  if (state_ == State::Closed) return;
  const HttpParseResult r = parser_.feed_eof();
  if (r.status == HttpParseStatus::Error) return fail(parser_.error());
  if (r.status == HttpParseStatus::Complete) {
    if (state_ != State::AwaitingResponse) return fail(HttpError::Unsolicited);
    complete();
  } else if (state_ == State::AwaitingResponse) {
    return fail(HttpError::UnexpectedEof);  // closed before the first response byte
  }
  state_ = State::Closed;
}

void HttpClientConnection::on_timer(std::int64_t now_ns) noexcept {
  if (state_ == State::AwaitingResponse && now_ns >= deadline_ns_) fail(HttpError::Timeout);
}

void HttpClientConnection::reset() noexcept {
  parser_.reset();
  state_ = State::Idle;
  tag_ = 0;
  deadline_ns_ = 0;
  responses_ = 0;
}

void HttpClientConnection::complete() noexcept {
  const std::uint64_t tag = tag_;
  // State first: the handler may submit the next request from inside on_response.
  state_ = parser_.keep_alive() ? State::Idle : State::Closed;
  ++responses_;
  handler_.on_response(tag, parser_);
  parser_.next();
}

void HttpClientConnection::fail(HttpError e) noexcept {
  const std::uint64_t tag = state_ == State::AwaitingResponse ? tag_ : 0;
  state_ = State::Closed;
  handler_.on_error(tag, e);
}

}  // namespace xtb::net
