// run_start_config.cpp — see run_start_config.hpp.
#include "app/run/run_start_config.hpp"

#include <algorithm>

#include "app/backtest_setup.hpp"
#include "app/pipeline_config.hpp"

namespace xtb::run {

// `--symbol S`... trades exactly those symbols (issue 13: the config's example symbol was
// traded beside them, and "flat" was judged on it); their `symbols:` entries are kept.
static void restrict_to(strategy::StrategyConfig& s, const std::vector<std::string>& chosen, std::vector<std::string>& notes) {
  std::string dropped;
  std::erase_if(s.symbols, [&](const strategy::SymbolConfig& c) {
    if (std::find(chosen.begin(), chosen.end(), c.name) != chosen.end()) return false;
    dropped += (dropped.empty() ? "" : ", ") + c.name;
    return true;
  });
  if (!dropped.empty()) notes.push_back("--symbol given: the config's " + dropped + " not traded");
}

StartConfig load_config(const RunOptions& o) {
  RunConfigResult r;
  if (o.preset) r.config = *o.preset;
  else r = load_run_config(o.config, o.overrides);
  if (!r.ok()) throw ConfigError("config:\n" + r.error_text());
  StartConfig out{std::move(r.config), {}};
  RunConfig& c = out.cfg;
  const bool cli_urls = !o.rest_url.empty() || !o.ws_url.empty() || !o.ca_file.empty();
  if (cli_urls && c.venues.size() != 1)
    throw ConfigError("--rest-url / --ws-url / --ca-file name one venue's endpoints; this config trades " +
                      std::to_string(c.venues.size()) + " venues: set them with --set venues.N.rest_url=... instead");
  VenueConfig& v = c.venues.front();
  if (!o.rest_url.empty()) v.rest_url = o.rest_url;
  if (!o.ws_url.empty()) v.ws_url = o.ws_url;
  if (!o.ca_file.empty()) v.ca_file = o.ca_file;
  std::string err;
  for (VenueConfig& each : c.venues)
    if (!resolve_endpoints(each, err)) throw ConfigError(err);
  std::vector<std::string> chosen;
  for (const std::string& s : o.symbols) {
    const std::string name = strategy::normalize_symbol(s);
    if (name.empty())
      throw ConfigError("--symbol '" + s + "': not a symbol name (letters, digits, '_'; e.g. BTCUSDT or BTC/USDT:USDT)");
    if (std::string n = ensure_symbol(c.strategy, name); !n.empty()) out.notes.push_back(std::move(n));
    chosen.push_back(name);
  }
  if (!chosen.empty()) restrict_to(c.strategy, chosen, out.notes);
  return out;
}

}  // namespace xtb::run
