// sim_account.hpp — `xtb sim-account`: the starting account of xtb-sim for any capture,
// sized the way the backtest sizes its default account (app/backtest_setup.hpp
// default_account: hedge mode, every captured symbol (that the exchange info knows)
// ISOLATED at `leverage`, a LONG and a SHORT of each worth `notional_usdt` at that symbol's
// first mid in the capture, entered 0.5 % in profit),
// written as the YAML that `xtb-sim --account` reads (configs/sim-account.yaml's keys).
// Cold path; throws std::runtime_error with a readable message.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace xtb::run {

struct SimAccountOptions {
  std::string venue = "binance_usdm";  ///< whose protocol the capture records (venue/offline_venues.hpp)
  std::string capture;        ///< hftbacktest `<ns> <json>` or cryptofeed capture (.gz ok)
  std::string exchange_info;  ///< exchangeInfo JSON (or a cryptofeed REST capture of it)
  std::int64_t notional_usdt = 3000;
  std::uint16_t leverage = 10;
  std::int64_t wallet_usdt = 10000;
};

struct SimAccount {
  std::vector<std::string> symbols;  ///< the captured symbols, in order of first bookTicker
  std::string symbol;                ///< the same, comma-separated ("BTCUSDT", "SUSHIUSDT,CTKUSDT")
  std::string yaml;    ///< account YAML
  double first_ns = 0, last_ns = 0;  ///< capture time span (ns since epoch)
};

SimAccount make_sim_account(const SimAccountOptions& o);

}  // namespace xtb::run
