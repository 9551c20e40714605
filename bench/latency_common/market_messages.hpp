// market_messages.hpp — the market data the load generator replays: the bookTicker and
// trade messages of a recorded Binance USD-M capture (hftbacktest `<ns> <json>` lines,
// ../shared/data/binance-usdm/capture/btcusdt_20240808.gz, read with sim/capture.hpp),
// kept in both wire forms Binance uses:
//   combined  {"stream":"btcusdt@bookTicker","data":{...}}   (/stream?streams=...)
//   raw       {...} = the "data" object                      (/ws/<stream>, SUBSCRIBE)
// and the rewrite that turns a bookTicker into a *trigger*: its best bid becomes
// `threshold + k` ticks (k = trigger number mod kTriggerSlots) and its best ask one tick
// above — prices the recorded data never reaches (BTCUSDT traded 49-62 k on 2024-08-08), so
// a strategy can tell a trigger from the price alone; nothing else in the message changes.
// The order the strategy sends carries that bid as its limit price, which identifies the
// trigger when the order arrives (tick grid 0.10 USDT, two decimals as Binance prints them).
// Cold path (load) allocates; make_trigger() writes into a caller buffer, no allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xtb::bench {

/// Triggers are told apart by price: bid = threshold + (k mod kTriggerSlots) ticks.
inline constexpr std::uint32_t kTriggerSlots = 65536;

struct MarketMessage {
  std::uint32_t offset = 0;       ///< combined form in MarketMessages::text
  std::uint32_t len = 0;
  std::uint32_t raw_offset = 0;   ///< "data" object (raw form), absolute offset in text
  std::uint32_t raw_len = 0;
  bool book_ticker = false;
  std::uint32_t bid_at = 0, bid_len = 0;  ///< value of "b" (between the quotes), absolute
  std::uint32_t ask_at = 0, ask_len = 0;  ///< value of "a"
};

class MarketMessages {
 public:
  /// Loads the capture and keeps its bookTicker and trade/aggTrade stream messages in
  /// recorded order (depth diffs and REST snapshots are skipped). Throws
  /// std::runtime_error when the file cannot be read or holds no bookTicker.
  static MarketMessages load(const std::string& capture_path);

  std::size_t size() const noexcept { return msgs_.size(); }
  const MarketMessage& operator[](std::size_t i) const noexcept { return msgs_[i]; }
  std::string_view combined(std::size_t i) const noexcept {
    return std::string_view(text_).substr(msgs_[i].offset, msgs_[i].len);
  }
  std::string_view raw(std::size_t i) const noexcept {
    return std::string_view(text_).substr(msgs_[i].raw_offset, msgs_[i].raw_len);
  }
  std::size_t book_tickers() const noexcept { return book_tickers_; }

  /// Writes message `i` (a bookTicker) with bid = `bid_ticks` and ask = bid + 1 tick
  /// (0.10 USDT ticks, printed with two decimals) into `out`; `raw` picks the raw form.
  /// Returns the length, 0 when `cap` is too small or `i` is no bookTicker.
  std::size_t make_trigger(std::size_t i, bool raw, std::int64_t bid_ticks, char* out, std::size_t cap) const noexcept;

 private:
  std::string text_;
  std::vector<MarketMessage> msgs_;
  std::size_t book_tickers_ = 0;
};

/// "12345.60" from 123456 ticks of 0.10 (two decimals). Returns the length (≤ 23).
std::size_t format_price_ticks(std::int64_t ticks, char* out) noexcept;
/// Price text ("90012.3", "90012.30", "90012") → 0.10-ticks; -1 when malformed.
std::int64_t parse_price_ticks(std::string_view s) noexcept;

}  // namespace xtb::bench
