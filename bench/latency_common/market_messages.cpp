// market_messages.cpp — see market_messages.hpp.
#include "market_messages.hpp"

#include <cstring>
#include <stdexcept>

#include "sim/capture.hpp"

namespace xtb::bench {

namespace {

// Offset and length of the string value of `"<key>":"` inside [from, to) of `s`.
bool find_value(std::string_view s, std::size_t from, std::size_t to, std::string_view key, std::uint32_t& at,
                std::uint32_t& len) {
  const std::size_t k = s.find(key, from);
  if (k == std::string_view::npos || k >= to) return false;
  const std::size_t v = k + key.size();
  const std::size_t end = s.find('"', v);
  if (end == std::string_view::npos || end >= to) return false;
  at = static_cast<std::uint32_t>(v);
  len = static_cast<std::uint32_t>(end - v);
  return true;
}

}  // namespace

MarketMessages MarketMessages::load(const std::string& capture_path) {
  const Capture cap = Capture::load(capture_path);
  MarketMessages m;
  for (std::size_t i = 0; i < cap.size(); ++i) {
    const std::string_view j = cap.json(i);
    const bool bt = j.find("@bookTicker\"") != std::string_view::npos;
    const bool tr = j.find("@trade\"") != std::string_view::npos || j.find("@aggTrade\"") != std::string_view::npos;
    if (!bt && !tr) continue;
    const std::size_t data = j.find("\"data\":");
    if (data == std::string_view::npos || j.size() < data + 9 || j.back() != '}') continue;
    MarketMessage mm;
    mm.offset = static_cast<std::uint32_t>(m.text_.size());
    mm.len = static_cast<std::uint32_t>(j.size());
    mm.raw_offset = mm.offset + static_cast<std::uint32_t>(data + 7);
    mm.raw_len = static_cast<std::uint32_t>(j.size() - (data + 7) - 1);  // drop the outer '}'
    m.text_.append(j);
    if (bt) {
      const std::string_view all(m.text_);
      const std::size_t end = mm.offset + mm.len;
      if (!find_value(all, mm.raw_offset, end, "\"b\":\"", mm.bid_at, mm.bid_len) ||
          !find_value(all, mm.raw_offset, end, "\"a\":\"", mm.ask_at, mm.ask_len))
        continue;  // the appended text stays unused
      mm.book_ticker = true;
      ++m.book_tickers_;
    }
    m.msgs_.push_back(mm);
  }
  if (m.book_tickers_ == 0) throw std::runtime_error("no bookTicker messages in " + capture_path);
  return m;
}

std::size_t MarketMessages::make_trigger(std::size_t i, bool raw, std::int64_t bid_ticks, char* out,
                                         std::size_t cap) const noexcept {
  const MarketMessage& m = msgs_[i];
  if (!m.book_ticker) return 0;
  char bid[24], ask[24];
  const std::size_t bl = format_price_ticks(bid_ticks, bid), al = format_price_ticks(bid_ticks + 1, ask);
  const std::uint32_t begin = raw ? m.raw_offset : m.offset;
  const std::uint32_t end = raw ? m.raw_offset + m.raw_len : m.offset + m.len;
  // Pieces: [begin, first) value [first_end, second) value [second_end, end).
  const bool bid_first = m.bid_at < m.ask_at;
  const std::uint32_t first = bid_first ? m.bid_at : m.ask_at, first_len = bid_first ? m.bid_len : m.ask_len;
  const std::uint32_t second = bid_first ? m.ask_at : m.bid_at, second_len = bid_first ? m.ask_len : m.bid_len;
  const char* v1 = bid_first ? bid : ask;
  const char* v2 = bid_first ? ask : bid;
  const std::size_t l1 = bid_first ? bl : al, l2 = bid_first ? al : bl;
  const std::size_t total = (end - begin) - first_len - second_len + l1 + l2;
  if (total > cap) return 0;
  const char* t = text_.data();
  char* w = out;
  const auto put = [&w](const char* p, std::size_t n) {
    std::memcpy(w, p, n);
    w += n;
  };
  put(t + begin, first - begin);
  put(v1, l1);
  put(t + first + first_len, second - (first + first_len));
  put(v2, l2);
  put(t + second + second_len, end - (second + second_len));
  return static_cast<std::size_t>(w - out);
}

std::size_t format_price_ticks(std::int64_t ticks, char* out) noexcept {
  if (ticks < 0) ticks = 0;
  char tmp[24];
  int n = 0;
  std::int64_t whole = ticks / 10;
  do {
    tmp[n++] = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  std::size_t len = 0;
  while (n > 0) out[len++] = tmp[--n];
  out[len++] = '.';
  out[len++] = static_cast<char>('0' + ticks % 10);
  out[len++] = '0';
  return len;
}

std::int64_t parse_price_ticks(std::string_view s) noexcept {
  std::int64_t whole = 0;
  std::size_t i = 0;
  if (s.empty()) return -1;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9' || whole > INT64_MAX / 100) return -1;
    whole = whole * 10 + (s[i] - '0');
  }
  std::int64_t tenth = 0;
  if (i < s.size()) {  // '.'
    if (i + 1 < s.size()) {
      if (s[i + 1] < '0' || s[i + 1] > '9') return -1;
      tenth = s[i + 1] - '0';
    }
    for (std::size_t k = i + 2; k < s.size(); ++k)
      if (s[k] != '0') return -1;  // finer than the 0.10 grid: not one of ours
  }
  return whole * 10 + tenth;
}

}  // namespace xtb::bench
