#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "core/frame_pool.hpp"

using namespace xtb;

TEST_CASE("small payloads stay inline and are zero-padded for simdjson") {
  LargeFramePool pool(2, 64 * 1024);
  RawFrame f{};
  std::memset(f.bytes, 0xAB, sizeof f.bytes);
  const std::string msg = R"({"e":"bookTicker"})";
  CHECK(store_frame_payload(f, msg.data(), msg.size(), pool) == FrameStore::Inline);
  CHECK_FALSE(f.is_large());
  CHECK(f.len == msg.size());
  CHECK(std::memcmp(frame_payload(f, pool), msg.data(), msg.size()) == 0);
  for (std::size_t i = 0; i < RawFrame::kPadding; ++i) CHECK(f.bytes[msg.size() + i] == 0);
  CHECK(pool.acquired() == 0);
}

TEST_CASE("oversize payloads use a pool slot, are counted, and the pool refills on release") {
  LargeFramePool pool(2, 64 * 1024);
  std::string big(RawFrame::kInlineCapacity + 1, 'x');
  RawFrame a{}, b{}, c{};
  CHECK(store_frame_payload(a, big.data(), big.size(), pool) == FrameStore::Large);
  CHECK(store_frame_payload(b, big.data(), big.size(), pool) == FrameStore::Large);
  CHECK(a.is_large());
  CHECK(a.large_handle != b.large_handle);
  CHECK(std::memcmp(frame_payload(a, pool), big.data(), big.size()) == 0);
  CHECK(store_frame_payload(c, big.data(), big.size(), pool) == FrameStore::PoolExhausted);
  CHECK(c.len == 0);
  CHECK(pool.exhausted() == 1);
  pool.release(a.large_handle);
  CHECK(store_frame_payload(c, big.data(), big.size(), pool) == FrameStore::Large);
  CHECK(pool.acquired() == 3);
}

TEST_CASE("payloads larger than a pool slot are refused, not truncated") {
  LargeFramePool pool(1, 8192);
  std::string huge(9000, 'y');
  RawFrame f{};
  CHECK(store_frame_payload(f, huge.data(), huge.size(), pool) == FrameStore::TooLarge);
  CHECK(f.len == 0);
  CHECK_FALSE(f.is_large());
}
