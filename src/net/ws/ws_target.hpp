// ws_target.hpp — request targets (path + query) for Binance USD-M WebSocket streams.
//
// Forms (Binance "WebSocket Market Streams" / "User Data Streams" docs; the newer split
// base paths are listed in ../shared/data/README.md "Protocol facts"):
//   raw stream        {route}/ws/<stream>                 e.g. /ws/btcusdt@bookTicker
//   combined streams  {route}/stream?streams=<a>/<b>/...  e.g. /stream?streams=a/b
//   user data         /private/ws?listenKey=<key>          (legacy: /ws/<listenKey>)
//   bare route        /public, /market  (streams then added with SUBSCRIBE messages)
// where {route} is "" (legacy host-wide paths), "/public" (bookTicker, depth),
// "/market" (aggTrade, markPrice, ...) or "/private" (user data).
//
// Stream names and listen keys are validated, not escaped: Binance stream names use
// [a-z0-9@_!.-] plus upper-case letters in some names (e.g. `!markPrice@arr@1s`,
// `btcusdt@kline_1m`), listen keys are alphanumeric. Anything else (/, ?, &, #, %,
// space, non-ASCII) would change the URL's structure and is refused.
//
// Each function writes into `out` (capacity `cap`, not NUL-terminated) and returns the
// length, or 0 when an input is invalid or the target does not fit. Cold path.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xtb::net {

enum class BinanceWsRoute : std::uint8_t { Legacy, Public, Market, Private };

/// "", "/public", "/market" or "/private".
std::string_view route_prefix(BinanceWsRoute r) noexcept;

/// True for a non-empty stream name of allowed characters.
bool is_valid_stream_name(std::string_view s) noexcept;

/// {route}/ws/<stream>
std::size_t ws_target_raw(BinanceWsRoute route, std::string_view stream, char* out, std::size_t cap) noexcept;

/// {route}/stream?streams=<s0>/<s1>/...   (n ≥ 1; Binance allows up to 200 streams)
std::size_t ws_target_combined(BinanceWsRoute route, const std::string_view* streams, std::size_t n,
                               char* out, std::size_t cap) noexcept;

/// {route}/ws?listenKey=<key>   (route Private for the split endpoints)
std::size_t ws_target_listen_key(BinanceWsRoute route, std::string_view listen_key, char* out,
                                 std::size_t cap) noexcept;

/// {route} alone, or "/ws" for Legacy (subscribe-later connections).
std::size_t ws_target_bare(BinanceWsRoute route, char* out, std::size_t cap) noexcept;

}  // namespace xtb::net
