// venue_list.cpp — see venue_list.hpp. One entry per venue.
#include "venue/venue_list.hpp"

#include <stdexcept>

#include "venue/backpack/live/live_venue.hpp"
#include "venue/backpack/venue_id.hpp"
#include "venue/binance/live/live_venue.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb {
namespace {

struct Entry {
  std::string_view name;
  Venue id;
  std::unique_ptr<LiveVenue> (*make)(const VenueConfig&, VenueLog);
  std::vector<VenueOptionIssue> (*check)(const VenueConfig&);
  bool hedge_mode;  ///< the adapter trades the account in hedge mode (LONG/SHORT sides)
};

template <class V>
std::unique_ptr<LiveVenue> make(const VenueConfig& cfg, VenueLog log) {
  return std::make_unique<V>(cfg, std::move(log));
}

constexpr Entry kVenues[] = {
    {binance::kVenueName, binance::kVenueId, &make<binance::UsdmLiveVenue>, &binance::UsdmLiveVenue::check_options,
     true},
    {backpack::kVenueName, backpack::kVenueId, &make<backpack::BackpackLiveVenue>,
     &backpack::BackpackLiveVenue::check_options, false},
};

constexpr bool ids_differ() {
  for (std::size_t i = 0; i < std::size(kVenues); ++i)
    for (std::size_t j = i + 1; j < std::size(kVenues); ++j)
      if (kVenues[i].id == kVenues[j].id || kVenues[i].name == kVenues[j].name) return false;
  return true;
}
static_assert(ids_differ(), "two venues share an id or a name");

}  // namespace

std::vector<std::string_view> live_venue_names() {
  std::vector<std::string_view> out;
  for (const Entry& e : kVenues) out.push_back(e.name);
  return out;
}

std::string live_venue_names_text() {
  std::string out;
  for (const Entry& e : kVenues) out += (out.empty() ? "" : ", ") + std::string(e.name);
  return out;
}

bool is_live_venue(std::string_view name) {
  for (const Entry& e : kVenues)
    if (e.name == name) return true;
  return false;
}

Venue live_venue_id(std::string_view name) {
  for (const Entry& e : kVenues)
    if (e.name == name) return e.id;
  return Venue::None;
}

std::string_view live_venue_name(Venue id) {
  for (const Entry& e : kVenues)
    if (e.id == id) return e.name;
  return {};
}

bool live_venue_hedge_mode(std::string_view name) {
  for (const Entry& e : kVenues)
    if (e.name == name) return e.hedge_mode;
  return false;
}

std::vector<VenueOptionIssue> check_venue_options(const VenueConfig& cfg) {
  for (const Entry& e : kVenues)
    if (e.name == cfg.name) return e.check(cfg);
  return {};
}

std::unique_ptr<LiveVenue> make_live_venue(const VenueConfig& cfg, VenueLog log) {
  for (const Entry& e : kVenues)
    if (e.name == cfg.name) return e.make(cfg, std::move(log));
  throw std::invalid_argument("venue.name: unknown venue '" + cfg.name + "' (known: " + live_venue_names_text() + ")");
}

}  // namespace xtb
