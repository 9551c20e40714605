// venue_id.hpp — Binance USD-M futures' venue id and name (core/types.hpp Venue).
#pragma once
#include <string_view>

#include "core/types.hpp"

namespace xtb::binance {

inline constexpr Venue kVenueId = static_cast<Venue>(1);
/// The name configs and the command line use (`venue: binance_usdm`, `--venue binance_usdm`).
inline constexpr std::string_view kVenueName = "binance_usdm";

}  // namespace xtb::binance
