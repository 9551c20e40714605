// signer_credentials_test.cpp — credentials only from the configured environment
// variables, validated, and never printed.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "encode_test_util.hpp"
#include "venue/binance/signer_credentials.hpp"

using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {

constexpr const char* kApiKey = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";

// Fake environment: the test picks what each variable name returns.
const char* g_key_value = nullptr;
const char* g_secret_value = nullptr;
const char* fake_env(const char* name) {
  if (std::strcmp(name, "MY_KEY") == 0) return g_key_value;
  if (std::strcmp(name, "MY_SECRET") == 0) return g_secret_value;
  return nullptr;
}

CredentialEnvNames names() {
  CredentialEnvNames n;
  n.api_key_var = "MY_KEY";
  n.api_secret_var = "MY_SECRET";
  return n;
}

}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("credentials load from the variables named in the config") {
  g_key_value = kApiKey;
  g_secret_value = kDocSecret.data();
  Credentials c;
  REQUIRE(load_credentials(names(), c, &fake_env) == CredentialError::Ok);
  CHECK(c.api_key() == kApiKey);
  CHECK(c.secret() == kDocSecret);
  HmacSha256Signer signer(c.secret());
  char hex[64];
  signer.sign_hex(kDocPayload, hex);
  CHECK(std::string_view(hex, 64) == kDocSignature);

  CredentialEnvNames defaults;  // the documented default names
  CHECK(defaults.api_key_var == "XTB_BINANCE_API_KEY");
  CHECK(defaults.api_secret_var == "XTB_BINANCE_API_SECRET");
}

TEST_CASE("missing or malformed credentials are typed errors") {
  Credentials c;
  g_key_value = nullptr;
  g_secret_value = "s";
  CHECK(load_credentials(names(), c, &fake_env) == CredentialError::ApiKeyMissing);
  g_key_value = "";
  CHECK(load_credentials(names(), c, &fake_env) == CredentialError::ApiKeyMissing);
  g_key_value = "abc";
  g_secret_value = nullptr;
  CHECK(load_credentials(names(), c, &fake_env) == CredentialError::SecretMissing);
  g_key_value = "abc\r\nX-Injected: 1";  // would break the X-MBX-APIKEY header
  g_secret_value = "s";
  CHECK(load_credentials(names(), c, &fake_env) == CredentialError::ApiKeyMalformed);
  g_key_value = "abc";
  g_secret_value = "has space";
  CHECK(load_credentials(names(), c, &fake_env) == CredentialError::SecretMalformed);
  CHECK(c.empty());  // nothing was stored on failure
  CHECK(to_string(CredentialError::SecretMalformed).find("has space") == std::string_view::npos);
}

TEST_CASE("debug output never contains the secret or the whole key") {
  Credentials c(kApiKey, std::string(kDocSecret));
  const std::string s = c.debug_string();
  CHECK(s.find(kDocSecret) == std::string::npos);
  CHECK(s.find(kApiKey) == std::string::npos);
  CHECK(s.find("dbef") != std::string::npos);  // enough to tell keys apart
  CHECK(s.find("<redacted 64 chars>") != std::string::npos);
  CHECK(redact_secret("abc") == "<redacted 3 chars>");
  CHECK(redact_api_key("short") == "<redacted 5 chars>");

  const std::string params = std::string(kDocPayload) + "&signature=" + std::string(kDocSignature);
  char out[256];
  const std::size_t n = redact_signed_params(params, out, sizeof out);
  CHECK(std::string_view(out, n) == std::string(kDocPayload) + "&signature=<redacted>");
  CHECK(redact_signed_params("a=1", out, 2) == 2);  // truncates, never overflows

  Credentials moved(std::move(c));
  CHECK(moved.secret() == kDocSecret);
  CHECK(c.empty());  // NOLINT(bugprone-use-after-move): moved-from is wiped and empty
}

}  // TEST_SUITE
