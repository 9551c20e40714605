// live_account_test.cpp — Backpack's live side, start-up and wiring: positions parsing,
// the server-time body, credentials (loopback default, refusal against a remote venue,
// key/secret mismatch, never the secret in a message), venue options, the venue list
// entry, and the egress stage refusing a command it cannot send (no listener on loopback).
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "test_util.hpp"
#include "venue/backpack/live/account_rest.hpp"
#include "venue/backpack/live/egress_stage.hpp"
#include "venue/backpack/live/live_venue.hpp"
#include "venue/backpack/live/request_shape.hpp"
#include "venue/venue_list.hpp"

using namespace xtb;
using namespace xtb::backpack;

namespace {

constexpr const char* kSeedB64 = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
// The public key of kSeedB64 (RFC 8032 §7.1 TEST 1).
constexpr const char* kKeyB64 = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

const char* g_secret = nullptr;
const char* g_key = nullptr;
const char* fake_env(const char* name) {
  if (std::strcmp(name, kApiSecretEnv) == 0) return g_secret;
  if (std::strcmp(name, kApiKeyEnv) == 0) return g_key;
  return nullptr;
}

VenueConfig config(const char* host) {
  VenueConfig v;
  v.name = "backpack";
  v.rest_url = std::string("https://") + host;
  v.ws_url = std::string("wss://") + host;
  v.rest.host = host;
  v.ws.host = host;
  return v;
}

}  // namespace

TEST_CASE("positions: net quantities on the long / short side, liquidation ticks") {
  const SymbolTable& t = test::symbols();
  const SymbolId sol = t.find(kVenueId, "SOL_USDC_PERP"), btc = t.find(kVenueId, "BTC_USDC_PERP"),
                 eth = t.find(kVenueId, "ETH_USDC_PERP");
  const std::string body =
      R"([{"symbol":"SOL_USDC_PERP","netQuantity":"-1.50","estLiquidationPrice":"210.123","entryPrice":"150"},)"
      R"({"symbol":"BTC_USDC_PERP","netQuantity":"0.00020","estLiquidationPrice":"0"},)"
      R"({"symbol":"DOGE_USDC_PERP","netQuantity":"5","estLiquidationPrice":"1"}])";
  const auto risk = parse_positions(body, t, {sol, btc, eth});
  REQUIRE(risk.size() == 3);
  CHECK(risk[0].short_side.found);
  CHECK(risk[0].short_side.amount == -150);
  CHECK(risk[0].short_side.liq_px == 21012);  // nearest tick of 210.123
  CHECK(risk[0].short_side.leverage == 1);
  CHECK_FALSE(risk[0].long_side.found);
  CHECK(risk[1].long_side.found);
  CHECK(risk[1].long_side.amount == 20);
  CHECK(risk[1].long_side.liq_px == 0);  // "0": none
  CHECK_FALSE(risk[2].long_side.found);  // no row: flat
  CHECK_FALSE(risk[2].short_side.found);
  CHECK(parse_positions("[]", t, {sol})[0].long_side.found == false);
  CHECK_THROWS_AS(parse_positions("{\"code\":\"X\"}", t, {sol}), std::runtime_error);
  CHECK_THROWS_AS(parse_positions("not json", t, {sol}), std::runtime_error);
  CHECK_THROWS_AS(parse_positions(R"([{"symbol":"SOL_USDC_PERP","netQuantity":"x"}])", t, {sol}), std::runtime_error);
}

TEST_CASE("server time body") {
  std::int64_t ms = 0;
  CHECK(parse_server_time("1750793021519", ms));
  CHECK(ms == 1750793021519);
  CHECK(parse_server_time("\"1750793021520\"\n", ms));
  CHECK(ms == 1750793021520);
  CHECK_FALSE(parse_server_time("", ms));
  CHECK_FALSE(parse_server_time("12x", ms));
  CHECK_FALSE(parse_server_time("-5", ms));
  CHECK_FALSE(parse_server_time("{\"serverTime\":1}", ms));
}

TEST_CASE("credentials: loopback default, refusals that never show the secret") {
  std::string note;
  g_secret = g_key = nullptr;
  Ed25519Signer s1;
  load_signer(config("127.0.0.1"), s1, note, fake_env);
  CHECK(s1.api_key() == kKeyB64);
  CHECK(note.find("loopback") != std::string::npos);
  Ed25519Signer s2;
  try {
    load_signer(config("api.backpack.exchange"), s2, note, fake_env);
    FAIL("missing credentials against a remote venue must throw");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(kApiSecretEnv) != std::string::npos);
  }
  g_secret = "bm90IGEgdmFsaWQgc2VlZA==";  // base64 of 17 bytes: wrong length
  try {
    load_signer(config("api.backpack.exchange"), s2, note, fake_env);
    FAIL("a malformed secret must throw");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(g_secret) == std::string::npos);
  }
  g_secret = kSeedB64;
  g_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  CHECK_THROWS_AS(load_signer(config("api.backpack.exchange"), s2, note, fake_env), std::runtime_error);
  g_key = kKeyB64;
  Ed25519Signer s3;
  load_signer(config("api.backpack.exchange"), s3, note, fake_env);
  CHECK(s3.api_key() == kKeyB64);
  CHECK(note.find(kSeedB64) == std::string::npos);
  CHECK(note.find(kKeyB64) == std::string::npos);  // redacted
  g_secret = g_key = nullptr;
}

TEST_CASE("venue options and the venue list entry") {
  CHECK(is_live_venue("backpack"));
  CHECK(live_venue_id("backpack") == kVenueId);
  VenueConfig v = config("api.backpack.exchange");
  CHECK(BackpackLiveVenue::check_options(v).empty());
  CHECK(check_venue_options(v).empty());
  VenueConfig defaults;  // Binance's URLs
  defaults.name = "backpack";
  const auto issues = BackpackLiveVenue::check_options(defaults);
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].key == "rest_url");
  CHECK(issues[1].key == "ws_url");
  v.streams = "raw";
  v.trades = "aggTrade";
  v.connections = 0;
  const auto bad = BackpackLiveVenue::check_options(v);
  REQUIRE(bad.size() == 3);
  CHECK(bad[0].key == "streams");
  CHECK(bad[1].key == "trades");
  CHECK(bad[2].key == "connections");
  v = config("api.backpack.exchange");
  v.trades = "trade";
  CHECK(BackpackLiveVenue::check_options(v).empty());
  // make_live_venue: missing credentials against a remote host are refused.
  ::unsetenv(kApiSecretEnv);
  ::unsetenv(kApiKeyEnv);
  CHECK_THROWS_AS(make_live_venue(config("api.backpack.exchange"), [](const std::string&) {}), std::runtime_error);
  defaults.rest.host = defaults.ws.host = "127.0.0.1";
  CHECK_THROWS_AS(make_live_venue(defaults, [](const std::string&) {}), std::invalid_argument);
  std::string logged;
  auto venue = make_live_venue(config("127.0.0.1"), [&](const std::string& s) { logged += s; });
  CHECK(venue->venue_id() == kVenueId);
  CHECK(logged.find(kSeedB64) == std::string::npos);
}

TEST_CASE("egress: a command with no connection is refused locally, typed, never sent") {
  Ed25519Signer signer;
  REQUIRE(signer.set_seed_base64(kSeedB64) == KeyError::Ok);
  ClientIdMap ids;
  RequestEncoder enc(signer, test::symbols(), ids);
  SpscRing<OrderCommand> commands(16);
  SpscRing<RawFrame> answers(16);
  LargeFramePool pool(4, 64 * 1024);
  EgressConfig cfg;
  cfg.endpoint.host = "127.0.0.1";
  cfg.endpoint.port = 9;  // discard: nothing listens in the test environment
  cfg.endpoint.tls = false;
  cfg.connections = 1;
  cfg.queue_timeout_ns = 50'000'000;
  cfg.connect_timeout_ns = 100'000'000;
  EgressStage stage(cfg, EgressVenue{enc, ids, test::symbols()}, EgressStage::Rings{commands, answers, pool});
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.symbol = test::symbols().find(kVenueId, "SOL_USDC_PERP");
  c.side = Side::Buy;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::GTC;
  c.px = 100;
  c.qty = 1;
  c.generation = 9;
  c.client_id.assign("xtb-run1-k0-1");
  REQUIRE(commands.try_push(c));
  for (int i = 0; i < 2000 && answers.empty_approx(); ++i) {
    stage.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  RawFrame* f = answers.front();
  REQUIRE(f != nullptr);
  CHECK(f->kind == FrameKind::HttpResponse);
  CHECK(f->flags == kFrameFlagLocal);
  CHECK(f->conn_id == cfg.local_tag);
  CHECK(f->response.local_refusal == static_cast<std::uint8_t>(LocalRefusal::NoConnection));
  CHECK(f->response.rest_kind == static_cast<std::uint8_t>(RestKind::OrderExecute));
  CHECK(f->response.generation == 9);
  CHECK(f->response.client_id.view() == "xtb-run1-k0-1");
  CHECK(stage.stats().sent.get() == 0);
  CHECK(stage.stats().local_rejects.get() == 1);
  answers.pop();
  stage.request_stop();
  for (int i = 0; i < 100 && !stage.finished(); ++i) stage.poll();
  CHECK(stage.finished());
}
