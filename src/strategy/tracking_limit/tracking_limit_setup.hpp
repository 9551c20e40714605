// tracking_limit_setup.hpp — the registry builder of `tracking_limit` (strategy/registry.hpp):
// StrategySpec parameters → TrackingLimitParams → the sequencer's StrategySetup.
//   qty            base units ("0.002"), on the symbol's step grid, > 0      (required)
//   interval       requote period in seconds ("1.5"), > 0                     (required)
//   timeout        seconds from the first placement, > 0                      (required)
//   price_offset   integer ticks behind the touch (negative: inside), default 0
//   side           buy | sell, default buy
//   position_side  both | long | short, default both (long/short on a hedge-mode account)
//   post_only      true | false, default false
// Thread: cold path. Throws std::invalid_argument naming the parameter.
#pragma once
#include "strategy/registry.hpp"
#include "strategy/tracking_limit/tracking_limit.hpp"

namespace xtb::strategy {

/// The parameters of `spec` for `table`'s symbol (exactly one symbol).
TrackingLimitParams tracking_limit_params(const StrategySpec& spec, const SymbolTable& table);
StrategySetup tracking_limit_setup(const StrategySpec& spec, const SymbolTable& table);

}  // namespace xtb::strategy
