// histogram.cpp — construction, coordinated-omission correction, queries and printing
// for the log-linear Histogram (see histogram.hpp for the cell layout).
#include "telemetry/histogram.hpp"

#include <stdexcept>

namespace xtb {

namespace {

/// ceil(log2(x)) for x >= 1.
int ceil_log2(std::uint64_t x) noexcept {
  int bits = 0;
  while ((1ull << bits) < x) ++bits;
  return bits;
}

}  // namespace

Histogram::Histogram(int significant_digits, std::uint64_t highest_trackable)
    : digits_(significant_digits), highest_(highest_trackable) {
  if (significant_digits < 1 || significant_digits > 5)
    throw std::invalid_argument("Histogram: significant_digits must be in [1, 5]");
  if (highest_trackable < 2 || highest_trackable > (1ull << 62))
    throw std::invalid_argument("Histogram: highest_trackable must be in [2, 2^62]");

  std::uint64_t largest_single_unit = 2;  // 2 * 10^digits
  for (int i = 0; i < significant_digits; ++i) largest_single_unit *= 10;
  const int count_magnitude = ceil_log2(largest_single_unit);
  half_magnitude_ = count_magnitude - 1;
  sub_bucket_count_ = 1ull << count_magnitude;
  sub_bucket_half_count_ = sub_bucket_count_ / 2;
  sub_bucket_mask_ = sub_bucket_count_ - 1;
  leading_zero_base_ = 64 - half_magnitude_ - 1;

  // Buckets needed so that the last bucket's range reaches past highest_trackable.
  std::uint64_t smallest_untrackable = sub_bucket_count_;
  std::size_t buckets = 1;
  while (smallest_untrackable <= highest_trackable) {
    smallest_untrackable <<= 1;
    ++buckets;
  }
  counts_len_ = (buckets + 1) * static_cast<std::size_t>(sub_bucket_half_count_);
  counts_ = std::make_unique<std::uint64_t[]>(counts_len_);  // value-initialised: zeros
}

void Histogram::record_corrected(std::uint64_t value, std::uint64_t expected_interval) noexcept {
  record(value);
  if (value > highest_) value = highest_;
  if (expected_interval == 0 || value <= expected_interval) return;
  // The swallowed samples form the arithmetic series x, x - I, x - 2I, ... >= I with
  // x = value - I. Instead of one record per member (a 1 s stall at a 1 µs interval would
  // be 10^6 records) add, per cell, the number of members that fall into it.
  std::uint64_t x = value - expected_interval;
  while (x >= expected_interval) {
    std::uint64_t lo = lowest_equivalent(x);
    if (lo < expected_interval) lo = expected_interval;
    const std::uint64_t members = (x - lo) / expected_interval + 1;
    counts_[counts_index(x)] += members;
    total_ += members;
    x -= (members - 1) * expected_interval;  // smallest member in this cell
    if (x < min_) min_ = x;
    x -= expected_interval;                  // >= lo - I >= 0: no underflow
  }
}

std::uint64_t Histogram::value_at_index(std::size_t index) const noexcept {
  long bucket = static_cast<long>(index >> half_magnitude_) - 1;
  std::uint64_t sub = (index & (sub_bucket_half_count_ - 1)) + sub_bucket_half_count_;
  if (bucket < 0) {
    sub -= sub_bucket_half_count_;
    bucket = 0;
  }
  return sub << bucket;
}

std::uint64_t Histogram::lowest_equivalent(std::uint64_t value) const noexcept {
  const int b = bucket_index(value);
  return (value >> b) << b;
}

std::uint64_t Histogram::highest_equivalent(std::uint64_t value) const noexcept {
  const int b = bucket_index(value);
  return lowest_equivalent(value) + (1ull << b) - 1;
}

std::uint64_t Histogram::percentile(double p) const noexcept {
  if (total_ == 0) return 0;
  if (!(p > 0.0)) return min_;  // also catches NaN
  if (p > 100.0) p = 100.0;
  auto rank = static_cast<std::uint64_t>(p / 100.0 * static_cast<double>(total_) + 0.5);
  if (rank < 1) rank = 1;
  if (rank > total_) rank = total_;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_len_; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const std::uint64_t v = highest_equivalent(value_at_index(i));
      return v < max_ ? v : max_;
    }
  }
  return max_;  // unreachable while counts and total agree
}

double Histogram::mean() const noexcept {
  if (total_ == 0) return 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < counts_len_; ++i) {
    if (counts_[i] == 0) continue;
    const std::uint64_t lo = value_at_index(i);
    const double mid = (static_cast<double>(lo) + static_cast<double>(highest_equivalent(lo))) / 2.0;
    sum += mid * static_cast<double>(counts_[i]);
  }
  return sum / static_cast<double>(total_);
}

void Histogram::merge(const Histogram& other) noexcept {
  if (other.total_ == 0) return;
  const std::uint64_t old_min = min_;
  for (std::size_t i = 0; i < other.counts_len_; ++i)
    if (other.counts_[i] != 0) record_n(other.value_at_index(i), other.counts_[i]);
  // record_n saw cell-lowest values; restore the exact extremes (clamped to our range).
  const std::uint64_t omin = other.min_ > highest_ ? highest_ : other.min_;
  const std::uint64_t omax = other.max_ > highest_ ? highest_ : other.max_;
  min_ = old_min < omin ? old_min : omin;
  if (omax > max_) max_ = omax;
  saturated_ += other.saturated_;
}

void Histogram::reset() noexcept {
  for (std::size_t i = 0; i < counts_len_; ++i) counts_[i] = 0;
  total_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
  saturated_ = 0;
}

int Histogram::format_summary(char* buf, std::size_t len, const char* label, const char* unit) const noexcept {
  return std::snprintf(buf, len,
                       "%s: n=%llu min=%llu p50=%llu p90=%llu p99=%llu p99.9=%llu p99.99=%llu max=%llu %s",
                       label, static_cast<unsigned long long>(total_), static_cast<unsigned long long>(min()),
                       static_cast<unsigned long long>(percentile(50.0)),
                       static_cast<unsigned long long>(percentile(90.0)),
                       static_cast<unsigned long long>(percentile(99.0)),
                       static_cast<unsigned long long>(percentile(99.9)),
                       static_cast<unsigned long long>(percentile(99.99)),
                       static_cast<unsigned long long>(max()), unit);
}

void Histogram::print_summary(std::FILE* out, const char* label, const char* unit) const noexcept {
  char line[512];
  format_summary(line, sizeof line, label, unit);
  std::fprintf(out, "%s\n", line);
}

}  // namespace xtb
