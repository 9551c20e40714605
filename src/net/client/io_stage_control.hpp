// io_stage_control.hpp — the lifecycle every venue's live I/O stage (ingest, egress) shows
// the wiring, written once: finished / request_stop / set_alloc_guard / error, and for
// order entry also its doorbell, readiness and open connections. A venue's stage derives
// from it and sets the protected state from its own thread (friends of the stage — its
// Impl — may too).
//
// Threads: request_stop / set_alloc_guard from any thread (relaxed stores: a request, read
// by the stage at its next poll); the getters from any thread (relaxed loads: progress
// and health numbers, not synchronisation; error() only once finished() is true — the
// DoneFlag publishes it with release/acquire).
#pragma once
#include <atomic>
#include <cstdint>
#include <string>

#include "core/alloc_guard.hpp"
#include "core/doorbell.hpp"
#include "core/stage.hpp"
#include "net/uring/net_log.hpp"

namespace xtb::live {

class IoStageControl {
 public:
  bool finished() const noexcept { return done_.get(); }
  /// Any thread: close every connection and finish (a full ring no longer blocks).
  void request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }
  /// Any thread: count the stage thread's heap allocations as hot-path allocations
  /// (core/alloc_guard.hpp) from its next poll() on, or stop counting.
  void set_alloc_guard(bool armed) noexcept { guard_.request(armed); }
  /// Why the stage could not start (set before it finished), else "".
  const std::string& error() const noexcept { return error_; }

 protected:
  /// The start of every poll() on the stage thread: false when the stage has finished, or
  /// when the first poll's start-up (`impl.init(error_)` unless `impl.initialised`) failed —
  /// then logged as "<stage>: start-up failed: ...", shut down (`impl.shutdown()`) and
  /// finished. Applies a pending alloc-guard request first.
  template <class Impl>
  bool begin_poll(Impl& impl, const char* stage) noexcept {
    if (done_.get()) return false;
    guard_.apply();
    if (impl.initialised || impl.init(error_)) return true;
    net::log(net::LogLevel::Error, "%s: start-up failed: %s", stage, error_.c_str());
    impl.shutdown();
    done_.set();
    return false;
  }

  std::string error_;
  std::atomic<bool> stop_{false};
  AllocGuardRequest guard_;
  DoneFlag done_;
};

/// An order-entry (egress) stage: woken by its command ring's doorbell.
class OrderEntryControl : public IoStageControl {
 public:
  Doorbell* doorbell() noexcept { return &bell_; }
  /// Orders can go out (the venue's own conditions: a connection open, clock synced, ...).
  bool ready() const noexcept { return ready_.load(std::memory_order_relaxed); }
  /// Connections whose transport is open.
  std::uint32_t open_connections() const noexcept { return open_conns_.load(std::memory_order_relaxed); }

 protected:
  Doorbell bell_;
  std::atomic<bool> ready_{false};
  std::atomic<std::uint32_t> open_conns_{0};
};

}  // namespace xtb::live
