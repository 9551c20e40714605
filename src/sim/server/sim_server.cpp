// sim_server.cpp — see sim_server.hpp: set-up, the event loop, replay pacing, periodic
// work, session reaping and the exit dump. HTTP and WebSocket handling live in
// server_http.cpp and server_ws.cpp.
#include "sim/server/sim_server.hpp"

#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/clock.hpp"
#include "net/uring/socket_util.hpp"
#include "sim/exchange/state_dump.hpp"
#include "sim/server/server_files.hpp"
#include "venue/binance/exchange_info.hpp"

#ifndef XTB_DEFAULT_EXCHANGE_INFO
#define XTB_DEFAULT_EXCHANGE_INFO ""
#endif

namespace xtb::sim::server {
namespace {

constexpr std::int64_t kTickNs = 20'000'000;             // periodic work every 20 ms
constexpr std::size_t kRecordsPerPump = 512;             // keeps REST answers flowing at speed 0
constexpr std::size_t kCongestedOut = 64 * 1024;         // session buffer bytes = back-pressure
constexpr std::uint32_t kCongestedSocket = 192 * 1024;   // socket queue bytes = back-pressure
constexpr std::int64_t kSlowConsumerNs = 10'000'000'000; // then the venue drops the consumer
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

EpochMs SimServer::now_ms() noexcept { return Clock::wall_ns() / 1'000'000; }

SimServer::SimServer(const ServerOptions& opt)
    : opt_(opt),
      auth_(opt.api_key, opt.api_secret),
      ws_json_(new char[kWsJsonBytes + simdjson::SIMDJSON_PADDING]),
      ws_reply_(new char[kWsJsonBytes]),
      ws_parser_(kWsJsonBytes) {
  start_ms_ = now_ms();
  load_exchange_info();
  if (!opt_.account_path.empty()) xcfg_ = load_exchange_config(opt_.account_path);
  replay_ = std::make_unique<MarketReplay>(opt_.capture_path, opt_.snapshots_path, symbols_, hub_, opt_.speed,
                                           opt_.max_gap_ms * 1'000'000);
  if (const std::string skipped = replay_->skipped_text(); !skipped.empty())  // K3/K5: said, not silent
    std::fprintf(stderr, "xtb-sim: capture: %s\n", skipped.c_str());
  choose_markets();
  if (!opt_.faults_path.empty())
    for (const FaultSpec& f : load_fault_file(opt_.faults_path))
      if (!faults_.add(f, start_ms_))
        throw std::runtime_error("fault file " + opt_.faults_path + ": more than " +
                                 std::to_string(FaultInjector::kMaxArmed) + " faults");
  user_ = std::make_unique<UserStream>(symbols_, xcfg_.asset, faults_, *this, opt_.listen_key_validity_ms,
                                       opt_.max_sessions);
  exchange_ = std::make_unique<SimExchange>(symbols_, xcfg_, *user_, markets_);
  rest_ = std::make_unique<RestApi>(*exchange_, *user_, exchange_info_json_);
  if (opt_.weight_limit) limits_.weight_1m = opt_.weight_limit;
  if (opt_.orders_10s_limit) limits_.orders_10s = opt_.orders_10s_limit;
  if (opt_.orders_1m_limit) limits_.orders_1m = opt_.orders_1m_limit;
  limits_.ban_after = opt_.ban_after;
  limits_.ban_seconds = opt_.ban_seconds;
  rate_ = std::make_unique<RateLimitBook>(limits_);
  start_listener();  // bind first: an instance that cannot listen writes no file (D18/H5)
  start_tls();
  if (!opt_.dump_path.empty()) check_dump_path(opt_.dump_path);  // S6: at start-up, not at exit
}

SimServer::~SimServer() {
  if (listen_fd_ >= 0 && listener_ == net::kInvalidConn) ::close(listen_fd_);
}

void SimServer::load_exchange_info() {
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

void SimServer::choose_markets() {
  const std::vector<std::string>& seen = replay_->symbols_seen();
  for (const std::string& n : opt_.symbols) {  // S3: a market with no data is a mistake, not a venue
    if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
    std::string have;
    for (const std::string& h : seen) have += (have.empty() ? "" : ", ") + h;
    throw std::runtime_error("--symbol " + n + ": the capture has no stream of it (its symbols: " +
                             (have.empty() ? std::string("none") : have) + ")");
  }
  std::vector<std::string> names = opt_.symbols.empty() ? seen : opt_.symbols;
  mark_topic_.assign(symbols_.size(), kNoTopic);
  std::string missing;
  for (const std::string& n : names) {
    const SymbolId s = symbols_.find(n);
    if (s == kNoSymbol) {
      missing += " " + n;
      continue;
    }
    markets_.push_back(s);
    mark_topic_[s] = hub_.add_topic(lower(n) + "@markPrice@1s", StreamHub::Kind::Mark);
  }
  if (!missing.empty()) std::fprintf(stderr, "xtb-sim: not in exchangeInfo, not simulated:%s\n", missing.c_str());
  if (markets_.empty()) throw std::runtime_error("no capture symbol is in the exchangeInfo (use --exchange-info)");
}

void SimServer::start_tls() {
  ServerCert c = prepare_server_cert(opt_.cert_dir.empty() ? default_cert_dir() : opt_.cert_dir);
  cert_path_ = std::move(c.cert_path);
  key_path_ = std::move(c.key_path);
  tls_ = std::move(c.tls);
  cert_reused_ = c.reused;
}

void SimServer::start_listener() {
  listen_fd_ = net::make_listen_socket(net::ipv4("127.0.0.1", opt_.port), 128);
  if (listen_fd_ < 0)
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(opt_.port) + ": " +
                             std::string(std::strerror(-listen_fd_)));
  port_ = net::local_port(listen_fd_);
}

std::string SimServer::ready_line() const {
  const std::string hp = "127.0.0.1:" + std::to_string(port_);
  return "ready rest=https://" + hp + " ws=wss://" + hp + " cert=" + cert_path_;
}

// ---- the loop ------------------------------------------------------------------------

int SimServer::run() {
  net::LoopConfig lc;
  // + 1 overflow session (answers 503, server_admission.cpp) + lingering closes
  lc.max_conns = static_cast<std::uint32_t>(2 * (opt_.max_sessions + 1) + 8);
  lc.max_timers = static_cast<std::uint32_t>(opt_.max_sessions + 1 + 8);
  std::string error;
  loop_ = net::EventLoop::create(lc, &error);
  if (!loop_) {
    std::fprintf(stderr, "xtb-sim: event loop: %s\n", error.c_str());
    return 1;
  }
  SessionConfig sc;
  sc.header_timeout_ns = opt_.header_timeout_ms * 1'000'000;
  sc.http_idle_timeout_ns = opt_.http_idle_timeout_ms * 1'000'000;
  for (std::size_t i = 0; i <= opt_.max_sessions; ++i)  // the last one is the overflow session
    sessions_.push_back(std::make_unique<ServerSession>(*loop_, *tls_, static_cast<std::uint16_t>(i), *this, sc));
  listener_ = loop_->listen(listen_fd_, *this);
  if (listener_ == net::kInvalidConn) {
    std::fprintf(stderr, "xtb-sim: cannot watch the listening socket\n");
    return 1;
  }
  if (!opt_.hold) replay_->start(Clock::monotonic_ns());
  while (!stop_.load(std::memory_order_relaxed)) {
    std::int64_t now = Clock::monotonic_ns();
    pump_replay(now);
    if (now >= next_tick_ns_) {
      tick(now);
      next_tick_ns_ = now + kTickNs;
    }
    reap_sessions();
    now = Clock::monotonic_ns();
    std::int64_t wait = next_tick_ns_ - now;
    const std::int64_t due = replay_->next_due_ns();
    if (due != INT64_MAX && congested_since_ns_ == 0) wait = std::min(wait, due - now);
    loop_->poll(wait > 0 ? wait : 0);
    reap_sessions();
  }
  stop_sessions();
  return 0;
}

void SimServer::stop_sessions() {
  for (auto& s : sessions_)
    if (!s->is_free()) s->request_close(false);
  reap_sessions();
  // Let close frames / close_notify leave (close_after_send lingers at most 1 s).
  const std::int64_t until = Clock::monotonic_ns() + 200'000'000;
  while (Clock::monotonic_ns() < until) loop_->poll(10'000'000);
  loop_->close(listener_);
  listener_ = net::kInvalidConn;
  listen_fd_ = -1;
}

bool SimServer::subscribers_congested(std::int64_t mono_ns) {
  bool congested = false;
  for (auto& s : sessions_) {
    if (s->mode() != ServerSession::Mode::Ws || s->closing()) continue;
    if (s->backlog() > kCongestedOut + kCongestedSocket) congested = true;
  }
  if (!congested) {
    congested_since_ns_ = 0;
    return false;
  }
  if (congested_since_ns_ == 0) congested_since_ns_ = mono_ns;
  if (mono_ns - congested_since_ns_ > kSlowConsumerNs) {
    for (auto& s : sessions_)
      if (s->mode() == ServerSession::Mode::Ws && !s->closing() && s->backlog() > kCongestedOut + kCongestedSocket) {
        std::fprintf(stderr, "xtb-sim: closing slow consumer (session %u, %zu bytes queued)\n", s->index(),
                     s->backlog());
        s->request_close(true);
      }
    congested_since_ns_ = 0;
  }
  return true;
}

void SimServer::pump_replay(std::int64_t mono_ns) {
  if (!replay_->started()) return;
  if (replay_->done()) {
    if (!replay_done_logged_) {
      replay_done_logged_ = true;
      std::fprintf(stderr, "replay: done records=%zu sent=%llu decode_errors=%llu time_jumps=%llu\n", replay_->size(),
                   static_cast<unsigned long long>(stats_.messages_sent),
                   static_cast<unsigned long long>(replay_->decode_errors()),
                   static_cast<unsigned long long>(replay_->time_jumps()));
    }
    return;
  }
  if (subscribers_congested(mono_ns)) {
    ++stats_.replay_stalls;
    return;
  }
  const EpochMs now = now_ms();
  for (std::size_t n = 0; n < kRecordsPerPump; ++n) {
    const ReplayItem* it = replay_->due(mono_ns);
    if (it == nullptr) break;
    const Event* ev = nullptr;
    std::size_t count = 0;
    replay_->decode(*it, ev, count);
    for (std::size_t i = 0; i < count; ++i) exchange_->on_market_event(ev[i], now);  // book first, then subscribers
    if (it->topic != kNoTopic) stats_.messages_sent += hub_.publish(it->topic, it->json, it->data);
    replay_->advance();
    ++stats_.replayed;
    if ((n & 63) == 63 && subscribers_congested(mono_ns)) break;
  }
  serve_parked();
}

void SimServer::tick(std::int64_t mono_ns) {
  const EpochMs now = now_ms();
  exchange_->advance_time(now);
  user_->tick(now);
  run_fault_actions(now);
  for (auto& s : sessions_)
    if (!s->is_free()) s->tick(mono_ns);
  serve_parked();
  log_refusals(mono_ns, false);
}

void SimServer::run_fault_actions(EpochMs now) {
  for (const FaultSpec& f : faults_.take_due_actions(now)) {
    if (f.type == FaultType::ExpireListenKey) user_->expire_now(now);
    else kill_sessions(f.target);
  }
}

void SimServer::kill_sessions(FaultTarget target) {
  std::size_t n = 0;
  for (auto& s : sessions_) {
    if (s->is_free() || s->closing()) continue;
    const bool ws = s->mode() == ServerSession::Mode::Ws;
    const bool match = target == FaultTarget::All || (target == FaultTarget::Rest && !ws) ||
                       (target == FaultTarget::User && ws && s->user_bound()) ||
                       (target == FaultTarget::Market && ws && !s->user_bound());
    if (!match) continue;
    s->request_close(true);
    ++n;
  }
  stats_.killed_connections += n;
  std::fprintf(stderr, "fault: kill_connections target=%s killed=%zu\n", to_string(target), n);
}

void SimServer::reap_sessions() {
  for (auto& s : sessions_) {
    if (!s->reap()) continue;
    drop_session_links(*s);
    s->release();
  }
}

void SimServer::on_mark(const MarkPriceReport& r, std::string_view json) noexcept {
  if (r.symbol < mark_topic_.size() && mark_topic_[r.symbol] != kNoTopic)
    stats_.messages_sent += hub_.publish(mark_topic_[r.symbol], {}, json);
}

bool SimServer::write_dump(const std::string& path) const {
  std::string out = "{\"ledger\":" + exchange_->ledger().to_json(symbols_) + ",\"state\":" + dump_state_json(*exchange_);
  char tail[1024];
  std::snprintf(tail, sizeof tail,
                ",\"server\":{\"replayed\":%llu,\"records\":%zu,\"messagesSent\":%llu,\"httpRequests\":%llu,"
                "\"wsConnections\":%llu,\"userEventsSent\":%llu,\"userEventsDropped\":%llu,\"faultsFired\":%llu,"
                "\"http429\":%llu,\"http418\":%llu,\"badSignatures\":%llu}}\n",
                static_cast<unsigned long long>(stats_.replayed), replay_->size(),
                static_cast<unsigned long long>(stats_.messages_sent),
                static_cast<unsigned long long>(stats_.http_requests),
                static_cast<unsigned long long>(stats_.ws_connections),
                static_cast<unsigned long long>(user_->events_sent()),
                static_cast<unsigned long long>(user_->events_dropped()),
                static_cast<unsigned long long>(faults_.fired()), static_cast<unsigned long long>(rate_->count_429()),
                static_cast<unsigned long long>(rate_->count_418()),
                static_cast<unsigned long long>(auth_.bad_signatures()));
  out += tail;
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << out;
  return static_cast<bool>(f);
}

}  // namespace xtb::sim::server
