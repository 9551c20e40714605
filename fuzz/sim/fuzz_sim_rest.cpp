// fuzz_sim_rest.cpp — libFuzzer target: the simulator's whole REST dispatch (SimServer's
// pipeline without the socket: split target → QueryParams → route → weight → security →
// handler → answer) against an in-process SimExchange with a synced BTCUSDT book, fed
// with arbitrary requests. A fresh exchange per input keeps every run reproducible.
//
// Input layout: up to 8 requests separated by '\0'; each is "METHOD TARGET\nBODY" (the
// first line is the request line without the HTTP version; the rest is the form body).
// Signed endpoints get `timestamp=` (when absent) and a correct `signature=` appended so
// the handlers run; /sim/fault requests go through parse_fault like the control endpoint.
// Invariants (trap on violation): a handler answers a 2xx or a 4xx/5xx status with a
// non-empty body inside the scratch buffer; an error body is a Binance {"code":..,"msg":..}
// object; a routed request never answers 404.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/exchange.hpp"
#include "sim/core/fault_plan.hpp"
#include "sim/server/query_params.hpp"
#include "venue/binance/exchange_info.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/sim/request_auth.hpp"
#include "venue/binance/sim/rest_api.hpp"
#include "venue/binance/sim/user_stream.hpp"
#include "venue/binance/venue_id.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::server;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr const char* kKey = "fuzzKey0123456789";
constexpr const char* kSecret = "fuzzSecret";
constexpr EpochMs kNow = 1'700'000'000'000;

struct NoMarks final : MarkPriceSink {
  void on_mark(const MarkPriceReport&, std::string_view) noexcept override {}
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Shared, read-only across inputs: the real exchangeInfo and its symbol table.
struct Static {
  std::string info = read_text(XTB_FUZZ_EXCHANGE_INFO);
  SymbolTable symbols{64, 16};
  SymbolId btc = kNoSymbol;
  Static() {
    if (!binance::load_exchange_info(info, symbols).ok()) __builtin_trap();
    btc = symbols.find(xtb::binance::kVenueId, "BTCUSDT");
    if (btc == kNoSymbol) __builtin_trap();
  }
};

// Per input: exchange, user stream, REST API, auth (fresh: reproducible).
struct World {
  const Static& s;
  FaultInjector faults;
  NoMarks marks;
  ExchangeConfig cfg;
  std::unique_ptr<UserStream> user;
  std::unique_ptr<SimExchange> x;
  std::unique_ptr<RestApi> rest;
  explicit World(const Static& st) : s(st) {
    cfg.max_open_orders = 32;  // small tables: the defaults reserve ~100 MB per exchange
    cfg.max_fills = 1024;
    cfg.order_history = 64;
    cfg.book_levels = 64;
    user = std::make_unique<UserStream>(s.symbols, cfg.asset, faults, marks, 3'600'000, 4);
    x = std::make_unique<SimExchange>(s.symbols, cfg, *user, std::vector<SymbolId>{s.btc});
    rest = std::make_unique<RestApi>(*x, *user, s.info);
    // Synced book around 60000.0 (tick 0.10): snapshot then the bridging diff.
    depth(DepthUpdate::kSnapshot, 1000, 1000, 0, {{599'990, 50}, {599'980, 80}}, {{600'000, 40}, {600'010, 90}});
    depth(0, 1000, 1001, 999, {}, {});
  }
  void depth(std::uint8_t flag, std::uint64_t first, std::uint64_t final, std::uint64_t prev,
             std::initializer_list<PriceLevel> bids, std::initializer_list<PriceLevel> asks) {
    Event e{};
    e.h.type = EventType::DepthUpdate;
    e.h.symbol = s.btc;
    e.h.flags = static_cast<std::uint8_t>(DepthUpdate::kFirstChunk | DepthUpdate::kLastChunk | flag);
    e.depth.first_update_id = first;
    e.depth.final_update_id = final;
    e.depth.prev_final_id = prev;
    int n = 0;
    for (const PriceLevel& l : bids) e.depth.levels[n++] = l;
    e.depth.n_bids = static_cast<std::uint8_t>(bids.size());
    for (const PriceLevel& l : asks) e.depth.levels[n++] = l;
    e.depth.n_asks = static_cast<std::uint8_t>(asks.size());
    x->on_market_event(e, kNow);
  }
};

bool is_error_body(std::string_view b) {
  return b.substr(0, 8) == "{\"code\":" && b.find("\"msg\":") != std::string_view::npos && b.back() == '}';
}

void one_request(World& w, RequestAuth& auth, QueryParams& params, binance::HmacSha256Signer& signer,
                 std::string_view req, EpochMs now) {
  const std::size_t nl = req.find('\n');
  const std::string_view line = req.substr(0, nl);
  std::string body(nl == std::string_view::npos ? std::string_view{} : req.substr(nl + 1));
  const std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return;
  const std::string_view method = line.substr(0, sp), target = line.substr(sp + 1);
  const std::size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  std::string query(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  const Endpoint* e = RestApi::route(method, path);
  if (e != nullptr && e->security == Security::Signed) {  // act as a correct client
    std::string& where = body.empty() ? query : body;
    if (query.find("timestamp=") == std::string::npos && body.find("timestamp=") == std::string::npos)
      where += std::string(where.empty() ? "" : "&") + "timestamp=" + std::to_string(now);
    char sig[binance::HmacSha256Signer::kHexChars];
    signer.sign_hex(query + body, sig);
    where += std::string(where.empty() ? "" : "&") + "signature=" + std::string(sig, sizeof sig);
  }
  const QueryParams::Status ps = params.parse(query, body);
  if (path == "/sim/fault") {  // control endpoint: fault from name/value pairs
    FaultSpec f;
    std::string error;
    if (parse_fault(params.get("type"), params.get("count"), params.get("ms"), params.get("status"),
                    params.get("process"), params.get("target"), params.get("path"), params.get("at"), f, error))
      FUZZ_ASSERT(f.count > 0 && f.status >= 400 && f.status <= 599 && f.ms >= 0);
    else
      FUZZ_ASSERT(!error.empty());
    return;
  }
  if (e == nullptr || ps != QueryParams::Status::Ok) return;
  (void)RestApi::weight(*e, params);
  const AuthInput in{kKey, true, query, body, &params, now};
  const ApiError ae = auth.check(e->security, in);
  if (!ae.ok()) return;
  const RestAnswer a = w.rest->call(*e, RestCall{params, now});
  if (a.wait) return;
  FUZZ_ASSERT(a.status != 404);
  FUZZ_ASSERT(!a.body.empty() && a.body.size() <= RestApi::kScratchBytes);
  if (a.status >= 400) FUZZ_ASSERT(is_error_body(a.body));
  else FUZZ_ASSERT(a.status == 200);
  w.x->advance_time(now);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Static st;
  static RequestAuth auth(kKey, kSecret);
  static binance::HmacSha256Signer signer(kSecret);
  static QueryParams params;
  World w(st);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  EpochMs now = kNow;
  for (int i = 0; i < 8 && !text.empty(); ++i) {
    const std::size_t z = text.find('\0');
    one_request(w, auth, params, signer, text.substr(0, z), now += 7);
    if (z == std::string_view::npos) break;
    text.remove_prefix(z + 1);
  }
  return 0;
}
