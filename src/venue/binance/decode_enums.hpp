// decode_enums.hpp — Binance USD-M enum strings → engine enums (core/types.hpp).
//
// Source: Binance USD-M "Common Definitions" / User Data Streams "Event: Order Update"
// (order status, execution type, order type, time in force, working type, position side)
// and "Event: Balance and Position Update" (reason `m`).
//
// Strict parsers return false on an unknown string (the caller reports UnknownEnum):
// side, position side, execution type and order status change what the engine does.
// Lenient ones map unknown strings to None (new order types or TIFs must not make us drop
// an order update). Threads: pure functions. No allocation.
#pragma once
#include <string_view>

#include "core/types.hpp"
#include "venue/binance/decode_types.hpp"

namespace xtb::binance {

/// "BUY" / "SELL".
bool parse_side(std::string_view s, Side& out) noexcept;
/// "BOTH" / "LONG" / "SHORT".
bool parse_position_side(std::string_view s, PositionSide& out) noexcept;
/// "NEW", "CANCELED", "CALCULATED" (liquidation/ADL), "EXPIRED", "TRADE", "AMENDMENT".
bool parse_exec_type(std::string_view s, ExecType& out) noexcept;
/// Order status → engine model: NEW→Open, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED,
/// EXPIRED and EXPIRED_IN_MATCH (self-trade prevention)→Expired, NEW_INSURANCE and
/// NEW_ADL (venue liquidation / auto-deleverage orders)→Open (the caller flags them).
bool parse_order_status(std::string_view s, OrderStatus& out) noexcept;
/// LIMIT, MARKET, STOP, STOP_MARKET, TAKE_PROFIT, TAKE_PROFIT_MARKET,
/// TRAILING_STOP_MARKET, LIQUIDATION; anything else → None.
OrderType parse_order_type(std::string_view s) noexcept;
/// GTC, IOC, FOK, GTX (post-only), GTD; GTE_GTC (closePosition stops) → GTC; else None.
TimeInForce parse_tif(std::string_view s) noexcept;
/// MARK_PRICE, CONTRACT_PRICE; else None.
WorkingType parse_working_type(std::string_view s) noexcept;
/// ACCOUNT_UPDATE `m` (DEPOSIT, ORDER, FUNDING_FEE, ...); unknown → AccountReason::Unknown.
AccountReason parse_account_reason(std::string_view s) noexcept;

/// Binance algo order status (ALGO_UPDATE `X`, openAlgoOrders `algoStatus`).
enum class AlgoStatus : std::uint8_t { New, Canceled, Triggering, Triggered, Finished, Rejected, Expired };
bool parse_algo_status(std::string_view s, AlgoStatus& out) noexcept;

/// Engine status of an algo order. Binance publishes no mapping; ours: NEW → Open;
/// TRIGGERING/TRIGGERED → Open and `flags |= kOrderFlagTriggered` (the child order's own
/// ORDER_TRADE_UPDATE follows); FINISHED → Filled when the executed qty reached the order
/// qty (or any fill of a closePosition order, whose qty is 0), else Canceled (terminal
/// either way); CANCELED/REJECTED/EXPIRED → the same-named status. Quantities in steps.
OrderStatus algo_order_status(AlgoStatus s, Qty qty, Qty executed, std::uint8_t& flags) noexcept;

/// Flags (decode_types.hpp kOrderFlag*) implied by a venue client order id prefix:
/// "autoclose-" liquidation, "adl_autoclose" ADL, "settlement_autoclose-" /
/// "delivery_autoclose-" settlement (Binance User Data Streams, Order Update notes).
std::uint8_t client_id_flags(std::string_view client_id) noexcept;

}  // namespace xtb::binance
