// usdm_face.cpp — see usdm_face.hpp: set-up (exchangeInfo, account, capture, markets,
// faults), the mark-price topics, fault actions, counters and the state dump.
#include "venue/binance/sim/usdm_face.hpp"
#include "venue/binance/venue_id.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "sim/capture.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/sim/state_dump.hpp"

#ifndef XTB_DEFAULT_EXCHANGE_INFO
#define XTB_DEFAULT_EXCHANGE_INFO ""
#endif

namespace xtb::sim::binance_usdm {
namespace {

constexpr std::size_t kWsJsonBytes = 64 * 1024;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open exchangeInfo file '" + path + "': " + std::strerror(errno));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// exchangeInfo `rateLimits` (REQUEST_WEIGHT 1 MINUTE, ORDERS 10 SECOND / 1 MINUTE).
void read_rate_limits(const std::string& json, RateLimits& lim) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  simdjson::dom::array list;
  if (p.parse(json).get(doc) || doc["rateLimits"].get_array().get(list)) return;
  for (simdjson::dom::element e : list) {
    std::string_view type, interval;
    std::int64_t num = 0, limit = 0;
    if (e["rateLimitType"].get(type) || e["interval"].get(interval) || e["intervalNum"].get(num) ||
        e["limit"].get(limit) || limit <= 0)
      continue;
    if (type == "REQUEST_WEIGHT" && interval == "MINUTE" && num == 1) lim.weight_1m = static_cast<std::uint32_t>(limit);
    if (type == "ORDERS" && interval == "SECOND" && num == 10) lim.orders_10s = static_cast<std::uint32_t>(limit);
    if (type == "ORDERS" && interval == "MINUTE" && num == 1) lim.orders_1m = static_cast<std::uint32_t>(limit);
  }
}

}  // namespace

std::unique_ptr<server::VenueFace> make_face(const server::FaceContext& ctx) { return std::make_unique<UsdmFace>(ctx); }

UsdmFace::UsdmFace(const server::FaceContext& ctx)
    : opt_(ctx.opt),
      hub_(ctx.hub),
      faults_(ctx.faults),
      host_(ctx.host),
      auth_(ctx.opt.api_key, ctx.opt.api_secret),
      ws_json_(new char[kWsJsonBytes + simdjson::SIMDJSON_PADDING]),
      ws_reply_(new char[kWsJsonBytes]),
      ws_parser_(kWsJsonBytes) {
  hub_.set_alias_rule(&stream_alias);  // before MarketReplay registers the recorded streams
  load_exchange_info();
  if (!opt_.account_path.empty()) xcfg_ = load_exchange_config(opt_.account_path);
  replay_ = std::make_unique<MarketReplay>(opt_.capture_path, opt_.snapshots_path, symbols_, hub_, opt_.speed,
                                           opt_.max_gap_ms * 1'000'000);
  if (const std::string skipped = replay_->skipped_text(); !skipped.empty())  // K3/K5: said, not silent
    std::fprintf(stderr, "xtb-sim: capture: %s\n", skipped.c_str());
  choose_markets();
  arm_fault_file(opt_.faults_path, faults_, ctx.start_ms);
  user_ = std::make_unique<UserStream>(symbols_, xcfg_.asset, faults_, *this, opt_.listen_key_validity_ms,
                                       opt_.max_sessions);
  exchange_ = std::make_unique<sim::SimExchange>(symbols_, xcfg_, *user_, markets_);
  rest_ = std::make_unique<RestApi>(*exchange_, *user_, exchange_info_json_);
  if (opt_.weight_limit) limits_.weight_1m = opt_.weight_limit;
  if (opt_.orders_10s_limit) limits_.orders_10s = opt_.orders_10s_limit;
  if (opt_.orders_1m_limit) limits_.orders_1m = opt_.orders_1m_limit;
  limits_.ban_after = opt_.ban_after;
  limits_.ban_seconds = opt_.ban_seconds;
  rate_ = std::make_unique<RateLimitBook>(limits_);
}

UsdmFace::~UsdmFace() = default;

void UsdmFace::load_exchange_info() {
  const std::string path = opt_.exchange_info_path.empty() ? XTB_DEFAULT_EXCHANGE_INFO : opt_.exchange_info_path;
  if (path.empty()) throw std::runtime_error("no exchangeInfo file (--exchange-info)");
  std::string text = read_text(path);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') {
    // cryptofeed REST capture: `<url> -> <unix_s>: <json>` — take the first record.
    try {
      const Capture cap = Capture::load(path, CaptureFormat::CryptofeedHttp);
      text = std::string(cap.json(0));
    } catch (const CaptureError&) {  // S5: say what the file should have been, not "capture ..."
      throw std::runtime_error("exchangeInfo file '" + path +
                               "' is not a JSON object nor a cryptofeed REST capture of one");
    }
  }
  const binance::ExchangeInfoResult r = binance::load_exchange_info(text, symbols_);
  if (!r.ok()) throw std::runtime_error("exchangeInfo '" + path + "': " + r.error);
  read_rate_limits(text, limits_);
  exchange_info_json_ = std::move(text);
}

void UsdmFace::choose_markets() {
  const std::vector<std::string>& seen = replay_->symbols_seen();
  for (const std::string& n : opt_.symbols) {  // S3: a market with no data is a mistake, not a venue
    if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
    std::string have;
    for (const std::string& h : seen) have += (have.empty() ? "" : ", ") + h;
    throw std::runtime_error("--symbol " + n + ": the capture has no stream of it (its symbols: " +
                             (have.empty() ? std::string("none") : have) + ")");
  }
  std::vector<std::string> names = opt_.symbols.empty() ? seen : opt_.symbols;
  mark_topic_.assign(symbols_.size(), server::kNoTopic);
  std::string missing;
  for (const std::string& n : names) {
    const SymbolId s = symbols_.find(xtb::binance::kVenueId, n);
    if (s == kNoSymbol) {
      missing += " " + n;
      continue;
    }
    markets_.push_back(s);
    mark_topic_[s] = hub_.add_topic(lower(n) + "@markPrice@1s", server::StreamHub::Kind::Mark);
  }
  if (!missing.empty()) std::fprintf(stderr, "xtb-sim: not in exchangeInfo, not simulated:%s\n", missing.c_str());
  if (markets_.empty()) throw std::runtime_error("no capture symbol is in the exchangeInfo (use --exchange-info)");
}

void UsdmFace::on_mark(const MarkPriceReport& r, std::string_view json) noexcept {
  if (r.symbol < mark_topic_.size() && mark_topic_[r.symbol] != server::kNoTopic)
    host_.publish(mark_topic_[r.symbol], {}, json);
}

bool UsdmFace::on_fault_action(const FaultSpec& f, EpochMs now) noexcept {
  if (f.type != FaultType::ExpireListenKey) return false;
  user_->expire_now(now);
  return true;
}

server::FaceCounters UsdmFace::counters() const noexcept {
  server::FaceCounters c;
  c.user_events_sent = user_->events_sent();
  c.user_events_dropped = user_->events_dropped();
  c.http_429 = rate_->count_429();
  c.http_418 = rate_->count_418();
  c.bad_signatures = auth_.bad_signatures();
  c.user_stream_active = !user_->active_key().empty();
  return c;
}

std::string UsdmFace::state_json() const { return dump_state_json(*exchange_); }

}  // namespace xtb::sim::binance_usdm
