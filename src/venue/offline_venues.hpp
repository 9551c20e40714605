// offline_venues.hpp — the venues `xtb replay` / `xtb backtest` / `xtb sim-account` can
// replay, by name: with_offline_venue(name, f) calls f(std::type_identity<V>{}) with the
// venue's OfflineVenue traits (venue/offline_venue.hpp), so the caller's pipeline template
// is instantiated once per venue. Adding a venue adds one line here. Cold path.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "venue/binance/offline.hpp"

namespace xtb {

/// The names joined with ", " (for error messages).
inline std::string offline_venue_names_text() { return std::string(binance::Offline::kName); }

/// Throws std::invalid_argument for a venue that cannot be replayed (the message lists the
/// known ones).
template <class F>
decltype(auto) with_offline_venue(std::string_view name, F&& f) {
  if (name == binance::Offline::kName) return f(std::type_identity<binance::Offline>{});
  throw std::invalid_argument("--venue: unknown venue '" + std::string(name) + "' (known: " + offline_venue_names_text() + ")");
}

}  // namespace xtb
