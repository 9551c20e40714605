// producer_assist.hpp — what a producer that must wait for ring room does on a thread that
// also runs the ring's consumer.
//
// The live I/O stages publish with back-pressure (core/frame_publisher.hpp): when R1 /
// R4 is full they wait *inside* a transport callback until the consumer frees room. On a
// thread of its own that consumer is another thread. In the compact and split layouts
// (core/stage_group_runner.hpp) the consumer (decode) runs on the *same* thread, so a plain
// wait would never end. The thread's runner therefore installs a ProducerAssist: a waiting
// producer calls run_producer_assist() once per wait round, which polls every other stage
// of the thread that is not already on the call stack — decode among them frees the room.
//
// Shape: a function pointer + context (no allocation, no std::function); one per thread.
// Threads: thread-local — install, clear and run on the owning thread only. No atomics:
// the stages polled by the assist run on this very thread, so their rings' own
// acquire/release protocol is all the ordering needed.
#pragma once

namespace xtb {

struct ProducerAssist {
  void (*fn)(void* ctx) noexcept = nullptr;  ///< polls the thread's idle stages once
  void* ctx = nullptr;
};

namespace producer_assist_detail {
inline thread_local ProducerAssist current{};
}  // namespace producer_assist_detail

/// Installs `a` for the calling thread (runner start-up; cold). An empty one clears it.
inline void set_producer_assist(ProducerAssist a) noexcept { producer_assist_detail::current = a; }

/// Producer wait loop: runs this thread's assist once. False when none is installed (the
/// caller then spins or yields as usual).
inline bool run_producer_assist() noexcept {
  const ProducerAssist a = producer_assist_detail::current;
  if (a.fn == nullptr) return false;
  a.fn(a.ctx);
  return true;
}

}  // namespace xtb
