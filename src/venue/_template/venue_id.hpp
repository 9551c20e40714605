// venue_id.hpp — the template venue's id and name (copy: pick the next free id; the venue
// list in src/venue/ checks that ids differ). The template is never registered.
#pragma once
#include <string_view>

#include "core/types.hpp"

namespace xtb::venue_template {

inline constexpr Venue kVenueId = static_cast<Venue>(250);
inline constexpr std::string_view kVenueName = "template";

}  // namespace xtb::venue_template
