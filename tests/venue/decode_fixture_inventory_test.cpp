// decode_fixture_inventory_test.cpp — every file under fixtures/ is accounted for: each
// one the engine consumes decodes successfully through the path it would take live (its
// fields are asserted in decode_{market,user,rest}_test.cpp), and every other one (market
// statistics endpoints the engine does not use) is rejected cleanly by both entry points.
// A fixture added later without an entry here fails the test.
#include <filesystem>
#include <map>

#include "decode_test_util.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {

enum class Path { Stream, StreamIgnored, Rest, Aux, NotConsumed };
struct Entry { Path path; RestKind kind; };

std::map<std::string, Entry> inventory() {
  const Entry stream{Path::Stream, {}}, ignored{Path::StreamIgnored, {}}, aux{Path::Aux, {}},
      unused{Path::NotConsumed, {}};
  auto rest = [](RestKind k) { return Entry{Path::Rest, k}; };
  return {
      {"market/agg_trade_stream.json", stream}, {"market/book_ticker_stream.json", stream},
      {"market/depth_update_stream.json", stream}, {"market/kline_stream_closed.json", ignored},
      {"market/kline_stream_open.json", ignored}, {"market/liquidation_stream.json", stream},
      {"market/mark_price_stream.json", stream}, {"market/ticker_stream.json", ignored},
      {"market/trade_stream.json", stream},
      {"user/account_update.json", stream}, {"user/account_update_bnfcr.json", stream},
      {"user/algo_update_canceled.json", stream}, {"user/algo_update_new.json", stream},
      {"user/order_update_adl.json", stream}, {"user/order_update_calculated.json", stream},
      {"user/order_update_calculated_pending.json", stream}, {"user/order_update_delivery.json", stream},
      {"user/order_update_insurance.json", stream}, {"user/order_update_new.json", stream},
      {"user/order_update_settlement.json", stream}, {"user/order_update_trade.json", stream},
      {"user/order_update_trade_partial.json", stream}, {"user/trade_lite.json", stream},
      {"ws/ws_futures_algo_update_finished.json", stream},
      {"ws/ws_futures_algo_update_finished_canceled.json", stream},
      {"ws/ws_futures_algo_update_triggered.json", stream},
      {"ws/ws_futures_algo_update_triggering.json", stream}, {"ws/ws_futures_book_ticker.json", stream},
      {"ws/ws_futures_depth_diff_update.json", stream}, {"ws/ws_futures_depth_update.json", stream},
      {"ws/ws_futures_order_update_adl.json", stream}, {"ws/ws_futures_order_update_adl_filled.json", stream},
      {"ws/ws_futures_order_update_liquidation.json", stream},
      {"ws/ws_futures_order_update_liquidation_zero_qty.json", stream},
      {"ws/ws_futures_order_update_new_limit_if_touched_price_match.json", stream},
      {"ws/ws_futures_order_update_new_price_match.json", stream},
      {"ws/ws_futures_order_update_new_reduce_only_qty.json", stream},
      {"ws/ws_futures_order_update_new_stop_limit_price_match.json", stream},
      {"ws/ws_futures_order_update_settlement.json", stream},
      {"ws/ws_futures_order_update_trade_reduce_only_qty.json", stream},
      {"ws/ws_futures_ticker_24hr.json", ignored}, {"ws/ws_futures_trade_lite.json", stream},
      {"http/account_info_v2.json", rest(RestKind::Account)}, {"http/balance.json", rest(RestKind::Balance)},
      {"http/http_futures_account_orders.json", rest(RestKind::OpenOrders)},
      {"http/http_futures_account_positions_hedge.json", rest(RestKind::PositionRisk)},
      {"http/http_futures_account_positions_one_way.json", rest(RestKind::PositionRisk)},
      {"http/http_futures_market_depth.json", rest(RestKind::DepthSnapshot)},
      {"http/open_algo_orders.json", rest(RestKind::OpenAlgoOrders)},
      {"http/order_response.json", rest(RestKind::Order)},
      {"http/position_risk.json", rest(RestKind::PositionRisk)},
      {"http/http_futures_account_position_side_dual.json", aux},
      {"http/http_futures_market_exchange_info.json", aux},
      {"http/http_futures_wallet_commission_rate_btcusdt.json", aux},
      {"http/http_futures_wallet_commission_rate_btcusdt_quarterly.json", aux},
      {"http/http_futures_wallet_commission_rate_ethusdt.json", aux},
      // Statistics/history endpoints the engine does not call.
      {"http/http_futures_account_symbol_config.json", unused}, {"http/http_futures_account_trades.json", unused},
      {"http/http_futures_market_agg_trades.json", unused}, {"http/http_futures_market_asset_index.json", unused},
      {"http/http_futures_market_blvt_nav_kline.json", unused}, {"http/http_futures_market_book_ticker.json", unused},
      {"http/http_futures_market_continuous_klines.json", unused}, {"http/http_futures_market_funding_rate.json", unused},
      {"http/http_futures_market_global_long_short_account_ratio.json", unused},
      {"http/http_futures_market_historical_trades.json", unused}, {"http/http_futures_market_index_info.json", unused},
      {"http/http_futures_market_index_price_klines.json", unused}, {"http/http_futures_market_klines.json", unused},
      {"http/http_futures_market_mark_price_klines.json", unused}, {"http/http_futures_market_open_interest.json", unused},
      {"http/http_futures_market_open_interest_historical.json", unused},
      {"http/http_futures_market_premium_index.json", unused},
      {"http/http_futures_market_taker_long_short_ratio.json", unused},
      {"http/http_futures_market_ticker_24hr.json", unused}, {"http/http_futures_market_ticker_price.json", unused},
      {"http/http_futures_market_top_long_short_account_ratio.json", unused},
      {"http/http_futures_market_top_long_short_position_ratio.json", unused},
      {"http/http_futures_market_trades.json", unused},
  };
}

}  // namespace

TEST_CASE("every fixture file is decoded or explicitly classified") {
  namespace fs = std::filesystem;
  const fs::path root = data_path("binance-usdm/fixtures");
  const auto inv = inventory();
  SymbolTable table(64, 16);
  add_doc_symbols(table);
  table.add_asset("BNFCR");
  Decoder dec(table, 1 << 16);
  std::size_t seen = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), root).generic_string();
    CAPTURE(rel);
    const auto it = inv.find(rel);
    REQUIRE_MESSAGE(it != inv.end(), ("fixture without an inventory entry: " + rel));
    ++seen;
    const std::string body = read_file(e.path().string());
    switch (it->second.path) {
      case Path::Stream: {
        const Decoded d = decode_stream(dec, body);
        CHECK(d.r.status == DecodeStatus::Ok);
        CHECK(d.ev.size() >= 1);
        break;
      }
      case Path::StreamIgnored:
        CHECK(decode_stream(dec, body).r.status == DecodeStatus::Ignored);
        break;
      case Path::Rest: {
        const Decoded d = decode_rest(dec, body, rest_ctx(it->second.kind, 200, table.find(xtb::binance::kVenueId, "BTCUSDT")));
        CHECK(d.r.status == DecodeStatus::Ok);
        CHECK(d.ev.size() >= 1);
        break;
      }
      case Path::Aux: {
        // Cold-path answers with their own decoders (exchange_info, decode_position_mode,
        // decode_commission_rate); asserted in decode_rest_test / exchange_info_test.
        Padded p(body);
        SymbolId s;
        std::int64_t m, t;
        bool hedge;
        SymbolTable info_table;  // real rules must not replace the doc-example grids
        const bool ok = rel.find("exchange_info") != std::string::npos
                            ? load_exchange_info(body, info_table).ok()
                        : rel.find("side_dual") != std::string::npos
                            ? dec.decode_position_mode(p.data(), p.len, p.capacity(), hedge) == DecodeStatus::Ok
                            : dec.decode_commission_rate(p.data(), p.len, p.capacity(), s, m, t) != DecodeStatus::BadJson;
        CHECK(ok);
        break;
      }
      case Path::NotConsumed: {
        const Decoded st = decode_stream(dec, body);
        CHECK((st.r.status == DecodeStatus::Unsupported || st.r.status == DecodeStatus::WrongType));
        const Decoded rs = decode_rest(dec, body, rest_ctx(RestKind::OpenOrders));
        CHECK_FALSE(rs.r.status == DecodeStatus::BadJson);  // well-formed, merely not ours
        break;
      }
    }
  }
  CHECK(seen == inv.size());
  CHECK(dec.stats().status(DecodeStatus::BadJson) == 0);
}
