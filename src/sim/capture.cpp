#include "sim/capture.hpp"

#include <zlib.h>

#include <charconv>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace xtb {
namespace {

// Parses a decimal number of seconds ("1625097600.123") or integer ns into ns.
bool parse_time(std::string_view s, bool seconds, std::int64_t& out) {
  const std::size_t dot = s.find('.');
  std::int64_t whole = 0;
  auto r = std::from_chars(s.data(), s.data() + (dot == std::string_view::npos ? s.size() : dot), whole);
  if (r.ec != std::errc{} || r.ptr == s.data()) return false;
  if (!seconds) { out = whole; return dot == std::string_view::npos; }
  std::int64_t frac = 0, scale = 1'000'000'000;
  if (dot != std::string_view::npos) {
    for (char c : s.substr(dot + 1)) {
      if (c < '0' || c > '9') return false;
      if (scale > 1) { scale /= 10; frac += (c - '0') * scale; }
    }
  }
  // K7: "99999999999999999:" seconds overflow int64 ns — a bad line, never UB.
  std::int64_t ns = 0;
  if (__builtin_mul_overflow(whole, std::int64_t{1'000'000'000}, &ns)) return false;
  if (whole < 0) frac = -frac;
  return !__builtin_add_overflow(ns, frac, &out);
}

CaptureFormat sniff(std::string_view first_line) {
  if (first_line.find(" -> ") != std::string_view::npos) return CaptureFormat::CryptofeedHttp;
  if (first_line.rfind("ws", 0) == 0 || first_line.rfind("http", 0) == 0) return CaptureFormat::CryptofeedWs;
  return CaptureFormat::Hftbacktest;
}

}  // namespace

std::string read_file_maybe_gz(const std::string& path, const char* what) {
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files transparently too
  if (!f) throw CaptureError(std::string("cannot open ") + what + " '" + path + "': " + std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      int err = 0;
      std::string msg = gzerror(f, &err);
      gzclose(f);
      throw CaptureError(std::string("cannot read ") + what + " '" + path + "': " + msg);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  // K2: at the end of input zlib reports Z_BUF_ERROR when the gzip stream stopped in the
  // middle (a cut or still-being-written file); the data read so far is not the capture.
  int err = Z_OK;
  const char* msg = gzerror(f, &err);
  if (err == Z_BUF_ERROR && gzdirect(f) == 0) {
    const std::string text = msg != nullptr ? msg : "";
    gzclose(f);
    throw CaptureError(std::string(what) + " '" + path + "' is a truncated gzip file (" + std::to_string(out.size()) +
                       " bytes decompressed before the end" + (text.empty() ? "" : ": " + text) + ")");
  }
  gzclose(f);
  return out;
}

Capture Capture::load(const std::string& path, CaptureFormat fmt) {
  Capture c;
  c.bytes_ = read_file_maybe_gz(path);
  if (c.bytes_.size() > UINT32_MAX)  // CaptureRecord::offset is 32-bit
    throw CaptureError("capture '" + path + "' is larger than 4 GiB uncompressed; split it");
  const std::string_view all(c.bytes_);
  std::size_t pos = 0;
  bool first = true;
  while (pos < all.size()) {
    std::size_t eol = all.find('\n', pos);
    if (eol == std::string_view::npos) eol = all.size();
    std::string_view line = all.substr(pos, eol - pos);
    const std::size_t line_off = pos;
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (first) {
      first = false;
      if (fmt == CaptureFormat::Auto) fmt = sniff(line);
      if (fmt == CaptureFormat::CryptofeedWs && line.find('{') == std::string_view::npos) {
        c.source_url_ = std::string(line);
        continue;
      }
    }
    std::string_view ts, json;
    bool seconds = true;
    if (fmt == CaptureFormat::Hftbacktest) {
      const std::size_t sp = line.find(' ');
      if (sp == std::string_view::npos) { ++c.bad_lines_; continue; }
      ts = line.substr(0, sp);
      json = line.substr(sp + 1);
      seconds = false;
    } else {
      const std::size_t arrow = fmt == CaptureFormat::CryptofeedHttp ? line.find(" -> ") : 0;
      if (arrow == std::string_view::npos) { ++c.bad_lines_; continue; }
      const std::size_t start = fmt == CaptureFormat::CryptofeedHttp ? arrow + 4 : 0;
      const std::size_t colon = line.find(": ", start);
      if (colon == std::string_view::npos) { ++c.bad_lines_; continue; }
      ts = line.substr(start, colon - start);
      json = line.substr(colon + 2);
    }
    std::int64_t ns = 0;
    if (json.empty() || (json.front() != '{' && json.front() != '[') || !parse_time(ts, seconds, ns)) {
      ++c.bad_lines_;
      continue;
    }
    if (ns < kMinPlausibleNs || ns >= kMaxPlausibleNs) {  // K5: e.g. 9e18 ns = year 2255
      ++c.bad_timestamps_;
      continue;
    }
    const auto off = static_cast<std::uint32_t>(line_off + static_cast<std::size_t>(json.data() - line.data()));
    if (json.size() > c.max_len_) {
      c.max_len_ = json.size();
      c.largest_ = c.records_.size();
    }
    c.records_.push_back(CaptureRecord{ns, off, static_cast<std::uint32_t>(json.size())});
  }
  c.format_ = fmt;
  if (c.records_.empty()) {
    const std::string why = c.skipped_text();
    throw CaptureError("capture '" + path + "' holds no valid record" + (why.empty() ? "" : " (" + why + ")"));
  }
  return c;
}

std::string Capture::skipped_text() const {
  std::string s;
  if (bad_lines_ > 0)
    s = std::to_string(bad_lines_) + (bad_lines_ == 1 ? " line" : " lines") + " skipped (not a record)";
  if (bad_timestamps_ > 0) {
    if (!s.empty()) s += ", ";
    s += std::to_string(bad_timestamps_) + (bad_timestamps_ == 1 ? " record" : " records") +
         " skipped (timestamp outside 2000..2100)";
  }
  return s;
}

}  // namespace xtb
