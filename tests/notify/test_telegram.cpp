// test_telegram.cpp — TelegramNotifier against a fake Bot API (python3 http.server):
// the request path and JSON body, 429 retry_after honoured, 5xx retried then failed,
// ok:false not retried, timeouts and abort() bounded, and the token in no log line.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "fake_bot_api.hpp"
#include "notify/telegram.hpp"

using namespace xtb;
using namespace xtb::notify;
using xtb::test::FakeBotApi;

namespace {
constexpr const char* kToken = "123456:TEST-token_AbCdEf0123456789xyz";

TelegramSettings settings(const std::string& base) {
  TelegramSettings s;
  s.base_url = base + "/";  // a trailing slash is tolerated
  s.token = kToken;
  s.chat_id = "-1001234567";
  s.connect_timeout_ms = 2000;
  s.request_timeout_ms = 5000;
  s.backoff_ms = 20;
  return s;
}
}  // namespace

TEST_CASE("telegram: path, chat_id and exact texts; failures retried, counted, scrubbed") {
  FakeBotApi api;
  std::shared_ptr<std::ostringstream> logs;
  auto log = test::capture_logger(logs, "tg-test");
  TelegramNotifier tg(settings(api.base_url()), log);
  CHECK(tg.redacted_url() == api.base_url() + "/bot<redacted>/sendMessage");

  SUBCASE("plain sends") {
    const std::string t1 = "🚨 BTCUSDT LONG entered panic tier 1: dist_to_liq 2.4% (mark 61234.5)";
    const std::string t2 = "quotes \" back\\slash\nnew line\ttab";
    CHECK(tg.send(t1));
    CHECK(tg.send(t2));
    const auto reqs = api.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].path == std::string("/bot") + kToken + "/sendMessage");
    CHECK(reqs[0].content_type == "application/json");
    CHECK(reqs[0].chat_id == "-1001234567");
    CHECK(reqs[0].text == t1);
    CHECK(reqs[1].text == t2);
    CHECK(tg.stats().sent == 2);
    CHECK(tg.stats().failed == 0);
  }
  SUBCASE("429 with retry_after is honoured") {
    api.script({"429:1", "ok"});
    CHECK(tg.send("after a rate limit"));
    const auto reqs = api.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[1].text == "after a rate limit");
    CHECK(reqs[1].t - reqs[0].t >= 0.9);  // waited retry_after (1 s), measured by the server
    CHECK(tg.stats().rate_limited == 1);
    CHECK(tg.stats().retries == 1);
    CHECK(tg.stats().sent == 1);
  }
  SUBCASE("429 with a retry_after above the cap fails at once") {
    api.script({"429:120"});
    CHECK_FALSE(tg.send("x"));
    CHECK(api.requests().size() == 1);
    CHECK(tg.stats().failed == 1);
  }
  SUBCASE("5xx is retried max_attempts times, then counted failed") {
    api.script({"500", "500", "500", "ok"});
    CHECK_FALSE(tg.send("server down"));
    CHECK(api.requests().size() == 3);
    CHECK(tg.stats().server_errors == 3);
    CHECK(tg.stats().failed == 1);
    CHECK(tg.stats().retries == 2);
    CHECK(tg.send("server back"));  // the 4th scripted reply
    CHECK(tg.stats().sent == 1);
  }
  SUBCASE("5xx then success") {
    api.script({"500", "ok"});
    CHECK(tg.send("second try"));
    CHECK(api.requests().size() == 2);
  }
  SUBCASE("ok:false is an error, not retried; descriptions are scrubbed") {
    api.script({"okfalse", "echo_path"});
    CHECK_FALSE(tg.send("a"));
    CHECK_FALSE(tg.send("b"));
    CHECK(api.requests().size() == 2);
    CHECK(tg.stats().api_errors == 2);
    CHECK(tg.stats().failed == 2);
    CHECK(logs->str().find("Bad Request: chat not found") != std::string::npos);
    CHECK(logs->str().find("no route /bot<redacted>/sendMessage") != std::string::npos);
  }
  SUBCASE("a hung server hits the request timeout") {
    TelegramSettings s = settings(api.base_url());
    s.request_timeout_ms = 300;
    s.connect_timeout_ms = 300;
    s.max_attempts = 2;
    TelegramNotifier slow(s, log);
    api.script({"hang:3", "hang:3"});
    CHECK_FALSE(slow.send("x"));
    CHECK(slow.stats().transport_errors == 2);
    CHECK(slow.stats().failed == 1);
  }
  SUBCASE("abort() ends a hung request at once") {
    TelegramSettings s = settings(api.base_url());
    s.request_timeout_ms = 60000;
    TelegramNotifier slow(s, log);
    api.script({"hang:30"});
    std::thread killer([&] {
      api.wait_requests(1);
      slow.abort();
    });
    const auto t0 = std::chrono::steady_clock::now();
    CHECK_FALSE(slow.send("x"));
    killer.join();
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));  // not the 30 s hang
    CHECK_FALSE(slow.send("after abort"));  // stays aborted
    CHECK(api.requests().size() == 1);
  }
  SUBCASE("nothing listening: connect error logged without the token") {
    TelegramSettings s = settings("http://127.0.0.1:" + std::to_string(test::closed_port()));
    s.max_attempts = 2;
    TelegramNotifier dead(s, log);
    CHECK_FALSE(dead.send("x"));
    CHECK(dead.stats().transport_errors == 2);
    CHECK(logs->str().find("request failed") != std::string::npos);
  }
  log->flush();
  CAPTURE(logs->str());
  CHECK(logs->str().find(kToken) == std::string::npos);
  CHECK(logs->str().find("TEST-token") == std::string::npos);
  CHECK(logs->str().find("-1001234567") == std::string::npos);  // nor the chat id
}

TEST_CASE("telegram: helpers") {
  CHECK(scrub("GET /bot123:abc/sendMessage and 123:abc again", "123:abc") ==
        "GET /bot<redacted>/sendMessage and <redacted> again");
  CHECK(scrub("nothing", "") == "nothing");
  CHECK(json_escape("a\"b\\c\n\x01é") == "a\\\"b\\\\c\\n\\u0001é");
  BotApiReply r = parse_bot_reply(
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}})");
  CHECK(r.parsed);
  CHECK_FALSE(r.ok);
  CHECK(r.error_code == 429);
  CHECK(r.retry_after_s == 7);
  CHECK(r.description == "Too Many Requests: retry after 7");
  CHECK(parse_bot_reply(R"({"ok":true,"result":{}})").ok);
  CHECK_FALSE(parse_bot_reply("<html>bad gateway</html>").parsed);
}
