// ring_frames.hpp — test helpers around the live stages' output rings: copy RawFrames out
// of an SpscRing (payload as a string, large-frame slots released), count them by kind,
// list a connection's ConnState statuses. Used by the loopback tests of every venue's
// ingest/egress stages against the fake-venue kit's peers.
//
// Threads: drain_frames on the ring's consumer thread; the rest any thread.
// Allocation: free (test code).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/frame_pool.hpp"
#include "core/spsc_ring.hpp"

namespace xtb::test_support {

/// A RawFrame copied out of its ring (payload as a string).
struct FrameCopy {
  FrameKind kind{};
  std::uint16_t conn = 0;
  std::uint8_t flags = 0;
  ConnMeta conn_meta{};
  ResponseMeta response{};
  std::string body;
  TscTicks rx_tsc = 0;
  bool large = false;
};

/// Moves every published frame of `ring` into `out` (releasing pool slots). Consumer thread.
inline std::size_t drain_frames(SpscRing<RawFrame>& ring, LargeFramePool& pool, std::vector<FrameCopy>& out) {
  return ring.consume([&](RawFrame& f, std::uint64_t, bool) {
    FrameCopy c;
    c.kind = f.kind;
    c.conn = f.conn_id;
    c.flags = f.flags;
    c.rx_tsc = f.rx_tsc;
    c.large = f.is_large();
    if (f.kind == FrameKind::ConnState) c.conn_meta = f.conn;
    if (f.kind == FrameKind::HttpResponse) c.response = f.response;
    c.body.assign(reinterpret_cast<const char*>(frame_payload(f, pool)), f.len);
    if (f.is_large()) pool.release(f.large_handle);
    out.push_back(std::move(c));
  });
}

inline std::size_t count_kind(const std::vector<FrameCopy>& v, FrameKind k) {
  std::size_t n = 0;
  for (const auto& f : v) n += f.kind == k ? 1 : 0;
  return n;
}

/// ConnState statuses of `conn`, in order.
inline std::vector<ConnStatus> states_of(const std::vector<FrameCopy>& v, std::uint16_t conn) {
  std::vector<ConnStatus> out;
  for (const auto& f : v)
    if (f.kind == FrameKind::ConnState && f.conn == conn) out.push_back(static_cast<ConnStatus>(f.conn_meta.status));
  return out;
}

}  // namespace xtb::test_support
