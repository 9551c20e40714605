// account_rest.cpp — see account_rest.hpp.
#include "venue/binance/live/account_rest.hpp"

#include <simdjson.h>

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "core/clock.hpp"
#include "net/client/rest_fetch.hpp"
#include "venue/binance/exchange_info.hpp"

namespace xtb::binance {
namespace {

// The docs' example key pair (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info,
// "SIGNED Endpoint Examples"): public test values that xtb-sim accepts unless told otherwise.
constexpr const char* kDocsApiKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
constexpr const char* kDocsApiSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

std::string fail_text(const live::RestFetchResult& r, const char* what) {
  if (!r.ok) return std::string(what) + ": " + r.error;
  return std::string(what) + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200);
}

std::string_view field(simdjson::dom::element row, const char* key) {
  std::string_view v;
  return row[key].get_string().get(v) == simdjson::SUCCESS ? v : std::string_view{};
}

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}
}  // namespace

ConnRoles live_roles(std::size_t n_market, std::size_t n_order) {
  ConnRoles roles{};
  if (LiveTags::kFirstMarket + n_market > LiveTags::kUser) throw std::runtime_error("too many market connections");
  if (LiveTags::kFirstOrder + n_order > LiveTags::kReconcile) throw std::runtime_error("too many order connections");
  for (std::size_t i = 0; i < n_market; ++i) roles[LiveTags::kFirstMarket + i] = ConnRole::Market;
  roles[LiveTags::kUser] = ConnRole::UserStream;
  for (std::size_t i = 0; i < n_order; ++i) roles[LiveTags::kFirstOrder + i] = ConnRole::OrderRest;
  roles[LiveTags::kReconcile] = ConnRole::ReconcileRest;
  roles[LiveTags::kLocal] = ConnRole::OrderRest;
  return roles;
}

// venue.api_key_env / api_secret_env when the config names them; else XTB_API_KEY /
// XTB_API_SECRET, else seed 002's BINANCE_API_KEY / BINANCE_API_SECRET (a vibe-quant env file
// works unchanged); else — loopback venue only — the docs' example pair.
Credentials load_run_credentials(const VenueConfig& v, std::string& note) {
  const bool named = !v.api_key_env.empty() || !v.api_secret_env.empty();
  CredentialEnvNames names;
  names.api_key_var = named ? (v.api_key_env.empty() ? "XTB_API_KEY" : v.api_key_env) : "XTB_API_KEY";
  names.api_secret_var = named ? (v.api_secret_env.empty() ? "XTB_API_SECRET" : v.api_secret_env) : "XTB_API_SECRET";
  const bool xtb = env_set(names.api_key_var.c_str()) || env_set(names.api_secret_var.c_str());
  const bool seed = !named && (env_set("BINANCE_API_KEY") || env_set("BINANCE_API_SECRET"));
  if (!xtb && seed) {
    names.api_key_var = "BINANCE_API_KEY";
    names.api_secret_var = "BINANCE_API_SECRET";
    note = "credentials from BINANCE_API_KEY / BINANCE_API_SECRET (seed 002's names; XTB_API_KEY / XTB_API_SECRET unset)";
  }
  if (!xtb && !seed && live::is_loopback(v.rest.host) && live::is_loopback(v.ws.host)) {
    note = names.api_key_var + " / " + names.api_secret_var +
           " unset and the venue is loopback: using the docs' example key pair (xtb-sim's default credentials)";
    return Credentials(kDocsApiKey, kDocsApiSecret);
  }
  Credentials c;
  if (const CredentialError e = load_credentials(names, c); e != CredentialError::Ok)
    throw std::runtime_error("credentials (" + names.api_key_var + " / " + names.api_secret_var +
                             (named                                 ? ""
                              : names.api_key_var == "BINANCE_API_KEY" ? ", or XTB_API_KEY / XTB_API_SECRET"
                                                                       : ", or BINANCE_API_KEY / BINANCE_API_SECRET") +
                             "): " + std::string(to_string(e)));
  return c;
}

std::int64_t fetch_time_offset_ms(const live::LiveEndpoint& rest) {
  const std::int64_t t0 = Clock::wall_ns();
  const live::RestFetchResult r = live::fetch_rest(rest, net::HttpMethod::Get, "/fapi/v1/time");
  const std::int64_t t1 = Clock::wall_ns();
  if (!r.ok || r.status != 200) throw std::runtime_error(fail_text(r, "GET /fapi/v1/time"));
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  std::int64_t server_ms = 0;
  if (p.parse(r.body).get(doc) != simdjson::SUCCESS || doc["serverTime"].get_int64().get(server_ms) != simdjson::SUCCESS)
    throw std::runtime_error("GET /fapi/v1/time: no serverTime in '" + r.body.substr(0, 100) + "'");
  return server_ms - (t0 + t1) / 2 / 1'000'000;
}

std::size_t fetch_exchange_info(const live::LiveEndpoint& rest, SymbolTable& symbols) {
  const live::RestFetchResult r = live::fetch_rest(rest, net::HttpMethod::Get, "/fapi/v1/exchangeInfo");
  if (!r.ok || r.status != 200) throw std::runtime_error(fail_text(r, "GET /fapi/v1/exchangeInfo"));
  const ExchangeInfoResult info = load_exchange_info(r.body, symbols);
  if (!info.ok()) throw std::runtime_error("exchangeInfo: " + info.error);
  return info.symbols;
}

PositionRisk parse_position_risk(std::string_view body, const SymbolTable& symbols, SymbolId symbol) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  simdjson::dom::array rows;
  if (p.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS || doc.get_array().get(rows) != simdjson::SUCCESS)
    throw std::runtime_error("positionRisk: not a JSON array: '" + std::string(body.substr(0, 100)) + "'");
  const SymbolRules& rules = symbols.rules(symbol);
  PositionRisk out;
  for (simdjson::dom::element row : rows) {
    if (field(row, "symbol") != symbols.name(symbol)) continue;
    const std::string_view ps = field(row, "positionSide");
    SideRisk* s = ps == "LONG" ? &out.long_side : ps == "SHORT" ? &out.short_side : nullptr;
    if (s == nullptr) continue;
    s->found = true;
    if (parse_qty(rules, field(row, "positionAmt"), s->amount) != DecimalError::Ok)
      throw std::runtime_error("positionRisk: bad positionAmt '" + std::string(field(row, "positionAmt")) + "'");
    Price liq = 0;
    // Off the tick grid in general: nearest tick. Outside the PRICE_FILTER range (e.g. a
    // cross-margin hedge whose formula lands far away) it cannot be reached: 0 = unknown.
    if (parse_decimal(field(row, "liquidationPrice"), rules.price, Rounding::Nearest, liq) == DecimalError::Ok && liq > 0 &&
        (rules.min_price == 0 || liq >= rules.min_price) && (rules.max_price == 0 || liq <= rules.max_price))
      s->liq_px = liq;
    // Binance answers leverage as a decimal string ("10"); the venue's range is 1..125
    // (venue-docs endpoints/private/post_fapi_v1_leverage.md). Anything else is unknown → 1 (dist_to_liq uses the
    // liquidation price, leverage only the ROI tiers: 1 understates ROI, never overstates).
    const std::string_view lev = field(row, "leverage");
    int lv = 0;
    const auto [end, ec] = std::from_chars(lev.data(), lev.data() + lev.size(), lv);
    s->leverage = ec == std::errc{} && end == lev.data() + lev.size() && lv >= 1 && lv <= 125 ? lv : 1;
    s->isolated = field(row, "marginType") == "isolated";
  }
  return out;
}

std::vector<PositionRisk> fetch_position_risk(const live::LiveEndpoint& rest, const Credentials& cred,
                                              const HmacSha256Signer& signer, std::int64_t offset_ms,
                                              const SymbolTable& symbols, const std::vector<SymbolId>& tracked) {
  std::vector<PositionRisk> out;
  const std::string key(cred.api_key());
  const net::HttpField headers[] = {{"X-MBX-APIKEY", key}};
  for (const SymbolId s : tracked) {
    const std::int64_t ts = Clock::wall_ns() / 1'000'000 + offset_ms;
    std::string query = "symbol=" + std::string(symbols.name(s)) + "&recvWindow=5000&timestamp=" + std::to_string(ts);
    char sig[HmacSha256Signer::kHexChars];
    signer.sign_hex(query, sig);
    const std::string target = "/fapi/v2/positionRisk?" + query + "&signature=" + std::string(sig, sizeof sig);
    const live::RestFetchResult r =
        live::fetch_rest(rest, net::HttpMethod::Get, target, 10'000'000'000, 16u << 20, headers);
    if (r.ok && r.status == 400 && r.body.find("-1121") != std::string::npos) {
      // The venue does not list this symbol for trading (xtb-sim simulates only the
      // captured ones): nothing to close there, no liquidation price.
      out.push_back(PositionRisk{});
      continue;
    }
    if (!r.ok || r.status != 200) throw std::runtime_error(fail_text(r, "GET /fapi/v2/positionRisk"));
    out.push_back(parse_position_risk(r.body, symbols, s));
  }
  return out;
}

}  // namespace xtb::binance
