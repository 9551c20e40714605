// test_config_diagnostics.cpp — issue 12's configuration defects from the reliability probe
// (../shared/reviews/reliability-probe.md, table 1): D14 (duplicate keys, a second document,
// null values) and D16 (file errors, nesting, control characters, complex keys, wrong
// kinds, unclosed quotes, error floods). Each case goes through load_run_config, the entry
// point of `xtb check-config` and `xtb run` (test_check_config_cli.cpp runs the binary).
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "app/run/run_config.hpp"
#include "core/yaml_document.hpp"
#include "engine/order_id_allocator.hpp"
#include "config_test_files.hpp"
#include "sim/core/sim_config.hpp"
#include "venue/venue_list.hpp"

using namespace xtb;
using configtest::kMinimal;
using configtest::TempDir;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string errors_of(const TempDir& d, const std::string& name, const std::string& yaml,
                      const std::vector<std::string>& overrides = {}) {
  const run::RunConfigResult r = run::load_run_config(d.write(name, yaml), overrides);
  return r.ok() ? std::string() : r.error_text();
}

}  // namespace

TEST_CASE("D14/C19: a duplicate key is an error naming the key and both lines") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.path() + "/dup.yaml";
  // The probe's input: run_id set twice in engine: (yaml-cpp kept the first, 'a').
  std::string t = errors_of(d, "dup.yaml", std::string(kMinimal) + "engine:\n  run_id: a\n  journal: \"\"\n  run_id: run1\n");
  CHECK_MESSAGE(has(t, p + ":6:3: engine.run_id: duplicate key: first set at line 4, again at line 6"), t);
  // D14's second reproduction: shutdown appended to an engine block that already has it.
  t = errors_of(d, "dup2.yaml",
                std::string(kMinimal) + "engine:\n  shutdown: cancel_own\n  shutdown: leave_resting\n");
  CHECK_MESSAGE(has(t, "dup2.yaml:5:3: engine.shutdown: duplicate key: first set at line 4, again at line 5"), t);
  // Anywhere: the top level, a strategy section, a symbol.
  t = errors_of(d, "dup3.yaml",
                "global:\n  execution: { order_ttl_ms: 1000, order_ttl_ms: 2000 }\nsymbols:\n  BTCUSDT: {}\n"
                "symbols:\n  ETHUSDT: {}\n");
  CHECK_MESSAGE(has(t, "dup3.yaml:2:36: global.execution.order_ttl_ms: duplicate key: first set at line 2"), t);
  CHECK_MESSAGE(has(t, "dup3.yaml:5:1: symbols: duplicate key: first set at line 3, again at line 5"), t);
  // The same in xtb-sim's account file (the shared loader).
  CHECK_THROWS_WITH_AS(sim::parse_exchange_config("wallet: 1\nwallet: 2\n"),
                       doctest::Contains("2:1: wallet: duplicate key: first set at line 1"), sim::ConfigError);
  // Same key text in different maps is fine.
  CHECK(errors_of(d, "ok.yaml", "symbols:\n  BTCUSDT: { execution: { order_ttl_ms: 1 } }\n"
                                "  ETHUSDT: { execution: { order_ttl_ms: 1 } }\n")
            .empty());
}

TEST_CASE("D14/C20: a second YAML document is an error") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string t = errors_of(d, "two.yaml", std::string("---\n") + kMinimal + "---\nengine:\n  run_id: r2\n");
  CHECK_MESSAGE(has(t, "two.yaml:4:1: (document): a second YAML document starts here"), t);
  // One document with an explicit start (and end) marker is fine.
  CHECK(errors_of(d, "one.yaml", std::string("---\n") + kMinimal + "...\n").empty());
}

TEST_CASE("D14/C21: a null engine/venue/pipeline key is an error at its own line, as a null strategy key") {
  TempDir d;
  REQUIRE(d.ok());
  std::string t = errors_of(d, "null.yaml", std::string(kMinimal) + "engine:\n  run_id: ~\n");
  CHECK_MESSAGE(has(t, "null.yaml:4:3: engine.run_id: must not be null (remove the key to use the default)"), t);
  t = errors_of(d, "null2.yaml",
                std::string(kMinimal) + "venue:\n  connections:\n  insecure: false\npipeline:\n  runner: ~\n");
  CHECK_MESSAGE(has(t, "null2.yaml:4:3: venue.connections: must not be null"), t);
  CHECK_MESSAGE(has(t, "null2.yaml:7:3: pipeline.runner: 'pipeline.runner' must not be null"), t);
  // The pipeline loader stops at its first error: the nested null in a file of its own.
  t = errors_of(d, "null5.yaml", std::string(kMinimal) + "pipeline:\n  rings: { frames: }\n");
  CHECK_MESSAGE(has(t, "null5.yaml:4:12: pipeline.rings.frames: 'pipeline.rings.frames' must not be null"), t);
  // The strategy null: reported at the key (line 3), not one line too low as before (23:5).
  t = errors_of(d, "null3.yaml", "global:\n  execution:\n    order_ttl_ms:\n    repost_cooldown_ms: 5\n"
                                 "symbols:\n  BTCUSDT: {}\n");
  CHECK_MESSAGE(has(t, "null3.yaml:3:5: global.execution.order_ttl_ms: must not be null"), t);
  // A null notify key as well.
  t = errors_of(d, "null4.yaml", std::string(kMinimal) + "notify:\n  enabled:\n");
  CHECK_MESSAGE(has(t, "null4.yaml:4:3: notify.enabled: must not be null"), t);
  // A section with nothing under it is still an empty section (defaults), not an error.
  CHECK(errors_of(d, "empty_section.yaml", std::string(kMinimal) + "engine:\nvenue:\n").empty());
}

TEST_CASE("D16/C14: empty, whitespace-only and comment-only files name the file and the reason, not <override>") {
  TempDir d;
  REQUIRE(d.ok());
  for (const char* body : {"", "  \n\n\t\n", "# only a comment\n# another\n"}) {
    const std::string p = d.write("empty.yaml", body);
    const run::RunConfigResult r = run::load_run_config(p);
    REQUIRE_FALSE(r.ok());
    const std::string t = r.error_text();
    CHECK_MESSAGE(t == p + ": (file): has no YAML content (empty, only whitespace or comments, or a null document)\n", t);
    CHECK_FALSE(has(t, "<override>"));
  }
}

TEST_CASE("D16/C27: a missing file and a symlink loop say the file name and errno's reason") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string missing = d.path() + "/nonexistent.yaml";
  std::string t = run::load_run_config(missing).error_text();
  CHECK_MESSAGE(t == missing + ": (file): cannot be read: No such file or directory\n", t);
  const std::string loop = d.path() + "/loop.yaml";
  REQUIRE(::symlink(loop.c_str(), loop.c_str()) == 0);
  t = run::load_run_config(loop).error_text();
  CHECK_MESSAGE(t == loop + ": (file): cannot be read: Too many levels of symbolic links\n", t);
}

TEST_CASE("D16/C28: a directory as the config is a clear error naming it") {
  TempDir d;
  REQUIRE(d.ok());
  const run::RunConfigResult r = run::load_run_config(d.path());
  CHECK(r.error_text() == d.path() + ": (file): is a directory, not a file\n");
}

TEST_CASE("D16/C30: --set walking through a scalar is an <override> error, never an exception") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("c.yaml", std::string(kMinimal) + "venue:\n  rest_url: https://127.0.0.1:8443\n");
  run::RunConfigResult r;
  CHECK_NOTHROW(r = run::load_run_config(p, {"venue.rest_url.x=1"}));
  CHECK_MESSAGE(r.error_text() == p + ": <override> (override): override 'venue.rest_url.x=1': 'rest_url' is a scalar, "
                                      "not a map\n",
                r.error_text());
  // Through a list, and a path with an empty part.
  CHECK(has(run::load_run_config(p, {"symbols.BTCUSDT.accel.tiers=[]", "global.accel.tiers.0.mult=7"}).error_text(),
            "<override>"));
  CHECK(has(run::load_run_config(p, {"a..b=1"}).error_text(), "override 'a..b=1' has an empty key in its path"));
  // A good override still lands, for the strategy and the run sections alike (one shared copy).
  r = run::load_run_config(p, {"engine.run_id=r7", "global.execution.order_ttl_ms=3000"});
  CHECK_MESSAGE(r.ok(), r.error_text());
  CHECK(r.config.engine.run_id == "r7");
  CHECK(r.config.strategy.defaults.execution.order_ttl_ms == 3000);
}

TEST_CASE("D16/C24: deep nesting says the nesting is too deep (no stack overflow)") {
  TempDir d;
  REQUIRE(d.ok());
  std::string t = errors_of(d, "deep1.yaml", std::string(100'000, '['));
  CHECK_MESSAGE(t == d.path() + "/deep1.yaml:1:33: (yaml): nesting is deeper than 32 levels (a config needs fewer than 8)\n", t);
  t = errors_of(d, "deep2.yaml", std::string(kMinimal) + "engine: " + std::string(50'000, '{'));
  CHECK_MESSAGE(has(t, "deep2.yaml:3:41: (yaml): nesting is deeper than 32 levels"), t);
  // Brackets inside quoted or plain scalars and comments are text, not nesting.
  CHECK(errors_of(d, "text.yaml", std::string(kMinimal) + "engine:\n  journal: \"" + std::string(40, '[') +
                                      "\"\n  # " + std::string(40, '{') + "\n  id_prefix: x" + std::string(40, '[') + "\n")
            .find("nesting") == std::string::npos);
  // Block style too, closed properly: the limit is on depth, not on syntax.
  std::string block = "symbols:\n  BTCUSDT: {}\nglobal:\n";
  for (int i = 0; i < 40; ++i) block += std::string(2 * (i + 1), ' ') + "k" + std::to_string(i) + ":\n";
  t = errors_of(d, "deep3.yaml", block + std::string(82, ' ') + "x: 1\n");
  CHECK_MESSAGE(has(t, "nesting is deeper than 32 levels"), t);
}

TEST_CASE("D16/C17: NUL bytes and control characters are shown escaped, never raw") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string nul("engine:\n  run_id: \"a\\\0b\"\n", 25);
  std::string t = errors_of(d, "nul.yaml", std::string(kMinimal) + nul);
  CHECK_MESSAGE(has(t, "nul.yaml:4:14: (yaml): control character \\x00 is not allowed in YAML (1 in the file"), t);
  t = errors_of(d, "esc.yaml", std::string(kMinimal) + "engine:\n  run_id: a\x1b[31mred\n");
  CHECK_MESSAGE(has(t, "esc.yaml:4:12: (yaml): control character \\x1b is not allowed"), t);
  CHECK(t.find('\0') == std::string::npos);
  CHECK(t.find('\x1b') == std::string::npos);
  // A value echoed back in a message is escaped as well (a C1 control and invalid UTF-8).
  t = errors_of(d, "echo.yaml", std::string(kMinimal) + "engine:\n  shutdown: \"x\\u0085\xff\"\n");
  CHECK_MESSAGE(has(t, "engine.shutdown: must be cancel_own or leave_resting, got 'x\\xc2\\x85\\xff'"), t);
}

TEST_CASE("D16/C29: a complex key is named as such") {
  TempDir d;
  REQUIRE(d.ok());
  std::string t = errors_of(d, "complex.yaml", std::string(kMinimal) + "engine:\n  ? [a, b]\n  : 1\n");
  CHECK_MESSAGE(has(t, "complex.yaml:4:5: engine: a complex key (a list or map used as a key) is not allowed"), t);
  t = errors_of(d, "complex2.yaml", std::string(kMinimal) + "{a: 1}: 2\n");
  CHECK_MESSAGE(has(t, "(top level): a complex key (a list or map used as a key) is not allowed"), t);
}

TEST_CASE("D16/C5: a wrong kind is named: a list for an int says 'must be an integer, got a sequence'") {
  TempDir d;
  REQUIRE(d.ok());
  std::string t = errors_of(d, "kind.yaml",
                            std::string(kMinimal) +
                                "venue:\n  connections: [1, 2]\n  insecure: {a: 1}\n  rest_url: [x]\n"
                                "engine:\n  shutdown_timeout_ms: {a: 1}\n");
  CHECK_MESSAGE(has(t, "kind.yaml:4:16: venue.connections: must be an integer in [1, 8], got a sequence"), t);
  CHECK_MESSAGE(has(t, "kind.yaml:5:13: venue.insecure: must be true or false, got a map"), t);
  CHECK_MESSAGE(has(t, "kind.yaml:6:13: venue.rest_url: must be a string, got a sequence"), t);
  CHECK_MESSAGE(has(t, "engine.shutdown_timeout_ms: must be an integer in [100, 60000], got a map"), t);
  t = errors_of(d, "kind2.yaml",
                "global:\n  execution: { order_ttl_ms: [1], max_order_notional: {a: 1}, maker_price_mode: [] }\n"
                "  risk: { panic_close: { enabled: [] }, liq_distance_threshold: [] }\n"
                "  accel: { tiers: {a: 1} }\nsymbols:\n  BTCUSDT: {}\npipeline:\n  rt_priority: [1]\n"
                "notify:\n  max_queue: [1]\n");
  CHECK_MESSAGE(has(t, "global.execution.order_ttl_ms: must be an integer in [1, 3600000], got a sequence"), t);
  CHECK_MESSAGE(has(t, "global.execution.max_order_notional: must be a decimal number (at most 8 decimals) in "), t);
  CHECK_MESSAGE(has(t, "global.execution.maker_price_mode: must be at_touch, inside_spread_1tick or custom_ticks, got a sequence"), t);
  CHECK_MESSAGE(has(t, "global.risk.panic_close.enabled: must be true or false, got a sequence"), t);
  CHECK_MESSAGE(has(t, "global.accel.tiers: must be a list, got a map"), t);
  CHECK_MESSAGE(has(t, "kind2.yaml:8:16: pipeline.rt_priority: 'pipeline.rt_priority' has the wrong type: must be an integer, got a sequence"), t);
  CHECK_MESSAGE(has(t, "notify.max_queue: must be an integer in [1, 1000000], got a sequence"), t);
  // A scalar is still quoted as written.
  t = errors_of(d, "kind3.yaml", std::string(kMinimal) + "venue:\n  connections: five\n");
  CHECK_MESSAGE(has(t, "venue.connections: must be an integer in [1, 8], got 'five'"), t);
}

TEST_CASE("D16/C3: an unclosed quote on the last line is diagnosed") {
  TempDir d;
  REQUIRE(d.ok());
  // The probe's input: yaml-cpp let the value run to the end of the file and only the
  // next key's 'unknown key' was reported.
  std::string t = errors_of(d, "quote.yaml", std::string(kMinimal) + "engine:\n  run_id: \"abc\n");
  CHECK_MESSAGE(has(t, "quote.yaml:4:11: engine: the quoted value opened here is never closed (no closing \""), t);
  t = errors_of(d, "quote2.yaml", std::string(kMinimal) + "venue2: 'it''s\n");
  CHECK_MESSAGE(has(t, "quote2.yaml:3:9: (top level): the quoted value opened here is never closed (no closing '"), t);
  // Closed quotes, escaped quotes inside and multi-line quoted values are fine.
  CHECK(errors_of(d, "quote3.yaml", std::string(kMinimal) + "engine:\n  run_id: \"a\\\"b\"\n  journal: 'x''y\n    z'\n")
            .find("never closed") == std::string::npos);
}

TEST_CASE("D16/C26: a flood of errors is listed up to 50 with '... and N more'; a huge document is refused early") {
  TempDir d;
  REQUIRE(d.ok());
  std::string many(kMinimal);
  for (int i = 0; i < 200; ++i) many += "unknown_" + std::to_string(i) + ": 1\n";
  const run::RunConfigResult r = run::load_run_config(d.write("many.yaml", many));
  CHECK(r.errors.size() == 200);
  const std::string t = r.error_text();
  std::size_t lines = 0;
  for (char c : t) lines += c == '\n';
  CHECK(lines == 51);
  CHECK_MESSAGE(has(t, "\n... and 150 more errors\n"), t);
  // The probe's 1.2 M-key file, scaled down to 150 000 keys (300 000 nodes): refused at the
  // node cap, with bounded memory, instead of 1.45 GB of nodes and 1.2 M error lines.
  std::string huge(kMinimal);
  huge.reserve(150'000 * 16);
  for (int i = 0; i < 150'000; ++i) huge += "k" + std::to_string(i) + ": 1\n";
  const run::RunConfigResult h = run::load_run_config(d.write("huge.yaml", huge));
  REQUIRE(h.errors.size() == 1);
  CHECK_MESSAGE(has(h.error_text(), "(document): has more than 100000 YAML nodes (a config has a few hundred); stopped"),
                h.error_text());
  rusage ru{};
  REQUIRE(::getrusage(RUSAGE_SELF, &ru) == 0);
  CHECK(ru.ru_maxrss < 512 * 1024);  // KiB: far below the 1.45 GB the probe saw
}

TEST_CASE("B4: one run_id rule: the loader and the id allocator agree on every candidate") {
  TempDir d;
  REQUIRE(d.ok());
  for (const std::string id : {"my_run", "a-b", "run.1", "abcdefghijklm", "ab1", "R2d2", "abcdefghijkl"}) {
    const run::RunConfigResult r = run::load_run_config(d.write("r.yaml", kMinimal), {"engine.run_id=" + id});
    CHECK_MESSAGE(r.ok() == engine::OrderIdAllocator::valid_run_id(id), id, ": ", r.error_text());
    bool constructs = true;
    try {
      engine::OrderIdAllocator a("xtb", id);
    } catch (const std::invalid_argument&) {
      constructs = false;
    }
    CHECK_MESSAGE(constructs == engine::OrderIdAllocator::valid_run_id(id), id);
  }
}

TEST_CASE("B9: engine.run_id omitted → a fresh valid run id at every start; given → kept") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("g.yaml", kMinimal);
  const run::RunConfigResult a = run::load_run_config(p);
  const run::RunConfigResult b = run::load_run_config(p);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.config.engine.run_id_generated);
  CHECK(a.config.engine.run_id.size() == 8);
  CHECK(engine::OrderIdAllocator::valid_run_id(a.config.engine.run_id));
  CHECK(a.config.engine.run_id != b.config.engine.run_id);  // 36^8 ids: two starts never share one
  // The longest prefix still leaves room: prefix + run_id ≤ 16.
  const run::RunConfigResult c = run::load_run_config(p, {"engine.id_prefix=abcdefgh"});
  REQUIRE(c.ok());
  CHECK(c.config.engine.id_prefix.size() + c.config.engine.run_id.size() <= engine::OrderIdAllocator::kMaxPrefixPlusRunId);
  // Journal resume passes the run id explicitly: it is kept as given.
  const run::RunConfigResult r = run::load_run_config(p, {"engine.run_id=rs", "engine.journal=/tmp/rs.journal"});
  REQUIRE(r.ok());
  CHECK(r.config.engine.run_id == "rs");
  CHECK_FALSE(r.config.engine.run_id_generated);
}

TEST_CASE("B8: global.testnet: true selects the Binance USD-M testnet URLs; with venue URLs it is refused") {
  TempDir d;
  REQUIRE(d.ok());
  run::RunConfigResult r = run::load_run_config(d.write("t.yaml", std::string(kMinimal) + "global:\n  testnet: true\n"));
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  CHECK(r.config.venues.front().rest_url == "https://demo-fapi.binance.com");  // venue-docs network_connectivity.md
  CHECK(r.config.venues.front().ws_url == "wss://fstream.binancefuture.com");
  CHECK(r.config.venues.front().rest.host == "demo-fapi.binance.com");
  CHECK(r.config.venues.front().ws.host == "fstream.binancefuture.com");
  r = run::load_run_config(d.write("f.yaml", std::string(kMinimal) + "global:\n  testnet: false\n"));
  REQUIRE(r.ok());
  CHECK(r.config.venues.front().rest_url == "https://fapi.binance.com");
  const std::string both = d.write("b.yaml", std::string(kMinimal) + "global:\n  testnet: true\nvenue:\n  rest_url: https://127.0.0.1:8443\n");
  r = run::load_run_config(both);
  CHECK_MESSAGE(has(r.error_text(), both + ":4:12: global.testnet: true conflicts with venue.rest_url (line 6): set one of them"),
                r.error_text());
  r = run::load_run_config(d.write("x.yaml", std::string(kMinimal) + "global:\n  testnet: maybe\n"));
  CHECK(has(r.error_text(), "x.yaml:4:12: global.testnet: must be true or false"));
}

TEST_CASE("B8: global.proxy is refused with a clear error unless empty") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("p.yaml", std::string(kMinimal) + "global:\n  proxy: http://127.0.0.1:7890\n");
  run::RunConfigResult r = run::load_run_config(p);
  CHECK_MESSAGE(has(r.error_text(), p + ":4:10: global.proxy: is not supported: xtb connects to the venue directly for "
                                        "REST and WebSocket (no HTTP CONNECT proxy)"),
                r.error_text());
  CHECK(run::load_run_config(d.write("e.yaml", std::string(kMinimal) + "global:\n  proxy: \"\"\n")).ok());
  CHECK(run::load_run_config(d.write("n.yaml", std::string(kMinimal) + "global:\n  proxy: null\n")).ok());
}

TEST_CASE("B8: global.telegram (seed layout) is mapped onto notify:, events select alert kinds") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("tg.yaml", std::string(kMinimal) +
                                               "global:\n  telegram:\n    enabled: true\n    events:\n"
                                               "      on_fill: true\n      on_reconnect: false\n"
                                               "      on_risk_trigger: true\n      on_open_alert: false\n");
  run::RunConfigResult r = run::load_run_config(p);
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  const notify::NotifyConfig& n = r.config.notify;
  CHECK(n.enabled);
  CHECK(n.kind == notify::NotifierKind::Telegram);
  CHECK(n.token_env == "TELEGRAM_BOT_TOKEN");  // the seed's env names
  CHECK(n.chat_id_env == "TELEGRAM_CHAT_ID");
  CHECK(n.language == notify::Language::Zh);
  CHECK(n.sends(AlertKind::Fill));
  CHECK(n.sends(AlertKind::PanicEnter));
  CHECK_FALSE(n.sends(AlertKind::Reconnect));
  CHECK_FALSE(n.sends(AlertKind::ExternalOpen));
  CHECK(n.sends(AlertKind::KillSwitch));
  // disabled, the default of the seed's example: no notifier
  r = run::load_run_config(d.write("off.yaml", std::string(kMinimal) + "global:\n  telegram: { enabled: false }\n"));
  REQUIRE(r.ok());
  CHECK_FALSE(r.config.notify.enabled);
  // both layouts at once is ambiguous; an unknown event is an error at its line
  const std::string both =
      d.write("both.yaml", std::string(kMinimal) + "global:\n  telegram: { enabled: true }\nnotify:\n  enabled: false\n");
  r = run::load_run_config(both);
  CHECK_MESSAGE(has(r.error_text(), both + ":4:13: global.telegram: set either notify: (line 6) or global.telegram, not both"),
                r.error_text());
  const std::string bad = d.write("bad.yaml", std::string(kMinimal) + "global:\n  telegram:\n    events: { on_fil: true }\n");
  r = run::load_run_config(bad);
  CHECK_MESSAGE(has(r.error_text(), bad + ":5:15: global.telegram.events.on_fil: unknown key"), r.error_text());
}

TEST_CASE("notify.language: zh (default) | en; anything else is refused at its line") {
  TempDir d;
  REQUIRE(d.ok());
  run::RunConfigResult r = run::load_run_config(d.write("en.yaml", std::string(kMinimal) + "notify:\n  language: en\n"));
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  CHECK(r.config.notify.language == notify::Language::En);
  const std::string p = d.write("fr.yaml", std::string(kMinimal) + "notify:\n  language: fr\n");
  r = run::load_run_config(p);
  CHECK_MESSAGE(has(r.error_text(), p + ":4:13: notify.language: must be 'zh' or 'en', got 'fr'"), r.error_text());
}

TEST_CASE("row 5: global.ws.reconnect sets the stream reconnect backoff; bad values are refused at their line") {
  TempDir d;
  REQUIRE(d.ok());
  run::RunConfigResult r = run::load_run_config(d.write("r.yaml", std::string(kMinimal) +
      "global:\n  ws:\n    reconnect: { initial_delay_ms: 1000, max_delay_ms: 30000, multiplier: 2.5 }\n"));
  REQUIRE_MESSAGE(r.ok(), r.error_text());
  CHECK(r.config.venues.front().ws_backoff.initial_ns == 1'000'000'000);
  CHECK(r.config.venues.front().ws_backoff.max_ns == 30'000'000'000);
  CHECK(r.config.venues.front().ws_backoff.multiplier == 2.5);
  r = run::load_run_config(d.write("o.yaml", std::string(kMinimal)));  // omitted: xtb's 100 ms → 30 s ×2
  CHECK(r.config.venues.front().ws_backoff.initial_ns == 100'000'000);
  CHECK(r.config.venues.front().ws_backoff.max_ns == 30'000'000'000);
  const std::string bad = d.write("b.yaml", std::string(kMinimal) +
      "global:\n  ws:\n    reconnect: { initial_delay_ms: 5000, max_delay_ms: 1000, multiplier: 0.5, jitter: 1 }\n");
  r = run::load_run_config(bad);
  const std::string e = r.error_text();
  CHECK_MESSAGE(has(e, "global.ws.reconnect.max_delay_ms: must be at least initial_delay_ms (5000)"), e);
  CHECK_MESSAGE(has(e, "global.ws.reconnect.multiplier: must be a number in [1, 10], got '0.5'"), e);
  CHECK_MESSAGE(has(e, "global.ws.reconnect.jitter: unknown key"), e);
}

TEST_CASE("fuzz_yaml_document finding: a duplicate empty key (a bare tag `! : 1` twice) names a field") {
  const yaml::YamlDocument doc = yaml::parse_yaml_document("\n!  : 1\n!  ");
  REQUIRE(doc.issues.size() == 1);
  CHECK(doc.issues[0].field == "(empty key)");
  CHECK(doc.issues[0].message.rfind("duplicate key: first set at line 2, again at line 3", 0) == 0);
}

TEST_CASE("issue 14: venue.name picks a venue from the venue list; its options are checked by the venue") {
  TempDir d;
  REQUIRE(d.ok());
  std::string t = errors_of(d, "vname.yaml", std::string(kMinimal) + "venue:\n  name: nasdaq\n");
  CHECK_MESSAGE(has(t, "vname.yaml:4:9: venue.name: unknown venue 'nasdaq' (known: " + live_venue_names_text() + ")"), t);
  CHECK(live_venue_names_text().rfind("binance_usdm", 0) == 0);
  t = errors_of(d, "vopt.yaml", std::string(kMinimal) + "venue:\n  name: binance_usdm\n  streams: pooled\n  trades: ticks\n");
  CHECK_MESSAGE(has(t, "vopt.yaml:5:12: venue.streams: must be combined, raw or split, got 'pooled'"), t);
  CHECK_MESSAGE(has(t, "vopt.yaml:6:11: venue.trades: must be aggTrade or trade, got 'ticks'"), t);
  CHECK(errors_of(d, "vok.yaml", std::string(kMinimal) + "venue:\n  name: binance_usdm\n  trades: trade\n").empty());
}
