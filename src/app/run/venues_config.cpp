// venues_config.cpp — see venues_config.hpp.
#include "app/run/venues_config.hpp"

#include "app/run/run_config.hpp"
#include "core/env_name.hpp"
#include "venue/venue_list.hpp"

namespace xtb::run {
namespace {

// One venue's keys under `path` ("venue" or "venues[i]").
void read_venue(Issues& is, const YAML::Node& n, const std::string& path, VenueConfig& v) {
  is.keys(n, path, {"name", "rest_url", "ws_url", "ca_file", "insecure", "connections", "streams", "trades",
                    "api_key_env", "api_secret_env"});
  if (read_string(is, n, path, "name", v.name) && !is_live_venue(v.name))
    is.add(n["name"], path + ".name", "unknown venue '" + v.name + "' (known: " + live_venue_names_text() + ")");
  read_string(is, n, path, "rest_url", v.rest_url);
  read_string(is, n, path, "ws_url", v.ws_url);
  read_string(is, n, path, "ca_file", v.ca_file);
  read_bool(is, n, path, "insecure", v.insecure);
  read_int(is, n, path, "connections", v.connections, 1, 8);
  read_string(is, n, path, "streams", v.streams);
  read_string(is, n, path, "trades", v.trades);
  for (const char* k : {"api_key_env", "api_secret_env"}) {
    std::string& out = std::string_view(k) == "api_key_env" ? v.api_key_env : v.api_secret_env;
    // The value is never echoed: a secret pasted here must not reach a log.
    if (read_string(is, n, path, k, out) && !is_env_name(out))
      is.add(n[k], path + "." + k, "must be the NAME of an environment variable ([A-Za-z_][A-Za-z0-9_]*), not a secret");
  }
  if (is_live_venue(v.name))  // the venue's own options, checked by the venue
    for (const VenueOptionIssue& o : check_venue_options(v)) is.add(n[o.key], path + "." + o.key, o.message);
  std::string err;
  if (!parse_url(v.rest_url, false, v.rest, err)) is.add(n["rest_url"], path + ".rest_url", err);
  if (!parse_url(v.ws_url, true, v.ws, err)) is.add(n["ws_url"], path + ".ws_url", err);
}

// venues: a non-empty list of maps, each naming a distinct venue.
void read_venue_list(Issues& is, const YAML::Node& n, std::vector<VenueConfig>& out) {
  if (!n.IsSequence() || n.size() == 0) {
    is.add(n, "venues", "must be a non-empty list of {name, rest_url, ws_url, ...}" + yaml::got(n));
    return;
  }
  out.clear();
  for (std::size_t i = 0; i < n.size(); ++i) {
    const YAML::Node e = n[i];
    const std::string f = "venues[" + std::to_string(i) + "]";
    if (!is.map(e, f)) continue;
    if (!e["name"].IsDefined()) is.add(e, f + ".name", "required (each venue of the list names itself)");
    VenueConfig v;
    read_venue(is, e, f, v);
    if (find_venue_config(out, v.name) != nullptr)
      is.add(e["name"], f + ".name", "venue '" + v.name + "' is listed twice (instruments are (venue, symbol))");
    out.push_back(std::move(v));
  }
}

/// global.testnet: true selects Binance's testnet URLs for `venue:`; with venue.rest_url /
/// ws_url also set it is ambiguous and refused, with `venues:` too (name each venue's URLs).
void read_seed_testnet(Issues& is, const YAML::Node& g, const YAML::Node& root, VenueConfig& v) {
  bool testnet = false;
  read_bool(is, g, "global", "testnet", testnet);
  if (!testnet) return;
  if (root["venues"].IsDefined()) {
    is.add(g["testnet"], "global.testnet", "true applies to venue: only; with venues: set each venue's URLs");
    return;
  }
  const YAML::Node venue = root["venue"];
  const bool venue_map = venue.IsDefined() && venue.IsMap();
  for (const char* k : {"rest_url", "ws_url"})
    if (venue_map && venue[k].IsDefined()) {
      is.add(g["testnet"], "global.testnet",
             std::string("true conflicts with venue.") + k + " (line " + std::to_string(venue[k].Mark().line + 1) +
                 "): set one of them");
      return;
    }
  v.rest_url = kTestnetRestUrl;
  v.ws_url = kTestnetWsUrl;
}

}  // namespace

void read_venue_sections(Issues& is, const YAML::Node& root, const YAML::Node& global, std::vector<VenueConfig>& out) {
  if (out.empty()) out.emplace_back();
  if (global.IsDefined() && global.IsMap()) read_seed_testnet(is, global, root, out.front());
  const YAML::Node one = root["venue"], many = root["venues"];
  if (one.IsDefined() && many.IsDefined()) {
    is.add(many, "venues", "set either venue: (line " + std::to_string(one.Mark().line + 1) +
                               ") for one venue or venues: for several, not both");
    return;
  }
  if (many.IsDefined()) read_venue_list(is, many, out);
  else if (is.map(one, "venue")) read_venue(is, one, "venue", out.front());
}

const VenueConfig* find_venue_config(const std::vector<VenueConfig>& out, const std::string& name) noexcept {
  for (const VenueConfig& v : out)
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace xtb::run
