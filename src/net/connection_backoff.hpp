// connection_backoff.hpp — reconnect delays: exponential backoff with jitter.
//
// Attempt n (0-based) waits a delay drawn uniformly from
//     [ceiling_n · (1 − jitter), ceiling_n],  ceiling_n = min(max, initial · multiplier^n)
// jitter = 1 is "full jitter", 0.5 "equal jitter" (AWS Architecture Blog, "Exponential
// Backoff and Jitter", 2015). Jitter spreads the reconnects of many clients (or of our
// several streams) after a venue-wide disconnect, so they do not hammer the venue in
// lockstep. A connection that stayed up for stable_after_ns resets the sequence
// (Connection does that), so a venue's routine 24 h stream rotation reconnects at once
// with the initial delay, while a flapping endpoint backs off.
//
// Pure and deterministic for a given seed (xorshift64*), no allocation, no syscalls.
#pragma once
#include <cstdint>

namespace xtb::net {

struct BackoffConfig {
  std::int64_t initial_ns = 100'000'000;      ///< first delay ceiling (100 ms)
  std::int64_t max_ns = 30'000'000'000;       ///< ceiling cap (30 s)
  double multiplier = 2.0;                    ///< ceiling growth per failed attempt (>= 1)
  double jitter = 0.5;                        ///< fraction of the ceiling randomised, 0..1
  std::int64_t stable_after_ns = 10'000'000'000;  ///< uptime that resets the sequence
};

class Backoff {
 public:
  explicit Backoff(const BackoffConfig& cfg = {}, std::uint64_t seed = 0x9E3779B97F4A7C15ull) noexcept
      : cfg_(sanitize(cfg)), ceiling_(cfg_.initial_ns), rng_(seed != 0 ? seed : 1) {}

  /// Delay before the next attempt (ns), then advances the ceiling.
  std::int64_t next_delay_ns() noexcept {
    const std::int64_t ceiling = ceiling_;
    const auto span = static_cast<std::int64_t>(static_cast<double>(ceiling) * cfg_.jitter);
    const std::int64_t delay = ceiling - (span > 0 ? static_cast<std::int64_t>(next_random() % static_cast<std::uint64_t>(span + 1)) : 0);
    const double grown = static_cast<double>(ceiling_) * cfg_.multiplier;
    ceiling_ = grown >= static_cast<double>(cfg_.max_ns) ? cfg_.max_ns : static_cast<std::int64_t>(grown);
    ++attempts_;
    return delay;
  }
  /// Back to the initial delay (after a stable connection).
  void reset() noexcept {
    ceiling_ = cfg_.initial_ns;
    attempts_ = 0;
  }
  /// Attempts since the last reset().
  std::uint32_t attempts() const noexcept { return attempts_; }
  /// Ceiling the next delay is drawn under.
  std::int64_t ceiling_ns() const noexcept { return ceiling_; }
  const BackoffConfig& config() const noexcept { return cfg_; }

 private:
  static BackoffConfig sanitize(BackoffConfig c) noexcept {
    if (c.initial_ns < 1) c.initial_ns = 1;
    if (c.max_ns < c.initial_ns) c.max_ns = c.initial_ns;
    if (!(c.multiplier >= 1.0)) c.multiplier = 1.0;  // also catches NaN
    if (!(c.jitter >= 0.0)) c.jitter = 0.0;
    if (c.jitter > 1.0) c.jitter = 1.0;
    return c;
  }
  std::uint64_t next_random() noexcept {  // xorshift64* (Vigna 2016)
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return rng_ * 0x2545F4914F6CDD1Dull;
  }

  BackoffConfig cfg_;
  std::int64_t ceiling_;
  std::uint64_t rng_;
  std::uint32_t attempts_ = 0;
};

}  // namespace xtb::net
