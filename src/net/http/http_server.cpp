// http_server.cpp — HttpServerConnection: parse → dispatch → respond, in order.
#include "net/http/http_server.hpp"

#include <cstring>

namespace xtb::net {

HttpServerConnection::HttpServerConnection(const HttpServerConfig& cfg, TxBuffer& out,
                                           HttpServerHandler& handler)
    : cfg_(cfg),
      out_(out),
      handler_(handler),
      parser_(HttpMessageParser::Kind::Request, cfg.limits),
      stash_(std::make_unique<std::uint8_t[]>(cfg.stash_bytes)) {}

void HttpServerConnection::reset() noexcept {
  parser_.reset();
  stash_off_ = stash_len_ = 0;
  requests_ = 0;
  awaiting_ = dispatching_ = closing_ = peer_eof_ = false;
}

void HttpServerConnection::on_bytes(const std::uint8_t* data, std::size_t n) noexcept {
  if (closing_ || n == 0) return;
  if (awaiting_ || stash_off_ < stash_len_) return stash(data, n);
  const std::size_t used = process(data, n);
  if (used < n && !closing_) stash(data + used, n - used);
}

void HttpServerConnection::on_eof() noexcept {
  peer_eof_ = true;
  if (!awaiting_) closing_ = true;
}

std::size_t HttpServerConnection::process(const std::uint8_t* data, std::size_t n) noexcept {
  std::size_t used = 0;
  while (used < n && !closing_ && !awaiting_) {
    const HttpParseResult r = parser_.feed(data + used, n - used);
    used += r.consumed;
    if (r.status == HttpParseStatus::Error) {
      fail(parser_.error());
      return n;  // the rest of the stream is meaningless
    }
    if (r.status == HttpParseStatus::NeedMore) break;
    ++requests_;
    awaiting_ = true;
    dispatching_ = true;
    handler_.on_request(*this, parser_);
    dispatching_ = false;
    if (!awaiting_) parser_.next();  // answered inside the callback
  }
  return used;
}

HttpError HttpServerConnection::respond(const HttpResponseSpec& resp) noexcept {
  if (!awaiting_) return HttpError::NotReady;
  HttpResponseSpec r = resp;
  r.head_request = parser_.method() == "HEAD";
  r.keep_alive = resp.keep_alive && parser_.keep_alive() && !peer_eof_;
  const HttpError e = encode_response(r, out_);
  if (e != HttpError::None) return e;
  awaiting_ = false;
  if (!r.keep_alive) closing_ = true;
  if (!dispatching_) {
    parser_.next();
    drain_stash();
  }
  return HttpError::None;
}

void HttpServerConnection::stash(const std::uint8_t* data, std::size_t n) noexcept {
  if (n > cfg_.stash_bytes - stash_len_ && stash_off_ > 0) {
    std::memmove(stash_.get(), stash_.get() + stash_off_, stash_len_ - stash_off_);
    stash_len_ -= stash_off_;
    stash_off_ = 0;
  }
  if (n > cfg_.stash_bytes - stash_len_) {
    // Cannot answer out of order, so no error response: just close.
    closing_ = true;
    handler_.on_error(*this, HttpError::PipelineOverflow);
    return;
  }
  std::memcpy(stash_.get() + stash_len_, data, n);
  stash_len_ += n;
}

void HttpServerConnection::drain_stash() noexcept {
  while (!awaiting_ && !closing_ && stash_off_ < stash_len_)
    stash_off_ += process(stash_.get() + stash_off_, stash_len_ - stash_off_);
  if (stash_off_ == stash_len_) stash_off_ = stash_len_ = 0;
}

void HttpServerConnection::fail(HttpError e) noexcept {
  std::uint16_t status = 400;
  if (e == HttpError::BodyTooLarge) status = 413;
  if (e == HttpError::HeadersTooLarge) status = 431;
  if (e == HttpError::TargetTooLong) status = 414;
  HttpResponseSpec r;
  r.status = status;
  r.reason = status == 431 ? "Request Header Fields Too Large" : (status == 414 ? "URI Too Long" : "");
  r.keep_alive = false;
  encode_response(r, out_);  // best effort: the connection closes either way
  closing_ = true;
  awaiting_ = false;
  handler_.on_error(*this, e);
}

}  // namespace xtb::net
