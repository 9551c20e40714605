// response_frame.hpp — how every venue's egress stage stamps the HttpResponse RawFrames it
// publishes on R4 (core/raw_frame.hpp): the frame header, ResponseMeta from the request's
// in-flight record, and header values clamped to the meta's 32-bit fields. Each venue's
// egress_frames.cpp decides WHICH frame (answer, no answer, local refusal) and its extras.
// Hot path (egress thread): no allocation; Clock reads only.
#pragma once
#include <cstdint>
#include <cstring>

#include "core/clock.hpp"
#include "core/frame_publisher.hpp"
#include "core/raw_frame.hpp"

namespace xtb::live {

/// 0 for negatives, UINT32_MAX for values beyond it (a header value into ResponseMeta).
constexpr std::uint32_t clamp_u32(std::int64_t v) noexcept {
  return v <= 0 ? 0u : v > static_cast<std::int64_t>(UINT32_MAX) ? UINT32_MAX : static_cast<std::uint32_t>(v);
}

/// Frame header of an answer on connection `conn` (RawFrame::conn_id), stamped now.
inline void stamp_response(RawFrame& fr, std::uint16_t conn, std::uint8_t flags) noexcept {
  fr.conn_id = conn;
  fr.kind = FrameKind::HttpResponse;
  fr.flags = flags;
  fr.rx_tsc = Clock::now();
  fr.capture_ns = Clock::wall_ns();
}

/// ResponseMeta of the request `f` answered with `http_status` (0: no answer); every
/// other field zero. `Inflight` has rest_kind, command, symbol, generation and client_id.
template <class Inflight>
void fill_response_meta(ResponseMeta& m, const Inflight& f, std::uint16_t http_status) noexcept {
  std::memset(&m, 0, sizeof m);
  m.rest_kind = static_cast<std::uint8_t>(f.rest_kind);
  m.command = static_cast<std::uint8_t>(f.command);
  m.http_status = http_status;
  m.symbol = f.symbol;
  m.generation = f.generation;
  m.client_id = f.client_id;
}

/// "No answer" (timeout, disconnect, an answer too large for a pool slot): a body-less
/// frame flagged transport_error, tagged `tag`; each venue's decoder reports the outcome as
/// unknown and the engine queries the order. False when R4 had no room (stopping).
template <class Inflight>
bool publish_no_answer(FramePublisher& p, std::uint16_t tag, const Inflight& f) noexcept {
  RawFrame* fr = p.claim();
  if (fr == nullptr || !p.store(*fr, "", 0)) return false;
  stamp_response(*fr, tag, 0);
  fill_response_meta(fr->response, f, 0);
  fr->response.transport_error = 1;
  p.publish();
  return true;
}

}  // namespace xtb::live
