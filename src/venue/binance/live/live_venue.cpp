// live_venue.cpp — see live_venue.hpp.
#include "venue/binance/live/live_venue.hpp"

#include <stdexcept>

#include "venue/binance/live/account_rest.hpp"
#include "venue/live_io.hpp"

namespace xtb::binance {

std::vector<VenueOptionIssue> UsdmLiveVenue::check_options(const VenueConfig& cfg) {
  std::vector<VenueOptionIssue> out;
  const std::string& s = cfg.streams;
  if (!s.empty() && s != "combined" && s != "raw" && s != "split")
    out.push_back({"streams", "must be combined, raw or split, got '" + s + "'"});
  if (!cfg.trades.empty() && cfg.trades != "aggTrade" && cfg.trades != "trade")
    out.push_back({"trades", "must be aggTrade or trade, got '" + cfg.trades + "'"});
  return out;
}

UsdmLiveVenue::UsdmLiveVenue(const VenueConfig& cfg, VenueLog log) : cfg_(cfg), log_(std::move(log)) {
  if (const std::vector<VenueOptionIssue> bad = check_options(cfg_); !bad.empty())
    throw std::invalid_argument("venue." + bad.front().key + ": " + bad.front().message);
  if (cfg_.streams == "raw") streams_ = PathStyle::Raw;
  if (cfg_.streams == "split") streams_ = PathStyle::Split;
  if (cfg_.trades == "trade") trades_ = MarketStream::Trade;
  std::string note;
  cred_ = load_run_credentials(cfg_, note);
  if (!note.empty()) log_(note);
  signer_ = std::make_unique<HmacSha256Signer>(cred_.secret());
  log_("venue " + cfg_.rest_url + " / " + cfg_.ws_url + ", api key " + redact_api_key(cred_.api_key()));
}

UsdmLiveVenue::~UsdmLiveVenue() { destroy_stages(); }

std::string UsdmLiveVenue::load_symbols(SymbolTable& symbols) {
  offset_ms_ = fetch_time_offset_ms(cfg_.rest);
  const std::size_t n = fetch_exchange_info(cfg_.rest, symbols);
  enc_.resize(symbols.size());
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const SymbolId id = static_cast<SymbolId>(i);
    const SymbolRules& r = symbols.rules(id);
    if (!make_encode_symbol(symbols.name(id), r.price, r.qty, enc_[i])) enc_[i] = EncodeSymbol{};
  }
  encoder_ = std::make_unique<OrderEncoder>(EncoderConfig{}, *signer_, enc_);
  decoder_ = std::make_unique<Decoder>(symbols);
  return "exchangeInfo: " + std::to_string(n) + " symbols; clock offset " + std::to_string(offset_ms_) + " ms";
}

void UsdmLiveVenue::build(const LiveRings& rings, const SymbolTable& symbols, const std::vector<SymbolId>& traded,
                          std::int64_t ingest_io_wait_ns) {
  if (!decoder_) throw std::logic_error("UsdmLiveVenue::build before load_symbols");
  std::vector<std::string> names;
  for (const SymbolId id : traded) names.emplace_back(symbols.name(id));
  IngestConfig ic;
  ic.endpoint = cfg_.ws;
  ic.io_wait_ns = ingest_io_wait_ns;
  const MarketStream kinds[] = {MarketStream::BookTicker, trades_, MarketStream::MarkPrice1s};
  std::string err;
  ic.market = make_market_specs(plan_market_connections(names, kinds, streams_), LiveTags::kFirstMarket, &err);
  if (ic.market.empty()) throw std::runtime_error("market streams: " + err);
  ic.feed.backoff = cfg_.ws_backoff;  // global.ws.reconnect (seed 002)
  ic.user_stream = true;
  ic.user_tag = LiveTags::kUser;
  ingest_ = std::make_unique<IngestStage>(ic, rings.market, rings.market_pool, &e2i_, &i2e_);

  EgressConfig ec;
  ec.endpoint = cfg_.rest;
  ec.connections = cfg_.connections;
  ec.first_tag = LiveTags::kFirstOrder;
  ec.reconcile_tag = LiveTags::kReconcile;
  ec.local_tag = LiveTags::kLocal;
  egress_ = std::make_unique<EgressStage>(ec, EgressVenue{*encoder_, *signer_, cred_.api_key(), enc_},
                                          EgressStage::Rings{rings.commands, rings.answers, rings.answer_pool, &e2i_, &i2e_, nullptr});
  decode_ = std::make_unique<DecodeStageT>(DecodeStageT::Input{rings.market, rings.market_pool},
                                     DecodeStageT::Input{rings.answers, rings.answer_pool}, rings.events, *decoder_, *ingest_,
                                     *egress_);
  roles_ = live_roles(ic.market.size(), ec.connections);
  attach_doorbells(rings);
}

std::vector<PositionRisk> UsdmLiveVenue::fetch_positions(const SymbolTable& symbols, const std::vector<SymbolId>& traded) {
  return fetch_position_risk(cfg_.rest, cred_, *signer_, offset_ms_, symbols, traded);
}

}  // namespace xtb::binance
