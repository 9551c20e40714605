// http_client_stream.cpp — see http_client_stream.hpp.
#include "net/client/http_client_stream.hpp"

#include <cstring>

namespace xtb::live {

HttpClientStream::HttpClientStream(const net::HttpClientConfig& cfg, std::uint32_t out_bytes,
                                   net::HttpClientHandler& handler)
    : storage_(new std::uint8_t[out_bytes]), http_(cfg, out_, *this), handler_(handler) {
  out_.bind(storage_.get(), out_bytes);
}

net::HttpError HttpClientStream::submit(const net::HttpRequestSpec& req, std::uint64_t tag,
                                        std::int64_t now_ns) noexcept {
  if (stream_ == nullptr) return net::HttpError::NotReady;
  const net::HttpError e = http_.submit(req, tag, now_ns);
  if (e == net::HttpError::None) drain();
  return e;
}

void HttpClientStream::on_timer(std::int64_t now_ns) noexcept {
  if (stream_ == nullptr) return;
  ++depth_;
  http_.on_timer(now_ns);
  --depth_;
  close_if_done();
}

void HttpClientStream::on_open(net::ByteStream& out) noexcept {
  stream_ = &out;
  out_.clear();
  http_.reset();  // a fresh transport: fresh parser state
  last_error_ = net::HttpError::None;
}

void HttpClientStream::on_bytes(const std::uint8_t* data, std::size_t len) noexcept {
  ++depth_;
  http_.on_bytes(data, len);
  --depth_;
  drain();
  close_if_done();
}

void HttpClientStream::on_closed(std::int32_t /*reason*/) noexcept {
  stream_ = nullptr;
  ++depth_;
  http_.on_eof();  // a request in flight fails (UnexpectedEof): its outcome is unknown
  --depth_;
  out_.clear();
}

void HttpClientStream::on_response(std::uint64_t tag, const net::HttpMessageParser& response) {
  handler_.on_response(tag, response);
}

void HttpClientStream::on_error(std::uint64_t tag, net::HttpError error) {
  last_error_ = error;
  handler_.on_error(tag, error);
}

void HttpClientStream::drain() noexcept {
  if (stream_ == nullptr || depth_ != 0) return;
  while (out_.unsent() > 0) {
    const auto src = out_.begin_send();
    const auto dst = stream_->out_reserve(1);
    const std::size_t n = dst.size() < src.size() ? dst.size() : src.size();
    if (n > 0) {
      std::memcpy(dst.data(), src.data(), n);
      stream_->out_commit(n);
    }
    out_.complete_send(static_cast<std::uint32_t>(n));
    if (n == 0) return;  // transport full: on_writable() resumes
  }
}

void HttpClientStream::close_if_done() noexcept {
  if (stream_ == nullptr || depth_ != 0 || http_.state() != net::HttpClientConnection::State::Closed) return;
  const std::int32_t reason =
      last_error_ == net::HttpError::None ? 0 : kHttpReasonBase + static_cast<std::int32_t>(last_error_);
  net::ByteStream* s = stream_;
  stream_ = nullptr;
  s->close(reason);  // the pump calls on_closed(); http_ is already Closed
}

}  // namespace xtb::live
