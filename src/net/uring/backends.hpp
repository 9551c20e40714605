// backends.hpp — internal: constructors of the two EventLoop backends, used only by
// EventLoop::create() (event_loop.cpp). Not part of the public interface.
#pragma once
#include <memory>
#include <string>

#include "net/uring/event_loop.hpp"

namespace xtb::net::detail {

/// io_uring backend; nullptr with `why` set when the kernel lacks something we need
/// (ring setup, an opcode, provided-buffer rings). Cold path.
std::unique_ptr<EventLoop> make_uring_loop(const LoopConfig& cfg, std::string* why);

/// epoll backend; nullptr with `why` set when epoll_create1 or allocation fails.
std::unique_ptr<EventLoop> make_epoll_loop(const LoopConfig& cfg, std::string* why);

/// Fills LoopFeatures::kernel from uname(2).
void read_kernel_release(LoopFeatures* f) noexcept;

}  // namespace xtb::net::detail
