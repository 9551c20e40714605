// test_venues_config.cpp — issue 14 item 6: the `venues:` list of `xtb run`'s config (several
// venues in one process), its errors, the credential variable names, list-index overrides
// and the command-line URL options that name one venue (app/run/venues_config.hpp).
#include <doctest/doctest.h>

#include <string>

#include "app/run/run_config.hpp"
#include "app/run/run_start_config.hpp"
#include "config_test_files.hpp"
#include "venue/venue_list.hpp"

using namespace xtb;
using configtest::TempDir;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr const char* kTwo =
    "venues:\n"
    "  - name: binance_usdm\n"
    "    rest_url: https://127.0.0.1:9001\n"
    "    ws_url: wss://127.0.0.1:9001\n"
    "  - name: backpack\n"
    "    rest_url: https://127.0.0.1:9002\n"
    "    ws_url: wss://127.0.0.1:9002\n"
    "    api_key_env: MY_BP_KEY\n"
    "    api_secret_env: MY_BP_SECRET\n"
    "strategies:\n"
    "  - {kind: tracking_limit, venue: backpack, symbols: [BTC_USDC_PERP], params: {qty: \"0.001\"}}\n"
    "  - {kind: tracking_limit, symbols: [BTCUSDT], params: {qty: \"0.002\"}}\n";

}  // namespace

TEST_CASE("venues: two venues load in order, each with its URLs, options and credential names") {
  TempDir d;
  REQUIRE(d.ok());
  const run::RunConfigResult r = run::load_run_config(d.write("two.yaml", kTwo));
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  const auto& v = r.config.venues;
  REQUIRE(v.size() == 2);
  CHECK(v[0].name == "binance_usdm");
  CHECK(v[0].rest.port == 9001);
  CHECK(v[0].api_key_env.empty());
  CHECK(v[1].name == "backpack");
  CHECK(v[1].rest.port == 9002);
  CHECK(v[1].ws.port == 9002);
  CHECK(v[1].api_key_env == "MY_BP_KEY");
  CHECK(v[1].api_secret_env == "MY_BP_SECRET");
  // Strategies name their venue; the default is the first venue.
  REQUIRE(r.config.strategies.size() == 2);
  CHECK(r.config.strategies[0].venue == live_venue_id("backpack"));
  CHECK(r.config.strategies[1].venue == live_venue_id("binance_usdm"));
  CHECK(run::venues_text(v) == "binance_usdm https://127.0.0.1:9001, backpack https://127.0.0.1:9002");
}

TEST_CASE("venues: one entry per venue, not beside venue:, every key checked") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string twice = d.write("twice.yaml",
                                    "symbols:\n  BTCUSDT: {}\nvenues:\n  - {name: backpack}\n  - {name: backpack}\n");
  std::string t = run::load_run_config(twice).error_text();
  CHECK_MESSAGE(has(t, twice + ":5:12: venues[1].name: venue 'backpack' is listed twice"), t);

  const std::string both = d.write("both.yaml", "symbols:\n  BTCUSDT: {}\nvenue: {name: binance_usdm}\nvenues:\n  - {name: backpack}\n");
  t = run::load_run_config(both).error_text();
  CHECK_MESSAGE(has(t, "venues: set either venue: (line 3) for one venue or venues: for several, not both"), t);

  const std::string bad = d.write("bad.yaml", "symbols:\n  BTCUSDT: {}\nvenues:\n  - {rest_url: ftp://x, colour: red}\n  - 3\n");
  t = run::load_run_config(bad).error_text();
  CHECK_MESSAGE(has(t, "venues[0].name: required"), t);
  CHECK_MESSAGE(has(t, "venues[0].colour: unknown key"), t);
  CHECK_MESSAGE(has(t, "venues[0].rest_url: scheme must be https"), t);
  CHECK_MESSAGE(has(t, "venues[1]: must be a map"), t);

  const std::string empty = d.write("empty.yaml", "symbols:\n  BTCUSDT: {}\nvenues: []\n");
  CHECK_MESSAGE(has(run::load_run_config(empty).error_text(), "venues: must be a non-empty list"), "");

  const std::string testnet =
      d.write("testnet.yaml", "global:\n  testnet: true\nsymbols:\n  BTCUSDT: {}\nvenues:\n  - {name: binance_usdm}\n");
  t = run::load_run_config(testnet).error_text();
  CHECK_MESSAGE(has(t, "global.testnet: true applies to venue: only"), t);
}

TEST_CASE("a strategy on a venue the run does not trade is refused at its line") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("other.yaml",
                                "venue: {name: binance_usdm}\n"
                                "strategies:\n"
                                "  - {kind: tracking_limit, venue: backpack, symbols: [BTC_USDC_PERP]}\n");
  const std::string t = run::load_run_config(p).error_text();
  CHECK_MESSAGE(has(t, p + ":3:35: strategies[0].venue: venue 'backpack' is not traded by this run (add it to venues:)"), t);
}

TEST_CASE("credential variable names: a name, never the secret, and the value is not echoed") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j+/=";
  const std::string p = d.write("secret.yaml", "symbols:\n  BTCUSDT: {}\nvenue:\n  api_secret_env: \"" + secret + "\"\n");
  const std::string t = run::load_run_config(p).error_text();
  CHECK_MESSAGE(has(t, "venue.api_secret_env: must be the NAME of an environment variable"), t);
  CHECK_MESSAGE(!has(t, secret), t);
  CHECK_MESSAGE(!has(t, "NhqPtmdSJYdK"), t);
}

TEST_CASE("overrides reach an existing venues entry by index; a missing index is an error") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("two.yaml", kTwo);
  run::RunConfigResult r = run::load_run_config(p, {"venues.1.rest_url=https://127.0.0.1:9555"});
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  CHECK(r.config.venues[1].rest.port == 9555);
  CHECK(r.config.venues[0].rest.port == 9001);
  r = run::load_run_config(p, {"venues.2.rest_url=https://127.0.0.1:1"});
  CHECK_MESSAGE(has(r.error_text(), "'venues' has 2 entries, no '2'"), r.error_text());
  r = run::load_run_config(p, {"venues.x.rest_url=https://127.0.0.1:1"});
  CHECK_MESSAGE(has(r.error_text(), "'venues' has 2 entries, no 'x'"), r.error_text());
}

TEST_CASE("--rest-url / --ws-url / --ca-file name one venue: refused for a run of several") {
  TempDir d;
  REQUIRE(d.ok());
  run::RunOptions o;
  o.config = d.write("two.yaml", kTwo);
  o.rest_url = "https://127.0.0.1:9777";
  try {
    (void)run::load_config(o);
    FAIL("a URL option with two venues must be refused");
  } catch (const std::exception& e) {
    CHECK_MESSAGE(has(e.what(), "this config trades 2 venues"), e.what());
  }
  o.config = d.write("one.yaml", "symbols:\n  BTCUSDT: {}\nvenue: {name: binance_usdm}\n");
  const run::StartConfig s = run::load_config(o);
  REQUIRE(s.cfg.venues.size() == 1);
  CHECK(s.cfg.venues[0].rest.port == 9777);
}

TEST_CASE("the shipped Backpack and two-venue configs load") {
  for (const char* f : {"configs/backpack-reduce-only-closer.yaml", "configs/two-venues-tracking-limit.yaml"}) {
    const run::RunConfigResult r = run::load_run_config(std::string(XTB_SOURCE_DIR) + "/" + f);
    CHECK_MESSAGE(r.ok(), f, ": ", r.error_text());
  }
  const run::RunConfigResult bp = run::load_run_config(std::string(XTB_SOURCE_DIR) + "/configs/backpack-reduce-only-closer.yaml");
  REQUIRE(bp.config.venues.size() == 1);
  CHECK(bp.config.venues[0].name == "backpack");
  REQUIRE(bp.config.strategy.symbols.size() == 1);
  CHECK_FALSE(bp.config.strategy.symbols[0].params.risk.protective_stop.enabled);
  const run::RunConfigResult two = run::load_run_config(std::string(XTB_SOURCE_DIR) + "/configs/two-venues-tracking-limit.yaml");
  REQUIRE(two.config.venues.size() == 2);
  REQUIRE(two.config.strategies.size() == 2);
  CHECK(two.config.strategies[1].venue == live_venue_id("backpack"));
}
