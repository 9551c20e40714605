// test_run_watch.cpp — RunWatch (src/app/run/run_watch.hpp) on hand-made LinkHealth and
// SequencerProgress values: the stop and alert rules behind D12 (persistent TLS
// verification failures), D13 (a venue connection that never came up, streams that stay
// down), D5 (orders the venue lost) and "ids the venue knows that the engine does not".
// No process, no network.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/run/run_watch.hpp"

using namespace xtb;
using namespace xtb::run;

namespace {

constexpr std::int64_t kSec = 1'000'000'000;
constexpr std::int32_t kSelfSigned = net::conn_reason::kVerifyBase + 18;  // X509_V_ERR 18
constexpr std::int32_t kTlsClosed = net::conn_reason::kTlsBase + 3;

struct Watched {
  live::LinkHealth streams, rest;
  live::LinkFlags s[2], r[2];
  SequencerProgress progress;
  std::vector<std::string> alerts;
  RunWatch watch{{{"market/user streams", &streams, true}, {"REST connections", &rest, false}},
                 0,
                 [this](const std::string& t) { alerts.push_back(t); }};
  // `ns` streams and `nr` REST connections, all up.
  void all_up(int ns, int nr) {
    for (int i = 0; i < ns; ++i) {
      streams.add_link();
      streams.on_state(ConnStatus::Connected, 0);
      streams.set_up(s[i], true);
    }
    for (int i = 0; i < nr; ++i) {
      rest.add_link();
      rest.on_state(ConnStatus::Connected, 0);
      rest.set_up(r[i], true);
    }
  }
};

}  // namespace

TEST_CASE("D12: consecutive certificate verification failures stop the run with an alert") {
  Watched w;
  w.all_up(1, 1);
  CHECK(w.watch.check(w.progress, kSec).empty());
  // The venue restarted with a new certificate: every reconnect fails verification.
  w.rest.set_up(w.r[0], false);
  for (std::uint32_t i = 0; i + 1 < kMaxVerifyStreak; ++i) w.rest.on_state(ConnStatus::Disconnected, kSelfSigned);
  CHECK(w.watch.check(w.progress, 2 * kSec).empty());  // one short of the bound
  // A refused TCP connect in between does not reset the streak; a verified connect would.
  w.rest.on_state(ConnStatus::Disconnected, 111);
  w.rest.on_state(ConnStatus::Disconnected, kSelfSigned);
  const std::string stop = w.watch.check(w.progress, 3 * kSec);
  CHECK_MESSAGE(stop.find("TLS verification failing") == 0, stop);
  CHECK(stop.find("REST connections") != std::string::npos);
  REQUIRE(w.alerts.size() == 1);
  CHECK(w.alerts[0].find("stopping the run") != std::string::npos);
  CHECK(w.watch.check(w.progress, 4 * kSec).empty());  // raised once
  const std::vector<std::string> p = w.watch.finish();
  REQUIRE(p.size() == 1);
  CHECK(p[0] == "stopped: " + stop);
  CHECK(w.watch.alerts() == 1);
}

TEST_CASE("D12: a verified connect resets the verification streak") {
  Watched w;
  w.all_up(1, 0);
  for (std::uint32_t i = 0; i + 1 < kMaxVerifyStreak; ++i) w.streams.on_state(ConnStatus::Disconnected, kSelfSigned);
  w.streams.on_state(ConnStatus::Connected, 0);
  w.streams.on_state(ConnStatus::Disconnected, kSelfSigned);
  CHECK(w.streams.verify_streak.load() == 1);
  CHECK(w.streams.verify_failures.load() == kMaxVerifyStreak);
  CHECK(w.watch.check(w.progress, kSec).empty());
  CHECK(w.alerts.empty());
}

TEST_CASE("D13: a link that never connected stops the run after the deadline, alerted once") {
  Watched w;
  w.all_up(1, 1);
  w.rest.add_link();  // the second REST connection's handshakes are refused
  w.rest.on_state(ConnStatus::Disconnected, kTlsClosed);
  CHECK(w.watch.check(w.progress, 10 * kSec).empty());  // before the deadline: no stop yet
  const std::string stop = w.watch.check(w.progress, kLinkDownDeadlineNs + kSec);
  CHECK_MESSAGE(stop.find("venue connection never came up: 1 of 2 REST connections never connected") == 0, stop);
  REQUIRE(w.alerts.size() == 1);
  const std::vector<std::string> p = w.watch.finish();
  REQUIRE(p.size() == 1);  // the stop names the links; not listed or alerted twice
  CHECK(p[0] == "stopped: " + stop);
  CHECK(w.alerts.size() == 1);
}

TEST_CASE("D13: a run that ends before the deadline reports a never-connected link and a stream down at the end") {
  SUBCASE("never connected") {
    Watched w;
    w.all_up(1, 1);
    w.rest.add_link();
    w.rest.on_state(ConnStatus::Disconnected, kTlsClosed);
    CHECK(w.watch.check(w.progress, 6 * kSec).empty());
    CHECK(w.alerts.empty());
    const std::vector<std::string> p = w.watch.finish();
    REQUIRE(p.size() == 1);
    CHECK_MESSAGE(p[0].find("1 of 2 REST connections never connected") == 0, p[0]);
    REQUIRE(w.alerts.size() == 1);
    CHECK(w.alerts[0].find("1 of 2 REST connections never connected") == 0);
  }
  SUBCASE("a stream up once, then refused for the last 6 s") {
    Watched w;
    w.all_up(2, 1);
    w.streams.set_up(w.s[1], false);
    w.streams.on_state(ConnStatus::Disconnected, kTlsClosed);
    CHECK(w.watch.check(w.progress, 1 * kSec).empty());
    CHECK(w.watch.check(w.progress, 7 * kSec).empty());
    const std::vector<std::string> p = w.watch.finish();
    REQUIRE(p.size() == 1);
    CHECK_MESSAGE(p[0].find("1 of 2 market/user streams not connected") == 0, p[0]);
    CHECK(p[0].find("for the last 6 s of the run") != std::string::npos);
    CHECK(w.alerts.size() == 1);
  }
  SUBCASE("a REST connection closed by the venue (idle keep-alive) is no problem") {
    Watched w;
    w.all_up(1, 2);
    w.rest.set_up(w.r[1], false);
    w.rest.on_state(ConnStatus::Disconnected, net::conn_reason::kPeerEof);
    CHECK(w.watch.check(w.progress, 1 * kSec).empty());
    CHECK(w.watch.check(w.progress, 40 * kSec).empty());
    CHECK(w.watch.finish().empty());
    CHECK(w.alerts.empty());
  }
}

TEST_CASE("D13: a stream down for the deadline stops the run; one that comes back in time does not") {
  Watched w;
  w.all_up(2, 1);
  w.streams.set_up(w.s[0], false);
  w.streams.on_state(ConnStatus::Disconnected, kTlsClosed);
  CHECK(w.watch.check(w.progress, kSec).empty());
  w.streams.set_up(w.s[0], true);  // back after 10 s: the clock restarts
  CHECK(w.watch.check(w.progress, 11 * kSec).empty());
  w.streams.set_up(w.s[0], false);
  CHECK(w.watch.check(w.progress, 12 * kSec).empty());
  CHECK(w.watch.check(w.progress, 12 * kSec + kLinkDownDeadlineNs - 1).empty());
  const std::string stop = w.watch.check(w.progress, 12 * kSec + kLinkDownDeadlineNs);
  CHECK_MESSAGE(stop.find("venue streams down: 1 of 2 market/user streams not connected") == 0, stop);
  CHECK(w.alerts.size() == 1);
}

TEST_CASE("D13: links not yet up without any failed attempt (a stop during start-up) are no problem") {
  Watched w;
  w.streams.add_link();
  w.rest.add_link();
  CHECK(w.watch.check(w.progress, kLinkDownDeadlineNs + kSec).empty());
  CHECK(w.watch.finish().empty());
  CHECK(w.alerts.empty());
}

TEST_CASE("D5 and unknown own orders: each new one raises an alert, the run goes on") {
  Watched w;
  CHECK(w.watch.check(w.progress, kSec).empty());
  w.progress.venue_lost.store(2);
  CHECK(w.watch.check(w.progress, 2 * kSec).empty());
  REQUIRE(w.alerts.size() == 1);
  CHECK(w.alerts[0].find("2 live order(s) the venue no longer knows") == 0);
  w.progress.unknown_own.store(1);
  CHECK(w.watch.check(w.progress, 3 * kSec).empty());
  REQUIRE(w.alerts.size() == 2);
  CHECK(w.alerts[1].find("1 order id(s) with our client id prefix known to the venue but not to the engine") == 0);
  CHECK(w.watch.check(w.progress, 4 * kSec).empty());  // nothing new: no new alert
  CHECK(w.alerts.size() == 2);
  CHECK(w.watch.alerts() == 2);
  CHECK(w.watch.finish().empty());
}
