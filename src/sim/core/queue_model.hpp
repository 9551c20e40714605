// queue_model.hpp — queue-position estimate of our resting limit orders in the replayed
// book, and how replayed trades fill them. Our orders are not in the recording, so where
// an order would stand in the real queue is estimated (docs/simulator-exchange.md):
//
//   1. On resting, `queue_ahead` = replayed quantity at our price on our side (the
//      composite level, market_view.hpp): everyone already there is ahead of us. A price
//      better than the best level starts a new level: queue_ahead = 0.
//   2. Trades at our price whose aggressor is on the other side (buy order: the seller
//      aggressed, `m` = true) consume the queue first; what is left of the trade fills us.
//   3. A trade strictly through our price (buy order: trade price < our price; sell:
//      > our price) would have hit us first: it fills us up to its quantity, whatever
//      the queue.
//   4. Several of our orders share one trade's quantity in price-time priority
//      (better price first, then older order id): `avail` starts at the trade quantity
//      and each of our fills takes from it. Every order's queue is measured from the
//      front of the level independently (market volume ahead of it), so an order behind
//      our own earlier order at the same price waits for that order's fill too.
//   5. Cancellations: when an observation of our level shows less quantity than
//      expected (last seen minus the trades since), the difference is taken as
//      cancellations spread uniformly over the level, so the queue ahead shrinks in
//      proportion: ahead −= ⌊cancelled × ahead / expected⌋. Growth of the level is new
//      orders joining behind us (no change). ahead never exceeds the level's size.
//   6. A replayed book that crosses our price without a trade does not fill us
//      (conservative: only printed trades prove liquidity). Trades at our price with the
//      aggressor on our own side do not fill us either.
// Known bias: the depth diff that reflects a trade may arrive before the trade message;
// rule 5 then counts that volume as a cancellation and rule 2 consumes it again, which
// advances the queue slightly early.
// Threads: pure functions on one order; no allocation.
#pragma once
#include "sim/core/fixed_math.hpp"
#include "sim/core/sim_types.hpp"

namespace xtb::sim {

/// Rule 1: the order starts resting where the replayed level holds `level_qty`.
inline void queue_on_rest(SimOrder& o, Qty level_qty) noexcept {
  o.queue_ahead = level_qty > 0 ? level_qty : 0;
  o.level_seen = o.queue_ahead;
}

/// Rule 5: a new observation of the replayed quantity at the order's price.
inline void queue_on_level(SimOrder& o, Qty level_now) noexcept {
  if (level_now < 0) level_now = 0;
  if (level_now < o.level_seen && o.level_seen > 0) {
    const Qty cancelled = o.level_seen - level_now;
    const i128 cut = static_cast<i128>(cancelled) * o.queue_ahead / o.level_seen;  // floor
    o.queue_ahead -= static_cast<Qty>(cut);
  }
  if (o.queue_ahead > level_now) o.queue_ahead = level_now;
  o.level_seen = level_now;
}

/// Rules 2–4: a trade of which `avail` steps are still unclaimed by our earlier orders
/// reaches this order; `through` = the trade printed through our price. Returns the
/// quantity that fills us (≤ remaining) and takes it from `avail`.
inline Qty queue_on_trade(SimOrder& o, bool through, Qty& avail) noexcept {
  Qty usable = avail;
  if (!through) {
    const Qty take = o.queue_ahead < avail ? o.queue_ahead : avail;
    o.queue_ahead -= take;
    o.level_seen = o.level_seen > take ? o.level_seen - take : 0;
    usable = avail - take;
  }
  const Qty rem = o.remaining();
  const Qty fill = usable < rem ? usable : rem;
  avail -= fill;
  return fill;
}

}  // namespace xtb::sim
