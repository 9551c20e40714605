// fill_ledger.cpp — see fill_ledger.hpp.
#include "sim/core/fill_ledger.hpp"

#include "sim/core/decimal_text.hpp"
#include "sim/core/json_writer.hpp"

namespace xtb::sim {
namespace {

constexpr std::size_t kBytesPerRow = 384;  // generous upper bound of one row's text

// The ledger document's own spelling of sides (fill_ledger.hpp; fixed: ledger hashes
// compare runs).
const char* side_text(Side s) noexcept { return s == Side::Sell ? "SELL" : "BUY"; }

const char* position_side_text(PositionSide s) noexcept {
  switch (s) {
    case PositionSide::Long: return "LONG";
    case PositionSide::Short: return "SHORT";
    default: return "BOTH";
  }
}

}  // namespace

std::string FillLedger::to_json(const SymbolTable& symbols) const {
  std::string out(1024 + rows_.size() * kBytesPerRow, '\0');
  JsonWriter w(out.data(), out.size());
  w.begin_object();
  w.key("fills");
  w.begin_array();
  for (const FillRecord& f : rows_) {
    const SymbolRules& r = symbols.rules(f.symbol);
    w.begin_object();
    w.kv_i64("time", f.time_ms);
    w.kv_u64("orderId", f.order_id);
    w.kv_u64("tradeId", f.trade_id);
    w.kv("clientOrderId", f.client_id.view());
    w.kv("symbol", symbols.name(f.symbol));
    w.kv("side", side_text(f.side));
    w.kv("positionSide", position_side_text(f.position_side));
    w.kv_bool("maker", f.maker);
    w.kv("price", price_text(r, f.px).view());
    w.kv("qty", qty_text(r, f.qty).view());
    w.kv("commission", amount_text(f.fee).view());
    w.kv("realizedPnl", amount_text(f.realized_pnl).view());
    w.end_object();
  }
  w.end_array();
  w.kv_u64("dropped", dropped_);
  w.end_object();
  out.resize(w.finish());
  return out;
}

}  // namespace xtb::sim
