// strategy.cpp — StrategyBase's shared gating (see strategy.hpp).
#include "strategy/strategy.hpp"

namespace xtb::strategy {

void StrategyBase::on_link_up(std::uint32_t conn, bool market_data) noexcept {
  if (link_.is_down(conn)) {  // back after a drop (the first connect and a listenKey restart are not)
    Alert a{};
    a.kind = AlertKind::Reconnect;
    a.side = PositionSide::Both;
    a.tier = -1;
    a.mode = market_data ? 1 : 0;
    a.symbol = kNoSymbol;
    alerts_.push(a);
  }
  link_.link_up(conn);
}

}  // namespace xtb::strategy
