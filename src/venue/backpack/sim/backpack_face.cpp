// backpack_face.cpp — see backpack_face.hpp: set-up (markets, account, capture, topics,
// faults), session bookkeeping, counters and the state dump.
#include "venue/backpack/sim/backpack_face.hpp"

#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "venue/backpack/markets.hpp"
#include "venue/backpack/sim/default_markets.hpp"
#include "venue/backpack/sim/state_dump.hpp"
#include "venue/backpack/venue_id.hpp"

namespace xtb::sim::backpack_sim {
namespace {

// "BTC_USDC_PERP" → "BTCUSDT": the capture symbol a Backpack perpetual is replayed from.
std::string capture_symbol(std::string_view bp) {
  const std::size_t u = bp.find('_');
  return u == std::string_view::npos ? std::string() : std::string(bp.substr(0, u)) + "USDT";
}

}  // namespace

std::unique_ptr<server::VenueFace> make_face(const server::FaceContext& ctx) {
  return std::make_unique<BackpackFace>(ctx);
}

BackpackFace::BackpackFace(const server::FaceContext& ctx)
    : opt_(ctx.opt),
      hub_(ctx.hub),
      faults_(ctx.faults),
      host_(ctx.host),
      reply_(new char[kReplyBytes]),
      event_(new char[kWsBytes]),
      ws_json_(new char[kWsBytes + simdjson::SIMDJSON_PADDING]),
      ws_parser_(kWsBytes) {
  load_markets();
  if (!opt_.account_path.empty()) xcfg_ = load_exchange_config(opt_.account_path);
  xcfg_.venue = backpack::kVenueId;
  // Backpack keeps one net position per market, margined in the market's quote (USDC): an
  // account file that asks for anything else is refused, not silently overridden.
  const std::string margin(symbols_.asset_name(symbols_.rules(sym_).margin_asset));
  if (xcfg_.hedge_mode)
    throw std::runtime_error("account '" + opt_.account_path +
                             "': hedge_mode: true — Backpack keeps one net position per market (remove the key)");
  if (xcfg_.asset != sim::ExchangeConfig{}.asset && xcfg_.asset != margin)
    throw std::runtime_error("account '" + opt_.account_path + "': asset " + xcfg_.asset + " — Backpack's " +
                             std::string(symbols_.name(sym_)) + " is margined in " + margin);
  xcfg_.asset = margin;
  const std::string from = capture_symbol(symbols_.name(sym_));
  replay_ = std::make_unique<MarketReplay>(opt_.capture_path, from, symbols_, sym_, hub_, opt_.speed,
                                           opt_.max_gap_ms * 1'000'000);
  if (!replay_->capture_skipped_text().empty())
    std::fprintf(stderr, "xtb-sim: capture: %s\n", replay_->capture_skipped_text().c_str());
  std::fprintf(stderr,
               "xtb-sim: backpack: %s replayed from the capture's %s (%zu records, %zu without a Backpack form)\n",
               std::string(symbols_.name(sym_)).c_str(), from.c_str(), replay_->size(), replay_->skipped());
  std::fprintf(stderr, "xtb-sim: backpack: account API key %s… (%s)\n",
               std::string(auth_.account_key().substr(0, 8)).c_str(), std::string(auth_.key_source()).c_str());
  set_up_topics();
  arm_fault_file(opt_.faults_path, faults_, ctx.start_ms);
  exchange_ = std::make_unique<SimExchange>(symbols_, xcfg_, *this, std::vector<SymbolId>{sym_});
  private_.assign(opt_.max_sessions + 8, PrivateSub{});
  private_sessions_.reserve(opt_.max_sessions + 8);
  last_position_.assign(symbols_.size(), 0);
}

BackpackFace::~BackpackFace() = default;

void BackpackFace::load_markets() {
  markets_json_ = load_markets_json(opt_.exchange_info_path);
  const backpack::MarketsResult r = backpack::load_markets(markets_json_, symbols_, true);
  if (r.status != DecodeStatus::Ok || r.loaded == 0)
    throw std::runtime_error("markets answer: no perpetual market could be read (--exchange-info)");
  const std::string want = opt_.symbols.empty() ? std::string("BTC_USDC_PERP") : opt_.symbols.front();
  sym_ = symbols_.find(backpack::kVenueId, want);
  if (sym_ == kNoSymbol && opt_.symbols.empty()) sym_ = 0;  // the file's first perpetual
  if (sym_ == kNoSymbol) throw std::runtime_error("--symbol " + want + ": not a perpetual of the markets answer");
  if (opt_.symbols.size() > 1)
    std::fprintf(stderr, "xtb-sim: backpack: one market is simulated (%s); other --symbol values ignored\n",
                 want.c_str());
}

void BackpackFace::set_up_topics() {
  mark_topic_.assign(symbols_.size(), server::kNoTopic);
  mark_topic_[sym_] = hub_.add_topic("markPrice." + std::string(symbols_.name(sym_)), server::StreamHub::Kind::Mark);
}

std::size_t BackpackFace::wrap_stream(char* out, std::size_t cap, std::string_view name,
                                      std::string_view data) noexcept {
  constexpr std::string_view a = "{\"stream\":\"", b = "\",\"data\":";
  const std::size_t n = a.size() + name.size() + b.size() + data.size() + 1;
  if (n > cap) return 0;
  char* p = out;
  for (std::string_view part : {a, name, b, data}) {
    std::memcpy(p, part.data(), part.size());
    p += part.size();
  }
  *p = '}';
  return n;
}

void BackpackFace::on_session_closed(server::ServerSession& s) noexcept {
  if (s.index() < private_.size()) private_[s.index()] = PrivateSub{};
  for (std::size_t i = 0; i < private_sessions_.size(); ++i)
    if (private_sessions_[i] == &s) {
      private_sessions_[i] = private_sessions_.back();
      private_sessions_.pop_back();
      break;
    }
}

server::FaceCounters BackpackFace::counters() const noexcept {
  server::FaceCounters c;
  c.user_events_sent = events_sent_;
  c.bad_signatures = auth_.bad_signatures();
  c.user_stream_active = !private_sessions_.empty();
  return c;
}

std::string BackpackFace::state_json() const { return dump_state_json(*exchange_); }

}  // namespace xtb::sim::backpack_sim
