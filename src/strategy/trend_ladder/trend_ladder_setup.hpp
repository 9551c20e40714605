// trend_ladder_setup.hpp — the registry builder of `trend_ladder` (strategy/registry.hpp):
// the `strategies:` entry's `params:` and seed 000's environment variables → TrendLadderParams
// → the sequencer's StrategySetup. docs/strategies/trend_ladder.md has the full table.
//
//   YAML key              env var                        unit / values             default
//   (symbols: [X])        XTB_SYMBOL                     venue symbol name         (required)
//   direction             XTB_TL_DIRECTION               long | short              long
//   qty                   XTB_TL_QTY                     base units, step grid     (required)
//   tp                    XTB_TL_TP                      price distance, tick grid (required)
//   max_orders            XTB_TL_MAX_ORDERS              1..1000                   40
//   levels                XTB_TL_LEVELS                  1..16                     1
//   grid_step             XTB_TL_GRID_STEP               price distance            0 (> 0 if levels > 1)
//   entry_offset          XTB_TL_ENTRY_OFFSET            integer ticks ≥ 0         1
//   base_wait / min_wait / max_wait   XTB_TL_BASE_WAIT / _MIN_WAIT / _MAX_WAIT   s   450 / 60 / 900
//   stop_price / pause_price          XTB_TL_STOP_PRICE / XTB_TL_PAUSE_PRICE     price, 0 = off
//   requote_ticks         XTB_TL_REQUOTE_TICKS           integer ticks ≥ 0         5
//   requote_abs           XTB_TL_REQUOTE_ABS             price distance            0
//   requote_max_per_tick  XTB_TL_REQUOTE_MAX_PER_TICK    1..100                    2
//   requote_wait_confirm  XTB_TL_REQUOTE_WAIT_CONFIRM    s                         5
//   requote_backoff / requote_backoff_max   XTB_TL_REQUOTE_BACKOFF / _BACKOFF_MAX   s   15 / 120
//   repair_max            XTB_TL_REPAIR_MAX              1..64 per window          3
//   repair_window         XTB_TL_REPAIR_WINDOW           s                         600
//   tp_verify             XTB_TL_TP_VERIFY               s                         2
//   post_only / tp_post_only          XTB_TL_POST_ONLY / XTB_TL_TP_POST_ONLY     bool  true / false
//   env                   —                              true | false: read the XTB_* variables   true
// Precedence: a value given by the YAML and by its variable must be the same text, else the
// build fails naming both (no silent winner); a variable alone is used; an empty variable is
// unset. Errors: std::invalid_argument "trend_ladder: <key> (<source>): <why>"; every unknown
// YAML key is refused with the list of known ones. Thread: cold path. Allocates.
#pragma once
#include <functional>

#include "strategy/registry.hpp"
#include "strategy/trend_ladder/trend_ladder_params.hpp"

namespace xtb::strategy {

/// getenv-shaped lookup (nullptr = unset); tests pass their own.
using EnvLookup = std::function<const char*(const char* name)>;

/// The parameters of `spec` for `table` (one symbol), with `env` for the XTB_* variables.
TrendLadderParams trend_ladder_params(const StrategySpec& spec, const SymbolTable& table, const EnvLookup& env);
/// The registry builder: trend_ladder_params with the process environment.
StrategySetup trend_ladder_setup(const StrategySpec& spec, const SymbolTable& table);

}  // namespace xtb::strategy
