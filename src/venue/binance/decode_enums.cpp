// decode_enums.cpp — see decode_enums.hpp. Comparisons are on short strings; each
// function first switches on the length or first byte so a lookup is a couple of compares.
#include "venue/binance/decode_enums.hpp"

namespace xtb::binance {

bool parse_side(std::string_view s, Side& out) noexcept {
  if (s == "BUY") { out = Side::Buy; return true; }
  if (s == "SELL") { out = Side::Sell; return true; }
  return false;
}

bool parse_position_side(std::string_view s, PositionSide& out) noexcept {
  if (s == "BOTH") { out = PositionSide::Both; return true; }
  if (s == "LONG") { out = PositionSide::Long; return true; }
  if (s == "SHORT") { out = PositionSide::Short; return true; }
  return false;
}

bool parse_exec_type(std::string_view s, ExecType& out) noexcept {
  if (s == "TRADE") out = ExecType::Trade;
  else if (s == "NEW") out = ExecType::New;
  else if (s == "CANCELED") out = ExecType::Canceled;
  else if (s == "EXPIRED") out = ExecType::Expired;
  else if (s == "CALCULATED") out = ExecType::Calculated;
  else if (s == "AMENDMENT") out = ExecType::Amendment;
  else return false;
  return true;
}

bool parse_order_status(std::string_view s, OrderStatus& out) noexcept {
  if (s == "NEW") out = OrderStatus::Open;
  else if (s == "PARTIALLY_FILLED") out = OrderStatus::PartiallyFilled;
  else if (s == "FILLED") out = OrderStatus::Filled;
  else if (s == "CANCELED") out = OrderStatus::Canceled;
  else if (s == "EXPIRED" || s == "EXPIRED_IN_MATCH") out = OrderStatus::Expired;
  else if (s == "REJECTED") out = OrderStatus::Rejected;
  else if (s == "NEW_INSURANCE" || s == "NEW_ADL") out = OrderStatus::Open;
  else return false;
  return true;
}

OrderType parse_order_type(std::string_view s) noexcept {
  if (s == "LIMIT") return OrderType::Limit;
  if (s == "MARKET") return OrderType::Market;
  if (s == "STOP") return OrderType::Stop;
  if (s == "STOP_MARKET") return OrderType::StopMarket;
  if (s == "TAKE_PROFIT") return OrderType::TakeProfit;
  if (s == "TAKE_PROFIT_MARKET") return OrderType::TakeProfitMarket;
  if (s == "TRAILING_STOP_MARKET") return OrderType::TrailingStopMarket;
  if (s == "LIQUIDATION") return OrderType::Liquidation;
  return OrderType::None;
}

TimeInForce parse_tif(std::string_view s) noexcept {
  if (s == "GTC" || s == "GTE_GTC") return TimeInForce::GTC;
  if (s == "GTX") return TimeInForce::PostOnly;
  if (s == "IOC") return TimeInForce::IOC;
  if (s == "FOK") return TimeInForce::FOK;
  if (s == "GTD") return TimeInForce::GTD;
  return TimeInForce::None;
}

WorkingType parse_working_type(std::string_view s) noexcept {
  if (s == "CONTRACT_PRICE") return WorkingType::ContractPrice;
  if (s == "MARK_PRICE") return WorkingType::MarkPrice;
  return WorkingType::None;
}

AccountReason parse_account_reason(std::string_view s) noexcept {
  struct Entry { std::string_view name; AccountReason reason; };
  static constexpr Entry kTable[] = {
      {"ORDER", AccountReason::Order},
      {"FUNDING_FEE", AccountReason::FundingFee},
      {"DEPOSIT", AccountReason::Deposit},
      {"WITHDRAW", AccountReason::Withdraw},
      {"WITHDRAW_REJECT", AccountReason::WithdrawReject},
      {"ADJUSTMENT", AccountReason::Adjustment},
      {"INSURANCE_CLEAR", AccountReason::InsuranceClear},
      {"ADMIN_DEPOSIT", AccountReason::AdminDeposit},
      {"ADMIN_WITHDRAW", AccountReason::AdminWithdraw},
      {"MARGIN_TRANSFER", AccountReason::MarginTransfer},
      {"MARGIN_TYPE_CHANGE", AccountReason::MarginTypeChange},
      {"ASSET_TRANSFER", AccountReason::AssetTransfer},
      {"OPTIONS_PREMIUM_FEE", AccountReason::OptionsPremiumFee},
      {"OPTIONS_SETTLE_PROFIT", AccountReason::OptionsSettleProfit},
      {"AUTO_EXCHANGE", AccountReason::AutoExchange},
      {"COIN_SWAP_DEPOSIT", AccountReason::CoinSwapDeposit},
      {"COIN_SWAP_WITHDRAW", AccountReason::CoinSwapWithdraw},
  };
  for (const Entry& e : kTable)
    if (e.name == s) return e.reason;
  return AccountReason::Unknown;
}

bool parse_algo_status(std::string_view s, AlgoStatus& out) noexcept {
  if (s == "NEW") out = AlgoStatus::New;
  else if (s == "CANCELED") out = AlgoStatus::Canceled;
  else if (s == "TRIGGERING") out = AlgoStatus::Triggering;
  else if (s == "TRIGGERED") out = AlgoStatus::Triggered;
  else if (s == "FINISHED") out = AlgoStatus::Finished;
  else if (s == "REJECTED") out = AlgoStatus::Rejected;
  else if (s == "EXPIRED") out = AlgoStatus::Expired;
  else return false;
  return true;
}

OrderStatus algo_order_status(AlgoStatus s, Qty qty, Qty executed, std::uint8_t& flags) noexcept {
  switch (s) {
    case AlgoStatus::New: return OrderStatus::Open;
    case AlgoStatus::Triggering:
    case AlgoStatus::Triggered: flags |= kOrderFlagTriggered; return OrderStatus::Open;
    case AlgoStatus::Finished:
      return executed > 0 && (qty == 0 || executed >= qty) ? OrderStatus::Filled : OrderStatus::Canceled;
    case AlgoStatus::Canceled: return OrderStatus::Canceled;
    case AlgoStatus::Rejected: return OrderStatus::Rejected;
    case AlgoStatus::Expired: return OrderStatus::Expired;
  }
  return OrderStatus::Unknown;
}

std::uint8_t client_id_flags(std::string_view c) noexcept {
  if (c.starts_with("autoclose-")) return kOrderFlagLiquidation;
  if (c.starts_with("adl_autoclose")) return kOrderFlagAdl;
  if (c.starts_with("settlement_autoclose-") || c.starts_with("delivery_autoclose-")) return kOrderFlagSettlement;
  return 0;
}

}  // namespace xtb::binance
