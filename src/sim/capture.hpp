// capture.hpp — loads recorded venue messages for replay, backtest, tests and benchmarks.
//
// Supported formats (see ../shared/data/README.md for provenance):
//   Hftbacktest  — `<local_recv_ns> <json>` per line (gzip or plain),
//                  e.g. binance-usdm/capture/btcusdt_20240808.gz.
//   CryptofeedWs — first line the subscribe URL, then `<unix_s>: <json>` per line.
//   CryptofeedHttp — `<url> -> <unix_s>: <json>` per line (REST responses).
// The whole file is read into one contiguous buffer at load time (cold path); records
// are (timestamp, offset, length) views into it, so replay never allocates.
//
// Bad input (issue 12, D9/D17): a gzip stream that ends early is an error (K2); a
// timestamp that does not parse or overflows int64 is a skipped line (K7); a timestamp
// outside [kMinPlausibleNs, kMaxPlausibleNs) (years 2000..2100) is skipped and counted
// in bad_timestamps() — a record "from 2255" must not make a paced replay sleep for
// 230 years (K5). skipped_text() says what was skipped, for the summaries (K3).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace xtb {

enum class CaptureFormat : std::uint8_t { Auto, Hftbacktest, CryptofeedWs, CryptofeedHttp };

struct CaptureRecord {
  std::int64_t recv_ns;   ///< recorded receive time, ns since the epoch
  std::uint32_t offset;   ///< byte offset of the JSON in Capture::bytes()
  std::uint32_t len;      ///< JSON length in bytes
};

/// Plausible receive times: 2000-01-01 and 2100-01-01 UTC, in ns since the epoch.
inline constexpr std::int64_t kMinPlausibleNs = 946'684'800'000'000'000;
inline constexpr std::int64_t kMaxPlausibleNs = 4'102'444'800'000'000'000;

class CaptureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Capture {
 public:
  /// Reads and indexes `path` (".gz" is decompressed with zlib). Lines that do not match
  /// the format are skipped and counted in bad_lines(). Throws CaptureError when the file
  /// cannot be read or holds no valid record.
  static Capture load(const std::string& path, CaptureFormat fmt = CaptureFormat::Auto);

  std::size_t size() const noexcept { return records_.size(); }
  const CaptureRecord& operator[](std::size_t i) const noexcept { return records_[i]; }
  std::string_view json(std::size_t i) const noexcept {
    return std::string_view(bytes_.data() + records_[i].offset, records_[i].len);
  }
  const std::vector<CaptureRecord>& records() const noexcept { return records_; }
  std::size_t bad_lines() const noexcept { return bad_lines_; }
  /// Records skipped because their timestamp is outside the plausible range.
  std::size_t bad_timestamps() const noexcept { return bad_timestamps_; }
  /// "" when nothing was skipped, else e.g. "3 lines skipped (not a record), 1 record
  /// skipped (timestamp outside 2000..2100)".
  std::string skipped_text() const;
  /// Index of the largest record (0 when empty).
  std::size_t largest_record() const noexcept { return largest_; }
  CaptureFormat format() const noexcept { return format_; }
  /// Cryptofeed WS captures: the subscribe URL of the first line (empty otherwise).
  const std::string& source_url() const noexcept { return source_url_; }
  /// Largest record in bytes (sizes decoder buffers).
  std::size_t max_record_bytes() const noexcept { return max_len_; }

 private:
  std::string bytes_;
  std::vector<CaptureRecord> records_;
  std::size_t bad_lines_ = 0;
  std::size_t bad_timestamps_ = 0;
  std::size_t max_len_ = 0;
  std::size_t largest_ = 0;
  CaptureFormat format_ = CaptureFormat::Auto;
  std::string source_url_;
};

/// Reads a whole file, decompressing gzip (zlib detects it; plain files are read as they
/// are). Throws CaptureError naming the file as `what` ("capture", "exchangeInfo file").
std::string read_file_maybe_gz(const std::string& path, const char* what = "capture");

}  // namespace xtb
