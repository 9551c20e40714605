// user_sink.hpp — UserStreamSink: a WebSocket session bound to a face's user data stream
// (ServerSession implements it; the face's user stream delivers to it).
//
// Threads: server thread. Errors: none; a full session buffer closes the session.
#pragma once
#include <string_view>

namespace xtb::sim::server {

class UserStreamSink {
 public:
  /// One event payload (raw JSON object); the sink wraps it for combined streams.
  virtual void on_user_event(std::string_view json) noexcept = 0;
  /// The stream was closed by the venue: after the final event (if any), close the session.
  virtual void on_user_stream_closed() noexcept = 0;

 protected:
  ~UserStreamSink() = default;
};

}  // namespace xtb::sim::server
