// run_start_config.hpp — the configuration `xtb run` starts with: the YAML (or a preset,
// xtb smoke) with the command line applied — --rest-url / --ws-url / --ca-file, and --symbol
// (exactly those symbols are traded; the config's others are dropped, with a note, issue 13).
// Thread: main (cold). Throws ConfigError with the reason.
#pragma once
#include <string>
#include <vector>

#include "app/run/run_live.hpp"

namespace xtb::run {

// The config with the notes it produced, returned together: nothing is written into a
// member that may not be constructed yet (D3: `notes` was filled before its constructor ran).
struct StartConfig {
  RunConfig cfg;
  std::vector<std::string> notes;
};

StartConfig load_config(const RunOptions& o);

}  // namespace xtb::run
