#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/alloc_guard.hpp"

using xtb::AllocGuard;

TEST_CASE("alloc guard counts allocations of armed threads only") {
  if (!AllocGuard::enabled()) return;  // built with -Dalloc_guard=false (sanitizer builds)
  const auto armed0 = AllocGuard::armed_allocations();
  const auto total0 = AllocGuard::total_allocations();
  auto p = std::make_unique<std::vector<int>>(100);  // not armed: counted in total only
  CHECK(AllocGuard::total_allocations() >= total0 + 2);
  CHECK(AllocGuard::armed_allocations() == armed0);
  bool was_armed = false;
  std::uint64_t inside = 0;
  {
    AllocGuard::Armed armed;
    was_armed = AllocGuard::current_thread_armed();
    std::string s(100, 'x');  // beyond SSO: one allocation
    void* volatile m = malloc(10);  // volatile: the compiler may not elide the pair
    free(m);
    inside = AllocGuard::armed_allocations();  // no doctest macro while armed: they allocate
  }
  CHECK(was_armed);
  CHECK(inside == armed0 + 2);
  CHECK_FALSE(AllocGuard::current_thread_armed());
  int x = 0;
  { AllocGuard::Armed armed; x += 1; }
  CHECK(AllocGuard::armed_allocations() == armed0 + 2);
  CHECK(x == 1);
}
