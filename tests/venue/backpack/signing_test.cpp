// signing_test.cpp — the docs' signing strings reproduced exactly from their inputs
// (shared/data/backpack/signing_strings_docs.json), Ed25519 against RFC 8032 §7.1 vectors,
// signatures verified with the public key, key loading from the environment.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "venue/backpack/signer.hpp"
#include "venue/backpack/signing_string.hpp"

using namespace xtb;
using namespace xtb::backpack;

namespace {

std::string hex_to_b64(std::string_view hex) {
  std::vector<std::uint8_t> b;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) b.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  char out[256];
  const std::size_t n = base64_encode(b.data(), b.size(), out, sizeof out);
  return std::string(out, n);
}

// Signing string of one docs case: body object or array of objects, values as JSON text
// without quotes.
std::string signing_string_of(simdjson::dom::element c, std::vector<std::string>& store) {
  std::string_view instruction = c["instruction"].get_string();
  simdjson::dom::element body = c["body"];
  std::vector<simdjson::dom::object> blocks;
  if (body.is_array()) for (simdjson::dom::element o : body.get_array()) blocks.push_back(o.get_object());
  else blocks.push_back(body.get_object());
  char buf[1024];
  TextWriter w(buf, sizeof buf);
  store.reserve(64);
  for (simdjson::dom::object o : blocks) {
    Param p[16];
    std::size_t n = 0;
    for (auto [k, v] : o) {
      if (v.is_string()) store.emplace_back(std::string_view(v.get_string()));
      else store.emplace_back(simdjson::minify(v));
      p[n++] = {k, store.back(), v.is_string()};
    }
    sort_params(p, n);
    append_block(w, instruction, p, n);
  }
  append_time_window(w, int64_t(c["timestamp"]), static_cast<std::uint32_t>(uint64_t(c["window"])));
  REQUIRE(w.ok());
  return std::string(w.view());
}

constexpr const char* kSeedB64 = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";  // RFC 8032 TEST 1 seed

}  // namespace

TEST_SUITE("backpack") {

TEST_CASE("signing strings: every case of the docs reproduced exactly") {
  simdjson::dom::parser parser;
  const std::string body = test::read_file(test::data_path("signing_strings_docs.json"));
  simdjson::dom::element root = parser.parse(body);
  int cases = 0;
  for (simdjson::dom::element c : root["cases"].get_array()) {
    std::vector<std::string> store;
    const std::string got = signing_string_of(c, store);
    CHECK(got == std::string_view(c["expected_signing_string"].get_string()));
    ++cases;
  }
  CHECK(cases == 2);
}

TEST_CASE("signing string without params and the private WS subscribe form") {
  char buf[128];
  TextWriter w(buf, sizeof buf);
  append_block(w, "subscribe", nullptr, 0);
  append_time_window(w, 1614550000000, kDefaultWindowMs);
  CHECK(w.view() == "instruction=subscribe&timestamp=1614550000000&window=5000");
}

TEST_CASE("Ed25519: RFC 8032 7.1 TEST 1 and TEST 2 bit-exact; verify with the public key") {
  struct V { const char* seed; const char* pub; std::string msg; const char* sig; };
  const V vs[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "\x72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
  };
  for (const V& v : vs) {
    Ed25519Signer s;
    REQUIRE(s.set_seed_base64(hex_to_b64(v.seed)) == KeyError::Ok);
    CHECK(s.api_key() == hex_to_b64(v.pub));
    char sig[Ed25519Signer::kSigB64];
    REQUIRE(s.sign_base64(v.msg, sig));
    CHECK(std::string(sig, sizeof sig) == hex_to_b64(v.sig));
    CHECK(Ed25519Signer::verify(s.api_key(), v.msg, std::string_view(sig, sizeof sig)));
  }
}

TEST_CASE("docs signing strings signed, verified, deterministic; a changed byte fails") {
  Ed25519Signer s;
  REQUIRE(s.set_seed_base64(kSeedB64) == KeyError::Ok);
  CHECK(s.api_key() == "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
  const std::string msg = "instruction=orderCancel&orderId=28&symbol=BTC_USDT&timestamp=1614550000000&window=5000";
  char a[Ed25519Signer::kSigB64], b[Ed25519Signer::kSigB64];
  REQUIRE(s.sign_base64(msg, a));
  REQUIRE(s.sign_base64(msg, b));  // the reused context gives the same signature
  CHECK(std::memcmp(a, b, sizeof a) == 0);
  CHECK(Ed25519Signer::verify(s.api_key(), msg, {a, sizeof a}));
  std::string bad = msg;
  bad.back() = '1';
  CHECK_FALSE(Ed25519Signer::verify(s.api_key(), bad, {a, sizeof a}));
}

TEST_CASE("key loading from the environment: missing, malformed, wrong length, ok") {
  static const char* value = nullptr;
  EnvLookup lookup = [](const char* name) -> const char* {
    return std::strcmp(name, "XTB_BACKPACK_SECRET") == 0 ? value : nullptr;
  };
  Ed25519Signer s;
  value = nullptr;
  CHECK(s.load_from_env("XTB_BACKPACK_SECRET", lookup) == KeyError::EnvMissing);
  value = "not base64!";
  CHECK(s.load_from_env("XTB_BACKPACK_SECRET", lookup) == KeyError::NotBase64);
  value = "AAAA";
  CHECK(s.load_from_env("XTB_BACKPACK_SECRET", lookup) == KeyError::WrongLength);
  CHECK_FALSE(s.has_key());
  char sig[Ed25519Signer::kSigB64];
  CHECK_FALSE(s.sign_base64("x", sig));
  value = kSeedB64;
  CHECK(s.load_from_env("XTB_BACKPACK_SECRET", lookup) == KeyError::Ok);
  CHECK(s.has_key());
  CHECK(s.api_key().size() == 44);
}

}  // TEST_SUITE
