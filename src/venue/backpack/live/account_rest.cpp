// account_rest.cpp — see account_rest.hpp.
#include "venue/backpack/live/account_rest.hpp"

#include <simdjson.h>

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "core/clock.hpp"
#include "net/client/rest_fetch.hpp"
#include "venue/backpack/encode_request.hpp"
#include "venue/backpack/live/request_shape.hpp"
#include "venue/backpack/markets.hpp"
#include "venue/backpack/venue_id.hpp"

namespace xtb::backpack {
namespace {

std::string fail_text(const live::RestFetchResult& r, const char* what) {
  if (!r.ok) return std::string(what) + ": " + r.error;
  return std::string(what) + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200);
}

const char* env(EnvLookup lookup, const char* name) {
  const char* v = lookup != nullptr ? lookup(name) : std::getenv(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}

std::string_view field(simdjson::dom::element row, const char* key) {
  std::string_view v;
  return row[key].get_string().get(v) == simdjson::SUCCESS ? v : std::string_view{};
}

}  // namespace

std::string redact_key(std::string_view key) {
  if (key.size() < 12) return "(short key)";
  return std::string(key.substr(0, 4)) + "…" + std::string(key.substr(key.size() - 4));
}

void load_signer(const VenueConfig& v, Ed25519Signer& signer, std::string& note, EnvLookup lookup) {
  // venue.api_key_env / api_secret_env name other variables than the defaults.
  const std::string key_env = v.api_key_env.empty() ? kApiKeyEnv : v.api_key_env;
  const std::string secret_env = v.api_secret_env.empty() ? kApiSecretEnv : v.api_secret_env;
  const char* key = env(lookup, key_env.c_str());
  const bool secret_set = env(lookup, secret_env.c_str()) != nullptr;
  if (!secret_set && key == nullptr && live::is_loopback(v.rest.host) && live::is_loopback(v.ws.host)) {
    if (signer.set_seed_base64(kLoopbackSeedB64) != KeyError::Ok) throw std::runtime_error("backpack: test key");
    note = secret_env + " unset and the venue is loopback: using the RFC 8032 test key (api key " +
           redact_key(signer.api_key()) + ")";
    return;
  }
  const KeyError e = signer.load_from_env(secret_env.c_str(), lookup);
  if (e != KeyError::Ok)
    throw std::runtime_error("credentials: " + secret_env + " (base64 Ed25519 seed): " + to_string(e));
  if (key != nullptr && std::string_view(key) != signer.api_key())
    throw std::runtime_error("credentials: " + key_env + " is not the public key of " + secret_env);
  note = std::string("api key ") + redact_key(signer.api_key()) + (key != nullptr ? "" : " (derived from the secret)");
}

bool parse_server_time(std::string_view body, std::int64_t& ms) noexcept {
  while (!body.empty() && (body.front() == ' ' || body.front() == '"' || body.front() == '\n')) body.remove_prefix(1);
  while (!body.empty() && (body.back() == ' ' || body.back() == '"' || body.back() == '\n' || body.back() == '\r'))
    body.remove_suffix(1);
  std::int64_t v = 0;
  const auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (r.ec != std::errc{} || r.ptr != body.data() + body.size() || v <= 0) return false;
  ms = v;
  return true;
}

bool fetch_time_offset_ms(const live::LiveEndpoint& rest, std::int64_t& offset_ms, std::string& why) {
  const std::int64_t t0 = Clock::wall_ns();
  const live::RestFetchResult r = live::fetch_rest(rest, net::HttpMethod::Get, "/api/v1/time");
  const std::int64_t t1 = Clock::wall_ns();
  std::int64_t server_ms = 0;
  if (!r.ok || r.status != 200 || !parse_server_time(r.body, server_ms)) {
    why = fail_text(r, "GET /api/v1/time");
    return false;
  }
  offset_ms = server_ms - (t0 + t1) / 2 / 1'000'000;
  return true;
}

std::size_t fetch_markets(const live::LiveEndpoint& rest, SymbolTable& symbols) {
  const live::RestFetchResult r = live::fetch_rest(rest, net::HttpMethod::Get, "/api/v1/markets");
  if (!r.ok || r.status != 200) throw std::runtime_error(fail_text(r, "GET /api/v1/markets"));
  const MarketsResult m = load_markets(r.body, symbols, true);
  if (m.status != DecodeStatus::Ok) throw std::runtime_error("GET /api/v1/markets: unreadable body '" + r.body.substr(0, 100) + "'");
  return m.loaded;
}

std::vector<PositionRisk> parse_positions(std::string_view body, const SymbolTable& symbols,
                                          const std::vector<SymbolId>& tracked) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  simdjson::dom::array rows;
  if (p.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS || doc.get_array().get(rows) != simdjson::SUCCESS)
    throw std::runtime_error("positions: not a JSON array: '" + std::string(body.substr(0, 100)) + "'");
  std::vector<PositionRisk> out(tracked.size());
  for (simdjson::dom::element row : rows) {
    const std::string_view sym = field(row, "symbol");
    for (std::size_t i = 0; i < tracked.size(); ++i) {
      if (symbols.name(tracked[i]) != sym) continue;
      const SymbolRules& rules = symbols.rules(tracked[i]);
      Qty q = 0;
      if (parse_qty(rules, field(row, "netQuantity"), q) != DecimalError::Ok)
        throw std::runtime_error("positions: bad netQuantity '" + std::string(field(row, "netQuantity")) + "' of " +
                                 std::string(sym));
      SideRisk& s = q < 0 ? out[i].short_side : out[i].long_side;
      s.found = true;
      s.amount = q;
      Price liq = 0;
      if (parse_decimal(field(row, "estLiquidationPrice"), rules.price, Rounding::Nearest, liq) == DecimalError::Ok &&
          liq > 0 && (rules.min_price == 0 || liq >= rules.min_price) && (rules.max_price == 0 || liq <= rules.max_price))
        s.liq_px = liq;
    }
  }
  return out;
}

std::vector<PositionRisk> fetch_positions(const live::LiveEndpoint& rest, Ed25519Signer& signer,
                                          std::int64_t offset_ms, const SymbolTable& symbols,
                                          const std::vector<SymbolId>& tracked) {
  const ClientIdMap no_ids;
  RequestEncoder enc(signer, symbols, no_ids);
  OrderCommand cmd{};
  cmd.kind = CommandKind::QueryPositions;
  cmd.symbol = kNoSymbol;
  Request req;
  if (const EncodeError e = enc.encode(cmd, Clock::wall_ns() / 1'000'000 + offset_ms, req); e != EncodeError::Ok)
    throw std::runtime_error(std::string("positions: cannot sign the request: ") + to_string(e));
  HttpShape shape;
  char target[Request::kQueryCap + 64];
  if (!shape_request(req, rest.host_header(), target, sizeof target, shape))
    throw std::runtime_error("positions: request does not fit");
  const live::RestFetchResult r =
      live::fetch_rest(rest, net::HttpMethod::Get, shape.spec.target, 10'000'000'000, 16u << 20,
                       std::span<const net::HttpField>(shape.fields, shape.spec.header_count));
  if (r.ok && r.status == 404) return std::vector<PositionRisk>(tracked.size());  // "Position not found": none open
  if (!r.ok || r.status != 200) throw std::runtime_error(fail_text(r, "GET /api/v1/position"));
  return parse_positions(r.body, symbols, tracked);
}

}  // namespace xtb::backpack
