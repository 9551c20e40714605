// live_venue.hpp — Binance USD-M's live side for `xtb run` (venue/live_venue.hpp): the
// credentials and HMAC signer, exchangeInfo and the clock offset at start-up, the order
// encoder and decoder, and the three stages — IngestStage (market + user streams),
// LiveDecodeStage over binance::Decoder, EgressStage (signed REST order entry and the
// session driver: time sync, position mode, listenKey life cycle, depth snapshots).
//
// Venue options (VenueConfig): streams combined|raw|split (market stream paths, default
// combined), trades aggTrade|trade (default aggTrade); anything else is refused
// (std::invalid_argument naming the key).
// Threads: main thread (cold) except the stages' own threads; see venue/live_venue.hpp.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "pipeline/decode/live_decode_stage.hpp"
#include "venue/binance/command_costs.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/encode_command.hpp"
#include "venue/binance/live/account_rest.hpp"
#include "venue/binance/live/egress_stage.hpp"
#include "venue/binance/live/ingest_stage.hpp"
#include "venue/binance/session_signal.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/signer_credentials.hpp"
#include "venue/live_io.hpp"
#include "venue/live_venue.hpp"

namespace xtb::binance {

using UsdmLiveVenueStages = LiveVenueStages<IngestStage, LiveDecodeStage<Decoder, IngestStage, EgressStage>, EgressStage>;

class UsdmLiveVenue final : public UsdmLiveVenueStages {
 public:
  /// Reads the credentials (environment) and checks the venue options. Logs the venue and
  /// the redacted API key through `log`.
  UsdmLiveVenue(const VenueConfig& cfg, VenueLog log);
  ~UsdmLiveVenue() override;

  /// The venue options' problems (streams, trades), for check-config and the constructor.
  static std::vector<VenueOptionIssue> check_options(const VenueConfig& cfg);

  Venue venue_id() const noexcept override { return kVenueId; }
  engine::CommandCosts command_costs() const noexcept override { return usdm_command_costs(); }
  engine::VenueRateLimits rate_limits() const noexcept override { return usdm_documented_limits(); }
  std::uint32_t open_order_lists() const noexcept override { return 2; }  ///< openOrders + openAlgoOrders
  std::string load_symbols(SymbolTable& symbols) override;
  std::size_t reread_symbols(SymbolTable& fresh) override { return fetch_exchange_info(cfg_.rest, fresh); }
  void build(const LiveRings& rings, const SymbolTable& symbols, const std::vector<SymbolId>& traded,
             std::int64_t ingest_io_wait_ns) override;
  ConnRoles roles() const override { return roles_; }
  std::vector<PositionRisk> fetch_positions(const SymbolTable& symbols, const std::vector<SymbolId>& traded) override;

 private:
  static constexpr std::size_t kSignalRing = 16;

  VenueConfig cfg_;
  VenueLog log_;
  MarketStream trades_ = MarketStream::AggTrade;
  PathStyle streams_ = PathStyle::Combined;
  Credentials cred_;
  std::unique_ptr<HmacSha256Signer> signer_;
  std::int64_t offset_ms_ = 0;
  std::vector<EncodeSymbol> enc_;
  std::unique_ptr<OrderEncoder> encoder_;
  std::unique_ptr<Decoder> decoder_;
  SpscRing<SessionSignal> e2i_{kSignalRing}, i2e_{kSignalRing};
  ConnRoles roles_{};
};

}  // namespace xtb::binance
