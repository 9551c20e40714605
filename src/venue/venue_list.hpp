// venue_list.hpp — the venues this build carries, by the name configs and the command line
// use (`venue.name: binance_usdm`, `--venue binance_usdm`). The one list: adding a venue
// adds one entry in venue_list.cpp. Cold path (start-up); any thread.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "venue/live_venue.hpp"

namespace xtb {

/// Names of the venues that can trade live (and against their xtb-sim face), in list order.
std::vector<std::string_view> live_venue_names();

/// The names joined with ", " (for error messages).
std::string live_venue_names_text();

/// True when `name` is in the list.
bool is_live_venue(std::string_view name);

/// The id of venue `name` (instruments are (id, symbol)); Venue::None when unknown.
Venue live_venue_id(std::string_view name);

/// The name of venue `id` ("" when unknown): summaries of multi-venue runs.
std::string_view live_venue_name(Venue id);

/// True when the venue's adapter trades the account in hedge mode (LONG/SHORT position
/// sides: Binance USD-M); false for one net position per instrument (Backpack). A simulated
/// account for it (xtb smoke) must match.
bool live_venue_hedge_mode(std::string_view name);

/// The venue's own check of its options (streams, trades, ...); empty when all are valid.
/// Precondition: is_live_venue(cfg.name).
std::vector<VenueOptionIssue> check_venue_options(const VenueConfig& cfg);

/// The live side of `cfg.name`. Throws std::invalid_argument for an unknown name (the
/// message lists the known ones) or a bad venue option; std::runtime_error when the
/// venue's start-up needs fail (e.g. missing credentials).
std::unique_ptr<LiveVenue> make_live_venue(const VenueConfig& cfg, VenueLog log);

}  // namespace xtb
