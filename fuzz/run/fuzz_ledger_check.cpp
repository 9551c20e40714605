// fuzz_ledger_check.cpp — libFuzzer target: the `xtb run` agreement check parsers
// (check_ledger: the engine's state JSON against xtb-sim's dump JSON; normalize_decimal)
// fed with arbitrary text, and the positionRisk start-up parser (parse_position_risk:
// positionAmt / liquidationPrice / leverage / marginType of one symbol's rows).
//
// Input layout: byte 0 bit 0 = positionRisk body (the rest); else engine JSON '\0' dump
// JSON (no '\0': the whole input is the dump, against a fixed valid engine state).
// Invariants (trap on violation): check_ledger returns (malformed JSON is a difference,
// never a throw); agree ⇔ no differences; normalize_decimal is idempotent on decimals;
// parse_position_risk returns or throws std::runtime_error (its documented error) with a
// liquidation price of 0 or inside the PRICE_FILTER range and leverage ≥ 1.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "app/run/ledger_check.hpp"
#include "venue/binance/live/account_rest.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr const char* kEngine =
    R"({"prefix":"xtb-run1-","positions":[{"symbol":"BTCUSDT","positionSide":"LONG","positionAmt":"0.010"}],)"
    R"("orders":[{"clientOrderId":"xtb-run1-1","symbol":"BTCUSDT","side":"SELL","positionSide":"LONG",)"
    R"("status":"FILLED","origQty":"0.002","executedQty":"0.002","filledQty":"0.002","live":false,"algo":false}],)"
    R"("fills":1,"shutdownComplete":true,"recycledOrders":0})";

struct Symbols {
  SymbolTable table{64, 16};
  SymbolId btc = kNoSymbol;
  Symbols() {
    std::ifstream in(XTB_FUZZ_EXCHANGE_INFO, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!binance::load_exchange_info(ss.str(), table).ok()) __builtin_trap();
    btc = table.find(xtb::binance::kVenueId, "BTCUSDT");
    if (btc == kNoSymbol) __builtin_trap();
  }
};

void position_risk(std::string_view body) {
  static const Symbols s;
  try {
    const PositionRisk r = binance::parse_position_risk(body, s.table, s.btc);
    const SymbolRules& rules = s.table.rules(s.btc);
    for (const SideRisk* side : {&r.long_side, &r.short_side}) {
      FUZZ_ASSERT(side->leverage >= 1);
      FUZZ_ASSERT(side->liq_px == 0 || (side->liq_px >= rules.min_price && side->liq_px <= rules.max_price));
    }
  } catch (const std::runtime_error&) {
    // Documented: malformed JSON or a bad positionAmt.
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) {
    position_risk(in);
    return 0;
  }
  const std::size_t z = in.find('\0');
  const std::string engine = z == std::string_view::npos ? std::string(kEngine) : std::string(in.substr(0, z));
  const std::string dump(z == std::string_view::npos ? in : in.substr(z + 1));
  const run::LedgerCheck c = run::check_ledger(engine, dump);
  FUZZ_ASSERT(c.agree == c.differences.empty());
  (void)run::format_ledger_check(c);
  // On decimal text (what the venue and the engine write) normalisation is idempotent.
  const std::string d = dump.substr(0, 40);
  bool decimal = !d.empty();
  for (std::size_t i = 0, dots = 0; i < d.size(); ++i)
    decimal = decimal && ((d[i] >= '0' && d[i] <= '9') || (d[i] == '-' && i == 0 && d.size() > 1) ||
                          (d[i] == '.' && ++dots == 1 && i > (d[0] == '-' ? 1u : 0u) && i + 1 < d.size()));
  if (decimal) {
    const std::string n = run::normalize_decimal(d);
    FUZZ_ASSERT(run::normalize_decimal(n) == n);
  }
  return 0;
}
