// enum_text.cpp — see enum_text.hpp.
#include "venue/binance/sim/enum_text.hpp"

namespace xtb::sim::binance_usdm {

const char* to_text(Side s) noexcept { return s == Side::Sell ? "SELL" : "BUY"; }

const char* to_text(PositionSide s) noexcept {
  switch (s) {
    case PositionSide::Long: return "LONG";
    case PositionSide::Short: return "SHORT";
    default: return "BOTH";
  }
}

const char* to_text(OrderType t) noexcept {
  switch (t) {
    case OrderType::Limit: return "LIMIT";
    case OrderType::Market: return "MARKET";
    case OrderType::Stop: return "STOP";
    case OrderType::StopMarket: return "STOP_MARKET";
    case OrderType::TakeProfit: return "TAKE_PROFIT";
    case OrderType::TakeProfitMarket: return "TAKE_PROFIT_MARKET";
    case OrderType::TrailingStopMarket: return "TRAILING_STOP_MARKET";
    case OrderType::Liquidation: return "LIQUIDATION";
    default: return "LIMIT";
  }
}

const char* to_text(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    case TimeInForce::PostOnly: return "GTX";
    case TimeInForce::GTD: return "GTD";
    default: return "GTC";
  }
}

const char* to_text(WorkingType t) noexcept { return t == WorkingType::MarkPrice ? "MARK_PRICE" : "CONTRACT_PRICE"; }

const char* to_text(SimStatus s) noexcept {
  switch (s) {
    case SimStatus::New: return "NEW";
    case SimStatus::PartiallyFilled: return "PARTIALLY_FILLED";
    case SimStatus::Filled: return "FILLED";
    case SimStatus::Canceled: return "CANCELED";
    case SimStatus::Expired: return "EXPIRED";
  }
  return "NEW";
}

const char* to_text(ExecType e) noexcept {
  switch (e) {
    case ExecType::Canceled: return "CANCELED";
    case ExecType::Calculated: return "CALCULATED";
    case ExecType::Expired: return "EXPIRED";
    case ExecType::Trade: return "TRADE";
    case ExecType::Amendment: return "AMENDMENT";
    default: return "NEW";
  }
}

const char* to_text(AlgoState s) noexcept {
  switch (s) {
    case AlgoState::New: return "NEW";
    case AlgoState::Triggering: return "TRIGGERING";
    case AlgoState::Triggered: return "TRIGGERED";
    case AlgoState::Finished: return "FINISHED";
    case AlgoState::Canceled: return "CANCELED";
    case AlgoState::Expired: return "EXPIRED";
    case AlgoState::Rejected: return "REJECTED";
  }
  return "NEW";
}

}  // namespace xtb::sim::binance_usdm
