// decode_user.hpp — Binance USD-M user-data-stream payload decoders (internal; public
// entry point: decode_frame.hpp).
//
// Sources (Binance USD-M "User Data Streams"):
//   ORDER_TRADE_UPDATE {"e","E","T","o":{"s","c","S","o","f","q","p","ap","sp","x","X","i",
//                       "l","z","L","N","n","T","t","m","R","wt","ps","cp","rp",...}}
//     → OrderUpdate. Every execution type (NEW, CANCELED, CALCULATED, EXPIRED, TRADE,
//       AMENDMENT) and status (NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED,
//       EXPIRED_IN_MATCH, NEW_INSURANCE, NEW_ADL) is mapped (decode_enums.hpp); venue
//       liquidation/ADL/settlement orders carry kOrderFlag* bits.
//   ACCOUNT_UPDATE {"e","E","T","a":{"m","B":[{"a","wb","cw","bc"}],"P":[{"s","pa","ep",
//                   "bep","cr","up","mt","iw","ps"}]}}
//     → AccountUpdate chunks (3 positions and 2 balances per chunk, first/last flags).
//   TRADE_LITE {"e","E","T","s","q","p","m","c","S","L","l","t","i"}
//     → OrderUpdate with kOrderFlagFillOnly (status Unknown: a fill notice, not a state).
//   ALGO_UPDATE {"e","T","E","o":{"caid","aid","at","o","s","S","ps","f","q","X","ai","ap",
//                "aq","act","tp","p","V","wt","pm","cp","pP","R","tt","gtd","rm"}}
//     → OrderUpdate with kOrderFlagAlgo (see decode_algo_status in the .cpp for the mapping).
//   listenKeyExpired {"e","E","listenKey"} → ConnState{StreamExpired}.
//   MARGIN_CALL {"e","E","cw","p":[{"s","ps","pa","mt","iw","mp","up","mm"}]}
//     → AccountUpdate with reason MarginCall (amount and unrealized PnL per position).
//
// Prices in user-stream reports are converted with Rounding::Nearest (counted in
// DecodeStats::rounded_fields): dropping a fill because a venue price is off the local
// grid would be worse than rounding it. Quantities stay Exact. Rows for unknown symbols /
// assets inside lists are skipped and counted; the rest of the message is delivered.
// Threads: decode thread. No allocation.
#pragma once
#include "venue/binance/decode_fields.hpp"

namespace xtb::binance::detail {

DecodeStatus decode_order_trade_update(od::object& o, Ctx& c) noexcept;
DecodeStatus decode_account_update(od::object& o, Ctx& c) noexcept;
DecodeStatus decode_trade_lite(od::object& o, Ctx& c) noexcept;
DecodeStatus decode_algo_update(od::object& o, Ctx& c) noexcept;
DecodeStatus decode_listen_key_expired(od::object& o, Ctx& c) noexcept;
DecodeStatus decode_margin_call(od::object& o, Ctx& c) noexcept;

/// Chunked AccountUpdate writer shared with the REST position/balance decoders: rows are
/// placed into chunk idx / kMaxPositions (positions) or idx / kMaxBalances (balances).
class AccountWriter {
 public:
  AccountWriter(Ctx& c, AccountReason reason) noexcept : c_(c), reason_(reason), first_(c.n) {}
  /// Slot for the next position row; nullptr → SinkFull.
  AccountUpdate::Position* next_position() noexcept;
  /// Slot for the next balance row; nullptr → SinkFull.
  AccountUpdate::Balance* next_balance() noexcept;
  void set_reason(AccountReason r) noexcept { reason_ = r; }
  /// Ensures one chunk exists and patches reason, times and first/last flags into all.
  DecodeStatus finish(EpochMs event_ms, EpochMs txn_ms) noexcept;

 private:
  AccountUpdate* chunk(std::uint32_t k) noexcept;
  Ctx& c_;
  AccountReason reason_;
  std::uint32_t first_;
  std::uint32_t n_pos_ = 0, n_bal_ = 0;
};

/// Stashed texts of one position row (user stream or REST positionRisk/account).
struct PositionText {
  std::string_view symbol, side, amount, entry, break_even, upnl;
};
/// Converts a position row into the writer's next slot. An unknown symbol skips the row
/// (counted in skipped_unknown_symbol) and returns Ok.
DecodeStatus convert_position(Ctx& c, const PositionText& t, AccountWriter& w) noexcept;

/// Stashed fields of one order report (ORDER_TRADE_UPDATE `o`, or a REST order row).
struct OrderText {
  std::string_view symbol, client_id, side, type, tif, qty, px, avg_px, stop_px;
  std::string_view exec, status, last_qty, cum_qty, last_px, fee_asset, fee, realized;
  std::string_view working_type, position_side;
  std::uint64_t order_id = 0, trade_id = 0;
  std::int64_t txn_ms = 0;
  bool maker = false, reduce_only = false, close_position = false;
};
/// Converts an order report. `exec` may be empty (REST rows: ExecType::None). Returns
/// UnknownSymbol / UnknownEnum / BadDecimal / MissingField on failure; on success `flags`
/// holds the kOrderFlag* bits implied by the client id and status.
DecodeStatus convert_order(Ctx& c, const OrderText& t, OrderUpdate& out, const SymbolRules*& rules,
                           std::uint8_t& flags) noexcept;

/// Converts an algo (conditional) order report: ALGO_UPDATE or a REST algo-order row.
/// `trigger` = triggerPrice/tp, `algo_status` = algoStatus/X, `executed` = executed qty
/// (may be empty). `flags` gets kOrderFlagAlgo (+ kOrderFlagTriggered).
DecodeStatus convert_algo(Ctx& c, const OrderText& t, std::string_view trigger, std::string_view algo_status,
                          std::string_view executed, OrderUpdate& out, const SymbolRules*& rules,
                          std::uint8_t& flags) noexcept;

}  // namespace xtb::binance::detail
