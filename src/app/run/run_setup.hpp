// run_setup.hpp — hands a venue's position facts (venue/live_venue.hpp PositionRisk) to the
// sequencer's strategies before trading starts. Main thread, before the stage threads run.
#pragma once
#include "pipeline/sequencer/sequencer_stage.hpp"
#include "venue/live_venue.hpp"

namespace xtb::run {

/// Every strategy's on_position_risk for both sides of `symbol` (liquidation price, leverage).
void apply_position_risk(SequencerStage& seq, SymbolId symbol, const PositionRisk& r);

}  // namespace xtb::run
