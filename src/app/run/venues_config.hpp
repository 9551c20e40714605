// venues_config.hpp — where `xtb run` trades: the `venue:` section (one venue) or the
// `venues:` list (several in one process, one sequencer; issue 14). Keys of each entry
// (venue/live_venue.hpp VenueConfig):
//
//   name: binance_usdm            # the venue (venue/venue_list.hpp); in venues: required, distinct
//   rest_url / ws_url             # https://host[:port] / wss://host[:port]
//   ca_file, insecure             # TLS trust (insecure: tests only, logged loudly)
//   connections: 2                # keep-alive order-entry connections
//   streams, trades               # the venue's own options (checked by the venue)
//   api_key_env, api_secret_env   # names of the environment variables holding its credentials
//
//   venues:
//     - {name: binance_usdm, rest_url: https://127.0.0.1:9001, ws_url: wss://127.0.0.1:9001}
//     - {name: backpack,     rest_url: https://127.0.0.1:9002, ws_url: wss://127.0.0.1:9002}
//
// Both sections at once are refused; neither = one binance_usdm venue with its defaults.
// global.testnet (seed 002) applies to `venue:` only (Binance's testnet URLs).
// Thread: cold path (start-up). Allocates; errors go to `is`, never thrown.
#pragma once
#include <vector>

#include "app/run/config_reader.hpp"
#include "venue/live_venue.hpp"

namespace xtb::run {

/// Reads `venue:` / `venues:` of `root` (and global.testnet of `global`, null when absent)
/// into `out`: one entry per venue, in config order, never empty.
void read_venue_sections(Issues& is, const YAML::Node& root, const YAML::Node& global, std::vector<VenueConfig>& out);

/// The entry of `out` named `name`; nullptr when the run does not trade that venue.
const VenueConfig* find_venue_config(const std::vector<VenueConfig>& out, const std::string& name) noexcept;

}  // namespace xtb::run
