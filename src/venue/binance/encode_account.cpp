// encode_account.cpp — see encode_account.hpp.
#include "venue/binance/encode_account.hpp"

namespace xtb::binance {

EncodeError write_symbol_scoped(Endpoint e, const EncodeSymbol* sym, RequestBuffer& out) noexcept {
  switch (e) {
    case Endpoint::OpenOrders:
    case Endpoint::OpenAlgoOrders:
    case Endpoint::PositionRiskV2:
    case Endpoint::PositionRiskV3:
      break;
    case Endpoint::CancelAllOrders:
    case Endpoint::CancelAllAlgoOrders:
      if (sym == nullptr) return EncodeError::UnknownSymbol;  // symbol is mandatory
      break;
    default:
      return EncodeError::UnsupportedCommand;
  }
  ParamWriter w = out.begin(e);
  if (sym != nullptr) {
    w.key("symbol");
    w.put(sym->name);
  } else {
    out.use_all_symbols_weight();
  }
  return out.commit(w);
}

EncodeError encode_exchange_info(RequestBuffer& out) noexcept {
  return out.commit(out.begin(Endpoint::ExchangeInfo));
}

EncodeError encode_server_time(RequestBuffer& out) noexcept {
  return out.commit(out.begin(Endpoint::ServerTime));
}

EncodeError encode_listen_key(ListenKeyOp op, RequestBuffer& out) noexcept {
  Endpoint e = Endpoint::ListenKeyCreate;
  if (op == ListenKeyOp::KeepAlive) e = Endpoint::ListenKeyKeepAlive;
  if (op == ListenKeyOp::Close) e = Endpoint::ListenKeyClose;
  return out.commit(out.begin(e));
}

}  // namespace xtb::binance
