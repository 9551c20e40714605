// capture.hpp — loads recorded venue messages for replay, backtest, tests and benchmarks.
//
// Supported formats (see ../shared/data/README.md for provenance):
//   Hftbacktest  — `<local_recv_ns> <json>` per line (gzip or plain),
//                  e.g. binance-usdm/capture/btcusdt_20240808.gz.
//   CryptofeedWs — first line the subscribe URL, then `<unix_s>: <json>` per line.
//   CryptofeedHttp — `<url> -> <unix_s>: <json>` per line (REST responses).
// The whole file is read into one contiguous buffer at load time (cold path); records
// are (timestamp, offset, length) views into it, so replay never allocates.
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
  CaptureFormat format() const noexcept { return format_; }
  /// Cryptofeed WS captures: the subscribe URL of the first line (empty otherwise).
  const std::string& source_url() const noexcept { return source_url_; }
  /// Largest record in bytes (sizes decoder buffers).
  std::size_t max_record_bytes() const noexcept { return max_len_; }

 private:
  std::string bytes_;
  std::vector<CaptureRecord> records_;
  std::size_t bad_lines_ = 0;
  std::size_t max_len_ = 0;
  CaptureFormat format_ = CaptureFormat::Auto;
  std::string source_url_;
};

/// Reads a whole file, decompressing gzip when the name ends in ".gz". Throws CaptureError.
std::string read_file_maybe_gz(const std::string& path);

}  // namespace xtb
