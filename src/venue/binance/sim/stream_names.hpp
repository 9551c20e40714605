// stream_names.hpp — Binance USD-M market-stream names as the simulated venue serves them
// (https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams):
// `<symbol>@<channel>[@<speed>]`, symbol in lower case, and the combined-stream message
// `{"stream":"<name>","data":<payload>}`.
//
// Aliases (server::AliasRule for the stream hub): "<s>@depth" and "<s>@depth@<N>ms" share
// the key "<s>@depth" (the recorded diff-depth stream whatever its recorded speed: the
// U/u/pu chain is continuous, so a local book and ccxt's watchOrderBook sync; only the
// cadence is the recording's); "<s>@markPrice" and "<s>@markPrice@1s" share "<s>@markprice".
//
// Threads: pure functions. Allocation: stream_alias / stream_symbol return std::string
// (subscription time, cold); wrap_combined writes into a caller's buffer.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace xtb::sim::binance_usdm {

/// Alias key of a lower-case stream name; "" when it has none.
std::string stream_alias(std::string_view lower_name);
/// Lower-case symbol part of a stream name ("BTCUSDT@x" → "btcusdt"); empty when none.
std::string stream_symbol(std::string_view stream);
/// Writes `{"stream":"<name>","data":<data>}` into `out`; 0 when it does not fit in `cap`.
std::size_t wrap_combined(char* out, std::size_t cap, std::string_view name, std::string_view data) noexcept;

}  // namespace xtb::sim::binance_usdm
