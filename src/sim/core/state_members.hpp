// state_members.hpp — the members every face's state dump (GET /sim/state, the exit dump)
// writes the same way, so the same checks read them: "account" (the margin asset's
// balances) and "counters" (exchange.hpp ExchangeCounters).
// Threads: the exchange thread, between calls. No allocation.
#pragma once
#include "sim/core/decimal_text.hpp"
#include "sim/core/exchange.hpp"
#include "sim/core/json_writer.hpp"

namespace xtb::sim {

/// "account":{"asset","walletBalance","crossWalletBalance","availableBalance",
/// "dualSidePosition"} into an open object (amounts as decimals of the margin asset).
inline void write_account_member(JsonWriter& w, const SimExchange& x) noexcept {
  const Account& a = x.account();
  w.key("account");
  w.begin_object();
  w.kv("asset", x.symbols().asset_name(a.asset()));
  w.kv("walletBalance", amount_text(a.wallet()).view());
  w.kv("crossWalletBalance", amount_text(a.cross_wallet()).view());
  w.kv("availableBalance", amount_text(a.available_balance(0)).view());
  w.kv_bool("dualSidePosition", a.hedge_mode());
  w.end_object();
}

/// "counters":{"ordersAccepted","ordersRejected","ordersFilled","ordersCanceled",
/// "ordersExpired","fills","stopsTriggered","marketEvents"} into an open object.
inline void write_counters_member(JsonWriter& w, const ExchangeCounters& c) noexcept {
  w.key("counters");
  w.begin_object();
  w.kv_u64("ordersAccepted", c.orders_accepted);
  w.kv_u64("ordersRejected", c.orders_rejected);
  w.kv_u64("ordersFilled", c.orders_filled);
  w.kv_u64("ordersCanceled", c.orders_canceled);
  w.kv_u64("ordersExpired", c.orders_expired);
  w.kv_u64("fills", c.fills);
  w.kv_u64("stopsTriggered", c.stops_triggered);
  w.kv_u64("marketEvents", c.market_events);
  w.end_object();
}

}  // namespace xtb::sim
