// live_venue.cpp — see live_venue.hpp.
#include "venue/backpack/live/live_venue.hpp"

#include <charconv>

#include <stdexcept>

#include "core/clock.hpp"
#include "venue/backpack/live/account_rest.hpp"
#include "venue/backpack/live/stream_plan.hpp"
#include "venue/live_io.hpp"

namespace xtb::backpack {

std::vector<VenueOptionIssue> BackpackLiveVenue::check_options(const VenueConfig& cfg) {
  std::vector<VenueOptionIssue> out;
  if (!cfg.streams.empty())
    out.push_back({"streams", "Backpack has one WebSocket path; leave it unset, got '" + cfg.streams + "'"});
  if (!cfg.trades.empty() && cfg.trades != "trade")
    out.push_back({"trades", "Backpack has only the trade stream ('trade'), got '" + cfg.trades + "'"});
  if (cfg.connections == 0 || cfg.connections > LiveTags::kMaxOrderConns)
    out.push_back({"connections", "must be 1.." + std::to_string(LiveTags::kMaxOrderConns) + ", got " +
                                      std::to_string(cfg.connections)});
  if (cfg.rest_url.find("binance") != std::string::npos)
    out.push_back({"rest_url", "points at Binance ('" + cfg.rest_url + "'); Backpack's is https://api.backpack.exchange"});
  if (cfg.ws_url.find("binance") != std::string::npos)
    out.push_back({"ws_url", "points at Binance ('" + cfg.ws_url + "'); Backpack's is wss://ws.backpack.exchange"});
  return out;
}

BackpackLiveVenue::BackpackLiveVenue(const VenueConfig& cfg, VenueLog log) : cfg_(cfg), log_(std::move(log)) {
  if (const std::vector<VenueOptionIssue> bad = check_options(cfg_); !bad.empty())
    throw std::invalid_argument("venue." + bad.front().key + ": " + bad.front().message);
  std::string note, ignored;
  load_signer(cfg_, main_signer_, note);
  load_signer(cfg_, ingest_signer_, ignored);
  load_signer(cfg_, egress_signer_, ignored);
  start_ms_ = Clock::wall_ns() / 1'000'000;
  log_("venue backpack " + cfg_.rest_url + " / " + cfg_.ws_url + ", " + note);
}

BackpackLiveVenue::~BackpackLiveVenue() { destroy_stages(); }

std::string BackpackLiveVenue::load_symbols(SymbolTable& symbols) {
  std::string why, clock = "clock offset ";
  if (fetch_time_offset_ms(cfg_.rest, offset_ms_, why)) clock += std::to_string(offset_ms_) + " ms";
  else clock += "unknown (" + why + "): local clock used";
  const std::size_t n = fetch_markets(cfg_.rest, symbols);
  egress_enc_ = std::make_unique<RequestEncoder>(egress_signer_, symbols, egress_ids_);
  ingest_enc_ = std::make_unique<RequestEncoder>(ingest_signer_, symbols, no_ids_);
  decoder_ = std::make_unique<LiveDecoder>(symbols, start_ms_, &depth_requests_);
  return "markets: " + std::to_string(n) + " perpetuals; " + clock;
}

std::size_t BackpackLiveVenue::reread_symbols(SymbolTable& fresh) { return fetch_markets(cfg_.rest, fresh); }

void BackpackLiveVenue::build(const LiveRings& rings, const SymbolTable& symbols, const std::vector<SymbolId>& traded,
                              std::int64_t ingest_io_wait_ns) {
  if (!decoder_) throw std::logic_error("BackpackLiveVenue::build before load_symbols");
  std::vector<std::string> names;
  for (const SymbolId id : traded) names.emplace_back(symbols.name(id));
  roles_ = live_roles(cfg_.connections);
  IngestConfig ic;
  ic.endpoint = cfg_.ws;
  ic.public_streams = public_streams(names);
  ic.market_tag = LiveTags::kMarket;
  ic.user_tag = LiveTags::kUser;
  ic.venue_offset_ms = offset_ms_;
  ic.backoff = cfg_.ws_backoff;
  ic.io_wait_ns = ingest_io_wait_ns;
  ingest_ = std::make_unique<IngestStage>(ic, rings.market, rings.market_pool, ingest_enc_.get(), &market_opens_);

  EgressConfig ec;
  ec.endpoint = cfg_.rest;
  ec.connections = cfg_.connections;
  ec.first_tag = LiveTags::kFirstOrder;
  ec.reconcile_tag = LiveTags::kReconcile;
  ec.local_tag = LiveTags::kLocal;
  ec.depth_tag = LiveTags::kDepth;
  ec.venue_offset_ms = offset_ms_;
  ec.start_ms = start_ms_;
  ec.depth_symbols = traded;
  egress_ = std::make_unique<EgressStage>(ec, EgressVenue{*egress_enc_, egress_ids_, symbols},
                                          EgressStage::Rings{rings.commands, rings.answers, rings.answer_pool, &market_opens_,
                                                             &depth_requests_});
  decode_ = std::make_unique<DecodeStageT>(DecodeStageT::Input{rings.market, rings.market_pool},
                                     DecodeStageT::Input{rings.answers, rings.answer_pool}, rings.events, *decoder_, *ingest_,
                                     *egress_);
  attach_doorbells(rings);
}

std::vector<PositionRisk> BackpackLiveVenue::fetch_positions(const SymbolTable& symbols,
                                                             const std::vector<SymbolId>& traded) {
  return backpack::fetch_positions(cfg_.rest, main_signer_, offset_ms_, symbols, traded);
}

std::string BackpackLiveVenue::engine_client_id(std::string_view wire) const {
  std::uint32_t n = 0;
  const auto [end, ec] = std::from_chars(wire.data(), wire.data() + wire.size(), n);
  if (ec != std::errc() || end != wire.data() + wire.size()) return std::string(wire);
  ClientOrderId id;
  egress_ids_.from_venue(n, id);  // this start's ids → the engine's text; others → "bp:<u32>"
  return std::string(id.view());
}

}  // namespace xtb::backpack
