// time_sync.cpp — see time_sync.hpp.
#include "venue/binance/time_sync.hpp"

namespace xtb::binance {

namespace {
constexpr std::int64_t kNsPerMs = 1'000'000;

/// floor(a / b) for b > 0 (C++ '/' truncates toward zero).
std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
}  // namespace

TimeSample TimeSync::on_time_sample(std::int64_t local_send_ns, std::int64_t local_recv_ns,
                                    EpochMs server_ms) noexcept {
  if (local_recv_ns < local_send_ns || server_ms <= 0) return TimeSample::InvalidOrder;
  const std::int64_t rtt = local_recv_ns - local_send_ns;
  if (rtt > cfg_.max_rtt_ns) return TimeSample::TooSlow;

  if (resync_requested_) {  // the old window is what produced -1021: discard it
    count_ = 0;
    next_ = 0;
    resync_requested_ = false;
  }
  // serverTime is truncated to the ms: the true reading lies in [ms, ms+1), midpoint +0.5.
  const std::int64_t server_ns = server_ms * kNsPerMs + kNsPerMs / 2;
  const std::int64_t local_mid = local_send_ns + rtt / 2;
  window_[next_] = Sample{server_ns - local_mid, rtt, local_recv_ns};
  next_ = (next_ + 1) % kWindow;
  if (count_ < kWindow) ++count_;
  pick_best();
  return TimeSample::Accepted;
}

void TimeSync::pick_best() noexcept {
  std::size_t best = 0;
  for (std::size_t i = 1; i < count_; ++i) {
    // Smaller RTT wins; on a tie the more recent sample (clock drift) wins.
    const Sample& a = window_[i];
    const Sample& b = window_[best];
    if (a.rtt_ns < b.rtt_ns || (a.rtt_ns == b.rtt_ns && a.taken_ns > b.taken_ns)) best = i;
  }
  best_ = window_[best];
}

bool TimeSync::needs_resync(std::int64_t now_ns) const noexcept {
  if (count_ == 0 || resync_requested_) return true;
  return now_ns - best_.taken_ns > cfg_.resync_interval_ns;
}

EpochMs TimeSync::venue_time_ms(std::int64_t local_now_ns) const noexcept {
  return floor_div(local_now_ns + best_.offset_ns - best_.rtt_ns / 2, kNsPerMs);
}

}  // namespace xtb::binance
