// sim_types.cpp — Binance enum texts and formatted error messages (see sim_types.hpp,
// sim_errors.hpp).
#include "sim/exchange/sim_types.hpp"

#include "sim/exchange/sim_errors.hpp"

namespace xtb::sim {

void Reject::set_formatted(const ErrorDef& d, std::string_view arg) noexcept {
  const std::string_view tmpl(d.msg);
  const std::size_t at = tmpl.find("%s");
  if (at == std::string_view::npos) return set(d);
  code = d.code;
  std::size_t n = 0;
  auto put = [&](std::string_view s) {
    const std::size_t k = s.size() < kMaxMsg - n ? s.size() : kMaxMsg - n;
    if (k != 0) std::memcpy(msg + n, s.data(), k);
    n += k;
  };
  put(tmpl.substr(0, at));
  put(arg);
  put(tmpl.substr(at + 2));
  len = static_cast<std::uint8_t>(n);
}

const char* to_binance(Side s) noexcept { return s == Side::Sell ? "SELL" : "BUY"; }

const char* to_binance(PositionSide s) noexcept {
  switch (s) {
    case PositionSide::Long: return "LONG";
    case PositionSide::Short: return "SHORT";
    default: return "BOTH";
  }
}

const char* to_binance(OrderType t) noexcept {
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

const char* to_binance(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
    case TimeInForce::GTX: return "GTX";
    case TimeInForce::GTD: return "GTD";
    default: return "GTC";
  }
}

const char* to_binance(WorkingType t) noexcept { return t == WorkingType::MarkPrice ? "MARK_PRICE" : "CONTRACT_PRICE"; }

const char* to_binance(SimStatus s) noexcept {
  switch (s) {
    case SimStatus::New: return "NEW";
    case SimStatus::PartiallyFilled: return "PARTIALLY_FILLED";
    case SimStatus::Filled: return "FILLED";
    case SimStatus::Canceled: return "CANCELED";
    case SimStatus::Expired: return "EXPIRED";
  }
  return "NEW";
}

const char* to_binance(ExecType e) noexcept {
  switch (e) {
    case ExecType::Canceled: return "CANCELED";
    case ExecType::Calculated: return "CALCULATED";
    case ExecType::Expired: return "EXPIRED";
    case ExecType::Trade: return "TRADE";
    case ExecType::Amendment: return "AMENDMENT";
    default: return "NEW";
  }
}

const char* to_binance(AlgoState s) noexcept {
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

}  // namespace xtb::sim
