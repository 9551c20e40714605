// run_setup.cpp — see run_setup.hpp.
#include "app/run/run_setup.hpp"

namespace xtb::run {

void apply_position_risk(SequencerStage& seq, SymbolId symbol, const PositionRisk& r) {
  for (std::size_t i = 0; i < seq.strategy_count(); ++i) {
    seq.strategy(i).on_position_risk(symbol, PositionSide::Long, r.long_side.liq_px, r.long_side.leverage);
    seq.strategy(i).on_position_risk(symbol, PositionSide::Short, r.short_side.liq_px, r.short_side.leverage);
  }
}

}  // namespace xtb::run
