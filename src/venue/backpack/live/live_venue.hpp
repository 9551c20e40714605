// live_venue.hpp — Backpack Exchange perpetuals' live side for `xtb run`
// (venue/live_venue.hpp): the Ed25519 credentials (one signer per signing thread), the
// clock offset and the markets at start-up, and the three stages — IngestStage (public
// + private WebSocket streams), LiveDecodeStage over LiveDecoder (backpack::Decoder + the
// client-id binding), EgressStage (signed REST order entry + depth snapshots).
// Docs: https://docs.backpack.exchange (REST https://api.backpack.exchange, WS
// wss://ws.backpack.exchange).
//
// Venue options (VenueConfig): `streams` has no meaning here (one WebSocket path) and must
// be empty; `trades` may be "" or "trade" (Backpack has no aggregated-trade stream);
// `connections` 1..10; a rest_url / ws_url that points at Binance is refused (the
// VenueConfig defaults are Binance's: set https://api.backpack.exchange and
// wss://ws.backpack.exchange). Refusals: std::invalid_argument naming the key.
// Credentials: XTB_BACKPACK_API_SECRET (+ optional XTB_BACKPACK_API_KEY), account_rest.hpp.
// Threads: main thread (cold) except the stages' own threads; see venue/live_venue.hpp.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/decode/live_decode_stage.hpp"
#include "venue/backpack/client_id.hpp"
#include "venue/backpack/command_costs.hpp"
#include "venue/backpack/encode_request.hpp"
#include "venue/backpack/live/egress_stage.hpp"
#include "venue/backpack/live/ingest_stage.hpp"
#include "venue/backpack/live/live_decoder.hpp"
#include "venue/backpack/signer.hpp"
#include "venue/backpack/venue_id.hpp"
#include "venue/live_io.hpp"
#include "venue/live_venue.hpp"

namespace xtb::backpack {

using BackpackLiveVenueStages = LiveVenueStages<IngestStage, LiveDecodeStage<LiveDecoder, IngestStage, EgressStage>, EgressStage>;

class BackpackLiveVenue final : public BackpackLiveVenueStages {
 public:
  /// Checks the options and loads the credentials (environment). Logs the endpoints and
  /// the redacted public key through `log`.
  BackpackLiveVenue(const VenueConfig& cfg, VenueLog log);
  ~BackpackLiveVenue() override;

  /// The venue options' problems, for check-config and the constructor.
  static std::vector<VenueOptionIssue> check_options(const VenueConfig& cfg);

  Venue venue_id() const noexcept override { return kVenueId; }
  engine::CommandCosts command_costs() const noexcept override { return backpack::command_costs(); }
  engine::VenueRateLimits rate_limits() const noexcept override { return backpack::default_limits(); }
  /// Backpack's numeric clientId → this start's engine id (client_id.hpp), else "bp:<u32>".
  std::string engine_client_id(std::string_view wire) const override;
  std::string load_symbols(SymbolTable& symbols) override;
  std::size_t reread_symbols(SymbolTable& fresh) override;
  void build(const LiveRings& rings, const SymbolTable& symbols, const std::vector<SymbolId>& traded,
             std::int64_t ingest_io_wait_ns) override;
  ConnRoles roles() const override { return roles_; }
  std::vector<PositionRisk> fetch_positions(const SymbolTable& symbols, const std::vector<SymbolId>& traded) override;

 private:

  VenueConfig cfg_;
  VenueLog log_;
  std::int64_t start_ms_ = 0;      ///< client-id base for this start (client_id.hpp)
  std::int64_t offset_ms_ = 0;     ///< venue − local wall clock
  Ed25519Signer main_signer_, ingest_signer_, egress_signer_;  ///< one per signing thread
  ClientIdMap egress_ids_, no_ids_;
  std::unique_ptr<RequestEncoder> egress_enc_, ingest_enc_;
  std::unique_ptr<LiveDecoder> decoder_;
  std::atomic<std::uint64_t> market_opens_{0};    ///< ingest → egress: fetch depth snapshots
  std::atomic<std::uint64_t> depth_requests_{0};  ///< decode → egress: a depth chain broke
  ConnRoles roles_{};
};

}  // namespace xtb::backpack
