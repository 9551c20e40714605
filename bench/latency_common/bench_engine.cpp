// bench_engine.cpp — see bench_engine.hpp.
#include "bench_engine.hpp"

#include <stdexcept>

#include "venue/binance/live/egress_stage.hpp"
#include "venue/binance/live/ingest_stage.hpp"
#include "pipeline/decode/live_decode_stage.hpp"
#include "core/frame_pool.hpp"
#include "core/pipeline_layout.hpp"
#include "core/stage_group_runner.hpp"
#include "market/symbol_table.hpp"
#include "strategy/engine_rules.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/encode_command.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/session_streams.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/venue_id.hpp"

namespace xtb::bench {

namespace {

// Sequence number of "<prefix>-<run>-<seq>" (0 when malformed). Egress thread.
std::uint64_t id_seq(std::string_view id) noexcept {
  const std::size_t dash = id.rfind('-');
  if (dash == std::string_view::npos) return 0;
  std::uint64_t v = 0;
  for (char c : id.substr(dash + 1)) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

struct BenchEngine::Impl {
  using Decode = LiveDecodeStage<binance::Decoder, binance::IngestStage, binance::EgressStage>;

  explicit Impl(const EngineConfig& c) : cfg(c), signer(c.secret) {
    const auto r = binance::load_exchange_info(c.exchange_info_body, symbols);
    if (!r.ok()) throw std::runtime_error("exchangeInfo: " + r.error);
    sym = symbols.find(xtb::binance::kVenueId, c.symbol);
    if (sym == kNoSymbol) throw std::runtime_error("unknown symbol " + c.symbol);
    encode.resize(symbols.size());
    rules = std::make_unique<engine::SymbolRulesTable>(static_cast<std::uint32_t>(symbols.size()));
    for (SymbolId id = 0; id < symbols.size(); ++id) {
      const SymbolRules& sr = symbols.rules(id);
      if (!binance::make_encode_symbol(symbols.name(id), sr.price, sr.qty, encode[id])) encode[id] = {};
      engine::SymbolRules er;
      if (strategy::engine_rules_from(sr, id, er)) rules->set(er);
    }
    risk = std::make_unique<engine::RiskGate>(engine::RiskLimits{}, *rules);
    encoder = std::make_unique<binance::OrderEncoder>(binance::EncoderConfig{}, signer, encode);
    decoder = std::make_unique<binance::Decoder>(symbols);
    build_stages();
  }

  void build_stages() {
    const std::vector<std::string> names{cfg.symbol};
    const binance::MarketStream kinds[] = {binance::MarketStream::BookTicker, binance::MarketStream::Trade};
    binance::IngestConfig ic;
    ic.endpoint = endpoint(cfg.ws_port);
    ic.market = binance::make_market_specs(binance::plan_market_connections(names, kinds, binance::PathStyle::Combined), 1);
    ic.user_stream = false;
    ic.io_wait_ns = ingest_io_wait_ns(cfg.layout, cfg.wait);
    ingest = std::make_unique<binance::IngestStage>(ic, r1, p1);

    binance::EgressConfig ec;
    ec.endpoint = endpoint(cfg.rest_port);
    ec.connections = cfg.connections;
    ec.session.user_stream = false;
    ec.rate.weight_limit_1m = 4'000'000'000u;  // the generator is not Binance: no venue limits
    ec.rate.orders_limit_10s = 4'000'000'000u;
    ec.rate.orders_limit_1m = 4'000'000'000u;
    ec.on_submitted = &Impl::on_submitted;
    ec.on_submitted_ctx = this;
    egress = std::make_unique<binance::EgressStage>(ec, binance::EgressVenue{*encoder, signer, cfg.api_key, encode},
                                           binance::EgressStage::Rings{r3, r4, p4, nullptr, nullptr, nullptr});
    decode = std::make_unique<Decode>(Decode::Input{r1, p1}, Decode::Input{r4, p4}, r2, *decoder, *ingest, *egress);
    ids = std::make_unique<engine::OrderIdAllocator>("xtbbench", "r1");
    typename ThresholdSequencer<Decode>::Config sc;
    sc.symbol = sym;
    sc.threshold = cfg.threshold;
    sc.qty = cfg.qty;
    sequencer = std::make_unique<ThresholdSequencer<Decode>>(sc, r2, r3, *risk, *ids, stamps, *decode);
    r1.attach_doorbell(decode->doorbell());
    r4.attach_doorbell(decode->doorbell());
    r2.attach_doorbell(sequencer->doorbell());
    r3.attach_doorbell(egress->doorbell());
    PipelineLayout pl{cfg.layout, cfg.wait, {cfg.cpus.ingest, cfg.cpus.decode, cfg.cpus.sequencer, cfg.cpus.egress}};
    pl.name_prefix = "b";
    add_pipeline_threads(runner, pl, *ingest, *decode, *sequencer, *egress);
    errors = runner.start();
  }

  live::LiveEndpoint endpoint(std::uint16_t port) const {
    live::LiveEndpoint e;
    e.host = "localhost";
    e.port = port;
    e.connect_address = "127.0.0.1";
    e.ca_file = cfg.ca_file;
    return e;
  }

  static void on_submitted(void* ctx, const OrderCommand& c, TscTicks now) noexcept {
    auto* self = static_cast<Impl*>(ctx);
    if (!self->recording.load(std::memory_order_relaxed) || c.kind != CommandKind::NewOrder || c.cause_rx_tsc == 0) return;
    const TscTicks decided = self->stamps.slots[id_seq(c.client_id.view()) % OrderStamps::kSlots].decided;
    const auto ns = [](TscTicks a, TscTicks b) { return static_cast<std::uint64_t>(b > a ? Clock::to_ns(b - a) : 0); };
    self->res.tick_to_order.record(ns(c.cause_rx_tsc, now));
    if (decided != 0) {
      self->res.to_decision.record(ns(c.cause_rx_tsc, decided));
      self->res.decision_to_r3.record(ns(decided, c.sent_tsc));
    }
    self->res.r3_to_submitted.record(ns(c.sent_tsc, now));
  }

  EngineConfig cfg;
  binance::HmacSha256Signer signer;
  SymbolTable symbols;
  SymbolId sym = kNoSymbol;
  std::vector<binance::EncodeSymbol> encode;
  std::unique_ptr<engine::SymbolRulesTable> rules;
  std::unique_ptr<engine::RiskGate> risk;
  std::unique_ptr<binance::OrderEncoder> encoder;
  std::unique_ptr<binance::Decoder> decoder;
  std::unique_ptr<engine::OrderIdAllocator> ids;
  SpscRing<RawFrame> r1{2048}, r4{256};
  LargeFramePool p1{16, 256 * 1024}, p4{8, 256 * 1024};
  SpscRing<Event> r2{16384};
  SpscRing<OrderCommand> r3{256};
  OrderStamps stamps;
  std::unique_ptr<binance::IngestStage> ingest;
  std::unique_ptr<binance::EgressStage> egress;
  std::unique_ptr<Decode> decode;
  std::unique_ptr<ThresholdSequencer<Decode>> sequencer;
  StageGroupRunner runner;
  std::vector<std::string> errors;
  std::atomic<bool> recording{false};
  bool stopped = false;
  EngineResult res;
};

BenchEngine::BenchEngine(const EngineConfig& cfg) : impl_(std::make_unique<Impl>(cfg)) {}

BenchEngine::~BenchEngine() {
  if (impl_ && !impl_->stopped) (void)stop();
}

bool BenchEngine::ready() const noexcept { return impl_->ingest->all_open() && impl_->egress->ready(); }

std::uint64_t BenchEngine::ingested() const noexcept { return impl_->ingest->stats().messages.get(); }

void BenchEngine::set_recording(bool on) noexcept { impl_->recording.store(on, std::memory_order_relaxed); }

EngineResult BenchEngine::stop() {
  Impl& m = *impl_;
  m.stopped = true;
  m.ingest->request_stop();
  m.egress->request_stop();
  m.runner.join();
  EngineResult out = std::move(m.res);
  out.ingested = m.ingest->stats().messages.get();
  out.ingest_drops = m.ingest->stats().publish_failures.get();
  out.egress_sent = m.egress->stats().sent.get();
  out.egress_local_rejects = m.egress->stats().local_rejects.get();
  out.egress_transport_errors = m.egress->stats().transport_errors.get();
  out.egress_responses = m.egress->stats().responses.get();
  out.seq = m.sequencer->counters();
  out.runner_errors = m.errors;
  return out;
}

}  // namespace xtb::bench
