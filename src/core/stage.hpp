// stage.hpp — the Stage concept and the end-of-stream flag shared by every runner
// (runner.hpp: InlineRunner, ThreadedRunner; stage_group_runner.hpp: the layouts).
//
// A *stage* is a plain handler object with three members:
//   std::size_t poll()    — handle whatever input is available, return the item count;
//   bool finished() const — true once its upstream is done and its inputs are drained;
//   Doorbell* doorbell()  — the doorbell its input rings ring (nullptr if none).
// Threads: poll() on the one thread that drives the stage; finished() from any thread.
#pragma once
#include <atomic>
#include <concepts>
#include <cstddef>

#include "core/doorbell.hpp"

namespace xtb {

/// End-of-stream flag for finite runs (replay, tests). A stage sets it on its own thread
/// after its final publish; downstream stages read it in finished(). Correct use in a
/// stage's poll():
///     const bool upstream_done = upstream.finished();   // read FIRST (acquire)
///     ... consume input, publish output ...
///     if (upstream_done && input.empty_approx()) done_.set();  // release
/// Reading the upstream flag before draining guarantees nothing published before it was set
/// is left behind; setting ours after publishing makes our output visible to whoever sees it.
class DoneFlag {
 public:
  void set() noexcept { done_.store(true, std::memory_order_release); }
  bool get() const noexcept { return done_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> done_{false};
};

template <class S>
concept Stage = requires(S& s, const S& cs) {
  { s.poll() } -> std::convertible_to<std::size_t>;
  { cs.finished() } -> std::convertible_to<bool>;
  { s.doorbell() } -> std::convertible_to<Doorbell*>;
};

/// A Stage behind three function pointers: how a venue hands its live stages to the wiring
/// without the wiring naming their types (venue/live_venue.hpp). StageGroupRunner copies the
/// pointers as they are, so a handle costs the same one indirect call per poll as any stage
/// it runs. `obj` must outlive every runner it is added to.
struct StageHandle {
  void* obj = nullptr;
  std::size_t (*poll_fn)(void*) noexcept = nullptr;
  bool (*finished_fn)(const void*) noexcept = nullptr;
  Doorbell* bell = nullptr;

  template <class S>
  static StageHandle of(S& s) noexcept {
    return StageHandle{&s, [](void* p) noexcept -> std::size_t { return static_cast<S*>(p)->poll(); },
                       [](const void* p) noexcept -> bool { return static_cast<const S*>(p)->finished(); },
                       s.doorbell()};
  }
  std::size_t poll() noexcept { return poll_fn(obj); }
  bool finished() const noexcept { return finished_fn(obj); }
  Doorbell* doorbell() noexcept { return bell; }
};
static_assert(Stage<StageHandle>);

}  // namespace xtb
