// session_streams.hpp — which Binance USD-M market streams to open, and on which
// WebSocket connections.
//
// Protocol facts (Binance USD-M "WebSocket Market Streams"; ../shared/data/README.md
// "Protocol facts"):
//   * stream names are `<lower-case symbol>@<type>`: `btcusdt@bookTicker`,
//     `btcusdt@aggTrade`, `btcusdt@trade`, `btcusdt@depth@0ms|@100ms|@250ms|@500ms`,
//     `btcusdt@markPrice@1s` / `btcusdt@markPrice` (3 s), `btcusdt@forceOrder`;
//   * legacy base paths carry every stream: `/ws/<stream>` (one raw stream per connection)
//     or `/stream?streams=<a>/<b>` (combined, messages wrapped in {"stream":..,"data":..});
//   * the newer split base paths route high-frequency book data to `/public`
//     (bookTicker, depth) and everything else to `/market` (aggTrade, trade, markPrice,
//     forceOrder); user data goes to `/private/ws?listenKey=`;
//   * one connection carries at most 200 streams.
// The planner below turns (symbols × stream kinds × path style) into a list of
// connections; the ingest stage turns each into a request target with the net layer's
// target writers (net/ws/ws_target.hpp). Route numbering matches net::BinanceWsRoute.
//
// Cold path (start-up configuration): std::string/std::vector are fine here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xtb::binance {

enum class MarketStream : std::uint8_t {
  BookTicker, AggTrade, Trade, Depth0ms, Depth100ms, Depth250ms, Depth500ms,
  MarkPrice1s, MarkPrice3s, ForceOrder,
};

/// WebSocket base path family; values equal net::BinanceWsRoute's.
enum class StreamRoute : std::uint8_t { Legacy = 0, Public = 1, Market = 2, Private = 3 };

/// How market streams are laid out on connections.
enum class PathStyle : std::uint8_t {
  Combined,  ///< legacy `/stream?streams=a/b/...`, all kinds on shared connections
  Raw,       ///< legacy `/ws/<stream>`, one connection per stream
  Split,     ///< `/public/stream?streams=` (book data) + `/market/stream?streams=` (the rest)
};

/// How the user-data stream is addressed once a listenKey exists.
enum class UserStreamPath : std::uint8_t {
  Legacy,   ///< `/ws/<listenKey>`
  Private,  ///< `/private/ws?listenKey=<listenKey>`
};

/// Route of `s` under PathStyle::Split: Public for bookTicker and depth, Market otherwise.
StreamRoute split_route(MarketStream s) noexcept;

/// Suffix after the symbol ("@bookTicker", "@depth@0ms", ...).
std::string_view stream_suffix(MarketStream s) noexcept;

/// Writes `<lower-case symbol><suffix>` into out[0, cap). Returns the length, or 0 when
/// the symbol is empty or not [A-Za-z0-9_] or the name does not fit. Any thread; no
/// allocation.
std::size_t stream_name(std::string_view symbol, MarketStream s, char* out, std::size_t cap) noexcept;

/// Config names: "bookTicker", "aggTrade", "trade", "depth@0ms", "depth@100ms",
/// "depth@250ms", "depth@500ms", "markPrice@1s", "markPrice" (3 s), "forceOrder".
bool parse_market_stream(std::string_view name, MarketStream& out) noexcept;
/// "combined" | "raw" | "split".
bool parse_path_style(std::string_view name, PathStyle& out) noexcept;
/// "legacy" | "private".
bool parse_user_stream_path(std::string_view name, UserStreamPath& out) noexcept;

/// One WebSocket connection of the plan.
struct StreamConnPlan {
  StreamRoute route = StreamRoute::Legacy;
  bool combined = true;              ///< false: raw `/ws/<stream>` (exactly one stream)
  std::vector<std::string> streams;  ///< stream names in subscription order
};

/// Binance's per-connection stream limit.
inline constexpr std::size_t kMaxStreamsPerConnection = 200;

/// Plans the market-data connections for every (symbol, kind) pair, symbols outer, kinds
/// inner. Combined and Split connections hold at most `max_per_conn` streams (clamped to
/// [1, 200]); Split opens separate Public and Market connections. Invalid symbols are
/// reported in `error` and yield an empty plan. Duplicate pairs are subscribed once.
std::vector<StreamConnPlan> plan_market_connections(std::span<const std::string> symbols,
                                                    std::span<const MarketStream> kinds, PathStyle style,
                                                    std::size_t max_per_conn = kMaxStreamsPerConnection,
                                                    std::string* error = nullptr);

}  // namespace xtb::binance
