// sim_test_util.hpp — helpers for the simulated-exchange tests: the real symbol rules
// (exchangeInfo fixture: BTCUSDT tick 0.10, step 0.001, min notional 10 USDT), a
// listener that records every report, and a MarketScript that builds synthetic
// market events (snapshot + diffs with a consistent update-id sequence, bookTicker,
// trades) for one symbol.
#pragma once
#include <doctest/doctest.h>

#include <fstream>
#include <initializer_list>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "market/symbol_table.hpp"
#include "sim/core/exchange.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/sim/enum_text.hpp"
#include "venue/binance/sim/order_entry.hpp"
#include "venue/binance/sim/sim_errors.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::sim::test {

using binance_usdm::AlgoCancelRequest;
using binance_usdm::AlgoOrderRequest;
using binance_usdm::CancelRequest;
using binance_usdm::NewOrderRequest;
using binance_usdm::to_text;

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string data_path(const std::string& rel) { return std::string(XTB_DATA_DIR) + "/" + rel; }

/// Symbol table from the real exchangeInfo fixture (BTCUSDT, ETHUSDT, BTCUSDT_220325).
inline void load_real_symbols(SymbolTable& t) {
  const auto r = binance::load_exchange_info(
      read_text(data_path("binance-usdm/fixtures/http/http_futures_market_exchange_info.json")), t);
  REQUIRE_MESSAGE(r.ok(), r.error);
}

/// Records every report the exchange emits.
struct Recorder final : ExchangeListener {
  std::vector<OrderUpdateReport> orders;
  std::vector<AccountUpdateReport> accounts;
  std::vector<MarkPriceReport> marks;
  std::vector<AlgoUpdateReport> algos;
  void on_order_update(const OrderUpdateReport& r) noexcept override { orders.push_back(r); }
  void on_algo_update(const AlgoUpdateReport& r) noexcept override { algos.push_back(r); }
  void on_account_update(const AccountUpdateReport& r) noexcept override { accounts.push_back(r); }
  void on_mark_price(const MarkPriceReport& r) noexcept override { marks.push_back(r); }
  void clear() { orders.clear(); accounts.clear(); marks.clear(); algos.clear(); }
  /// Execution types of the recorded order updates, in order ("NEW,TRADE,EXPIRED").
  std::string exec_trace() const {
    std::string s;
    for (const auto& o : orders) {
      if (!s.empty()) s += ',';
      s += to_text(o.exec);
    }
    return s;
  }
  /// Algo states of the recorded ALGO_UPDATEs ("NEW,TRIGGERING,TRIGGERED,FINISHED").
  std::string algo_trace() const {
    std::string s;
    for (const auto& a : algos) {
      if (!s.empty()) s += ',';
      s += to_text(a.order.algo_state);
    }
    return s;
  }
};

/// Builds market events for one symbol with a consistent update-id sequence.
class MarketScript {
 public:
  MarketScript(SimExchange& x, SymbolId sym) : x_(x), sym_(sym) {}

  /// REST snapshot (lastUpdateId L) followed by the bridging diff U <= L <= u, so the
  /// replayed book is synced and holds exactly `bids` / `asks` ({px ticks, qty steps}).
  void book(std::initializer_list<PriceLevel> bids, std::initializer_list<PriceLevel> asks, EpochMs now) {
    u_ += 10;
    depth(bids, asks, DepthUpdate::kSnapshot, u_, u_, 0, now);
    depth({}, {}, 0, u_, u_ + 1, u_ - 1, now);
    ++u_;
  }
  /// A diff with absolute level quantities (0 deletes).
  void diff(std::initializer_list<PriceLevel> bids, std::initializer_list<PriceLevel> asks, EpochMs now) {
    depth(bids, asks, 0, u_ + 1, u_ + 1, u_, now);
    ++u_;
  }
  /// bookTicker newer than the depth book (its u is the book's u + 1; the next diff
  /// carries that u too and then supersedes the ticker).
  void ticker(Price bid, Qty bid_qty, Price ask, Qty ask_qty, EpochMs now) {
    Event e{};
    e.h.type = EventType::BestBidOffer;
    e.h.symbol = sym_;
    e.bbo = BestBidOffer{bid, bid_qty, ask, ask_qty, u_ + 1, now};
    x_.on_market_event(e, now);
  }
  /// Public trade; `seller_aggressor` = Binance `m` (buyer is maker).
  void trade(Price px, Qty qty, bool seller_aggressor, EpochMs now) {
    Event e{};
    e.h.type = EventType::Trade;
    e.h.symbol = sym_;
    e.trade.px = px;
    e.trade.qty = qty;
    e.trade.trade_id = ++trade_id_;
    e.trade.buyer_is_maker = seller_aggressor;
    e.trade.trade_time_ms = now;
    x_.on_market_event(e, now);
  }

 private:
  void depth(std::initializer_list<PriceLevel> bids, std::initializer_list<PriceLevel> asks, std::uint8_t flag,
             std::uint64_t first, std::uint64_t final, std::uint64_t prev, EpochMs now) {
    REQUIRE(bids.size() + asks.size() <= static_cast<std::size_t>(DepthUpdate::kMaxLevels));
    Event e{};
    e.h.type = EventType::DepthUpdate;
    e.h.symbol = sym_;
    e.h.flags = static_cast<std::uint8_t>(DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk | flag);
    e.depth.first_update_id = first;
    e.depth.final_update_id = final;
    e.depth.prev_final_id = prev;
    int n = 0;
    for (const PriceLevel& l : bids) e.depth.levels[n++] = l;
    e.depth.n_bids = static_cast<std::uint8_t>(bids.size());
    for (const PriceLevel& l : asks) e.depth.levels[n++] = l;
    e.depth.n_asks = static_cast<std::uint8_t>(asks.size());
    x_.on_market_event(e, now);
  }

  SimExchange& x_;
  SymbolId sym_;
  std::uint64_t u_ = 1000;
  std::uint64_t trade_id_ = 0;
};

/// Prices/quantities of BTCUSDT in ticks (0.10) and steps (0.001).
inline constexpr Price px(double usdt) { return static_cast<Price>(usdt * 10 + 0.5); }
inline constexpr Qty qty(double btc) { return static_cast<Qty>(btc * 1000 + 0.5); }

/// A LIMIT request with the given texts (one-way unless `ps` is set).
inline NewOrderRequest limit(std::string_view side, std::string_view quantity, std::string_view price,
                             std::string_view tif = "GTC", std::string_view cid = {}, std::string_view ps = {}) {
  NewOrderRequest r;
  r.symbol = "BTCUSDT";
  r.side = side;
  r.type = "LIMIT";
  r.quantity = quantity;
  r.price = price;
  r.time_in_force = tif;
  r.new_client_order_id = cid;
  r.position_side = ps;
  return r;
}

inline NewOrderRequest market(std::string_view side, std::string_view quantity, std::string_view ps = {}) {
  NewOrderRequest r;
  r.symbol = "BTCUSDT";
  r.side = side;
  r.type = "MARKET";
  r.quantity = quantity;
  r.position_side = ps;
  return r;
}

/// One simulated venue trading BTCUSDT with real rules, recording every report.
struct SimVenue {
  SymbolTable symbols;
  Recorder rec;
  SymbolId btc = kNoSymbol;
  std::unique_ptr<SimExchange> x;
  std::unique_ptr<MarketScript> m;

  explicit SimVenue(const ExchangeConfig& cfg = ExchangeConfig{}) {
    load_real_symbols(symbols);
    btc = symbols.find(xtb::binance::kVenueId, "BTCUSDT");
    x = std::make_unique<SimExchange>(symbols, cfg, rec, std::vector<SymbolId>{btc});
    m = std::make_unique<MarketScript>(*x, btc);
  }
  /// Bids 60000.0 ×1, 59999.9 ×2, 59999.8 ×3 / asks 60000.1 ×1, 60000.2 ×2, 60000.3 ×3 (BTC).
  void standard_book(EpochMs now = 1000) {
    m->book({{px(60000.0), qty(1)}, {px(59999.9), qty(2)}, {px(59999.8), qty(3)}},
            {{px(60000.1), qty(1)}, {px(60000.2), qty(2)}, {px(60000.3), qty(3)}}, now);
  }
  std::int32_t code(const NewOrderRequest& r, EpochMs now = 2000) {
    return binance_usdm::venue_error(new_order(*x, r, now).error).code;
  }
};

inline ExchangeConfig hedge_config() {
  ExchangeConfig c;
  c.hedge_mode = true;
  return c;
}

}  // namespace xtb::sim::test
