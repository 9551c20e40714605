// venue_id.hpp — Backpack Exchange (perpetuals) venue id and name (core/types.hpp Venue).
// Source: https://docs.backpack.exchange (REST https://api.backpack.exchange, WS
// wss://ws.backpack.exchange). Registered in the venue list (src/venue/venue_list.cpp).
#pragma once
#include <string_view>

#include "core/types.hpp"

namespace xtb::backpack {

inline constexpr Venue kVenueId = static_cast<Venue>(2);
/// The name configs and the command line use (`venue.name: backpack`, `--venue backpack`).
inline constexpr std::string_view kVenueName = "backpack";

}  // namespace xtb::backpack
