// default_markets.hpp — the GET /api/v1/markets answer xtb-sim --venue backpack serves and
// loads its instruments from (backpack/markets.hpp: the client's own loader, so the face and
// our client read one description).
//
// Default: one market, BTC_USDC_PERP (the instrument the BTCUSDT capture is re-expressed
// as). ../shared/data/backpack/ holds no BTC_USDC_PERP market object, so its filters come
// from the recorded BTC_USDC_PERP messages there — ccxt@4.5.84's examples: depth levels
// "118318.3"/"0.00633", "117357.0"/"0.00000", trade "117427.6"/"0.00016", funding
// "118343.51853741" — i.e. tickSize 0.1 and stepSize 0.00001 (minQuantity 0.00001); the
// other fields (imf/mmf functions, bands, funding interval) follow the SOL_USDC_PERP
// object of the bpx-api-client test literal (types/src/markets.rs
// test_market_perp_fields_parse) with BTC's names. `--exchange-info FILE` replaces it with
// a real markets answer (a JSON array, or one market object).
// Threads: cold path (start-up). Allocates.
#pragma once
#include <string>
#include <string_view>

namespace xtb::sim::backpack_sim {

/// The built-in markets answer (a JSON array with one BTC_USDC_PERP object).
std::string_view default_markets_json() noexcept;

/// The markets answer from `path` (a JSON array or a single market object, wrapped into an
/// array); "" = the built-in one. Throws std::runtime_error when unreadable.
std::string load_markets_json(const std::string& path);

}  // namespace xtb::sim::backpack_sim
