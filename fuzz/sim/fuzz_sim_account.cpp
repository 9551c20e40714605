// fuzz_sim_account.cpp — libFuzzer target: the simulator's account file parser
// (parse_exchange_config: the YAML of `xtb-sim --account`, sim_config.hpp) and the
// exchange's validation of the result (SimExchange's constructor), fed with arbitrary text.
//
// Input layout: YAML text. Invariant: parsing returns or throws ConfigError (documented);
// an accepted config either builds a SimExchange over the real BTCUSDT/ETHUSDT rules or is
// refused with ConfigError — never a crash, hang or other exception. Configs asking for
// more than 65536 order slots are skipped and the fill ledger, order history and
// book depth are capped (memory, not parsing).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/core/exchange.hpp"
#include "sim/core/sim_config.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::sim;

namespace {
struct Silent final : ExchangeListener {
  void on_order_update(const OrderUpdateReport&) noexcept override {}
  void on_algo_update(const AlgoUpdateReport&) noexcept override {}
  void on_account_update(const AccountUpdateReport&) noexcept override {}
  void on_mark_price(const MarkPriceReport&) noexcept override {}
};

struct Symbols {
  SymbolTable table{64, 16};
  std::vector<SymbolId> markets;
  Symbols() {
    std::ifstream in(XTB_FUZZ_EXCHANGE_INFO, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!binance::load_exchange_info(ss.str(), table).ok()) __builtin_trap();
    for (const char* s : {"BTCUSDT", "ETHUSDT"}) markets.push_back(table.find(xtb::binance::kVenueId, s));
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Symbols s;
  static Silent listener;
  ExchangeConfig cfg;
  try {
    cfg = parse_exchange_config(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const ConfigError&) {
    return 0;
  }
  if (cfg.max_open_orders > 65536) return 0;
  // Table sizes are memory, not parsing: keep the exchange small (the default fill ledger
  // reserves about 100 MB, which would make every input slow).
  cfg.max_fills = std::min<std::size_t>(cfg.max_fills, 1024);
  cfg.order_history = std::min<std::size_t>(cfg.order_history, 256);
  cfg.book_levels = std::min<std::size_t>(cfg.book_levels, 256);
  try {
    SimExchange x(s.table, cfg, listener, s.markets);
    (void)x.account();
  } catch (const ConfigError&) {
  }
  return 0;
}
