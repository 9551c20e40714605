// fuzz_capture.cpp — libFuzzer target: the capture loader (sim/capture.hpp) and what the
// replays build on it — the paced timeline (sim/capture_pacer.hpp) and the capture's
// stream symbols (sim/capture_symbols.hpp) — fed with arbitrary bytes (issue 12: K2–K7,
// D9, D17).
//
// Input layout: byte 0 % 4 = CaptureFormat (Auto, Hftbacktest, CryptofeedWs,
// CryptofeedHttp); the rest is the file (a memfd, loaded through its /proc/self/fd path, so
// gzip input goes through zlib as well). Invariants (trap on violation): Capture::load
// either throws CaptureError or returns records whose stamps are in 2000..2100 and whose
// JSON starts with '{' or '[', with skipped_text() empty exactly when nothing was skipped;
// pacing offsets never decrease and never step by more than the max gap; symbol names are
// non-empty upper-case text without quotes.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/capture.hpp"
#include "sim/capture_pacer.hpp"
#include "sim/capture_symbols.hpp"

using namespace xtb;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

// The input as a file: one memfd rewritten per input (no disk litter, no races).
std::string as_file(std::string_view text) {
  static const int fd = memfd_create("fuzz_capture", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) __builtin_trap();
  if (!text.empty() && pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) __builtin_trap();
  return "/proc/self/fd/" + std::to_string(fd);
}

void check(const Capture& c) {
  FUZZ_ASSERT(c.size() > 0);
  FUZZ_ASSERT(c.skipped_text().empty() == (c.bad_lines() == 0 && c.bad_timestamps() == 0));
  FUZZ_ASSERT(c.largest_record() < c.size());
  FUZZ_ASSERT(c.json(c.largest_record()).size() == c.max_record_bytes());
  constexpr std::int64_t kGap = 1'000'000'000;  // 1 s: small, so jumps are exercised
  CapturePacer pacer(kGap);
  std::int64_t last = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    FUZZ_ASSERT(c[i].recv_ns >= kMinPlausibleNs && c[i].recv_ns < kMaxPlausibleNs);
    const std::string_view js = c.json(i);
    FUZZ_ASSERT(!js.empty() && (js.front() == '{' || js.front() == '['));
    FUZZ_ASSERT(js.size() <= c.max_record_bytes());
    const std::int64_t off = pacer.next(c[i].recv_ns);
    FUZZ_ASSERT(off >= last && off - last <= kGap);
    last = off;
  }
  for (const std::string& s : capture_stream_symbols(c)) {
    FUZZ_ASSERT(!s.empty() && s.size() <= 32 && s[0] != '!');
    for (char ch : s) FUZZ_ASSERT(ch != '"' && !(ch >= 'a' && ch <= 'z'));
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto fmt = static_cast<CaptureFormat>(data[0] % 4);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    check(Capture::load(as_file(text), fmt));
  } catch (const CaptureError&) {
    // Documented: unreadable, truncated gzip, or no valid record.
  }
  return 0;
}
