// test_run_credentials.cpp — where `xtb run` takes the API key pair from (venue/binance/live/account_rest.hpp,
// review row 65): XTB_API_KEY / XTB_API_SECRET, else seed 002's BINANCE_API_KEY /
// BINANCE_API_SECRET, else (loopback venue only) the docs' example pair; never a secret in
// a message.
#include <doctest/doctest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "app/run/run_config.hpp"
#include "venue/binance/live/account_rest.hpp"

using namespace xtb;

namespace {

struct EnvScope {  // clears the four variables, restores nothing (tests own the process env)
  EnvScope() { clear(); }
  ~EnvScope() { clear(); }
  static void clear() {
    for (const char* v : {"XTB_API_KEY", "XTB_API_SECRET", "BINANCE_API_KEY", "BINANCE_API_SECRET"}) unsetenv(v);
  }
};

VenueConfig venue(const std::string& host) {
  VenueConfig v;
  v.rest_url = "https://" + host + ":9443";
  v.ws_url = "wss://" + host + ":9443";
  std::string err;
  REQUIRE(run::resolve_endpoints(v, err));
  return v;
}

const std::string kSecret = "s3cr3tS3CR3Ts3cr3tS3CR3Ts3cr3tS3CR3Ts3cr3tS3CR3Ts3cr3tS3CR3Tabcd";

}  // namespace

TEST_CASE("credentials: XTB_* first, then the seed's BINANCE_*, then loopback's example pair") {
  EnvScope env;
  std::string note;
  SUBCASE("seed 002's names") {
    setenv("BINANCE_API_KEY", "seedkey0123456789", 1);
    setenv("BINANCE_API_SECRET", kSecret.c_str(), 1);
    const binance::Credentials c = binance::load_run_credentials(venue("fapi.example.com"), note);
    CHECK(c.api_key() == "seedkey0123456789");
    CHECK(note.find("BINANCE_API_KEY") != std::string::npos);
    CHECK(note.find(kSecret) == std::string::npos);
  }
  SUBCASE("XTB_* wins over BINANCE_*") {
    setenv("XTB_API_KEY", "xtbkey0123456789", 1);
    setenv("XTB_API_SECRET", kSecret.c_str(), 1);
    setenv("BINANCE_API_KEY", "seedkey0123456789", 1);
    setenv("BINANCE_API_SECRET", kSecret.c_str(), 1);
    CHECK(binance::load_run_credentials(venue("fapi.example.com"), note).api_key() == "xtbkey0123456789");
  }
  SUBCASE("half a pair is an error naming the variables, never the secret") {
    setenv("BINANCE_API_SECRET", kSecret.c_str(), 1);
    try {
      binance::load_run_credentials(venue("fapi.example.com"), note);
      FAIL("a key without its secret was accepted");
    } catch (const std::runtime_error& e) {
      const std::string m = e.what();
      CHECK(m.find("BINANCE_API_KEY") != std::string::npos);
      CHECK(m.find(kSecret) == std::string::npos);
    }
  }
  SUBCASE("nothing set: the example pair on loopback only") {
    CHECK_FALSE(binance::load_run_credentials(venue("127.0.0.1"), note).api_key().empty());
    CHECK(note.find("example key pair") != std::string::npos);
    CHECK_THROWS_AS(binance::load_run_credentials(venue("fapi.example.com"), note), std::runtime_error);
  }
}
