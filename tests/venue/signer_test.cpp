// signer_test.cpp — HMAC-SHA256 signer: the official Binance vector, RFC 4231 vectors,
// and agreement with OpenSSL's one-shot HMAC() over many message and key lengths.
#include <doctest/doctest.h>

#include <string>

#include "encode_test_util.hpp"
#include "venue/binance/signer.hpp"

using namespace xtb::binance;
using namespace xtb::binance::test;

namespace {
std::string sign_hex(const HmacSha256Signer& s, std::string_view msg) {
  char hex[HmacSha256Signer::kHexChars];
  s.sign_hex(msg, hex);
  return std::string(hex, sizeof hex);
}
}  // namespace

TEST_SUITE("binance-encode") {

TEST_CASE("official Binance HMAC example (authentication.md)") {
  HmacSha256Signer s(kDocSecret);
  REQUIRE(s.has_key());
  CHECK(sign_hex(s, kDocPayload) == kDocSignature);
  CHECK(sign_hex(s, kDocPayload) == kDocSignature);  // state is reused, not consumed
}

TEST_CASE("RFC 4231 test cases 1, 2 and 6 (short key, short key, 131-byte key)") {
  HmacSha256Signer tc1(std::string(20, '\x0b'));
  CHECK(sign_hex(tc1, "Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  HmacSha256Signer tc2("Jefe");
  CHECK(sign_hex(tc2, "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  HmacSha256Signer tc6(std::string(131, '\xaa'));  // longer than the block: hashed first
  CHECK(sign_hex(tc6, "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("agrees with OpenSSL HMAC() for every length across block boundaries") {
  std::string msg;
  for (const std::size_t key_len : {1u, 32u, 63u, 64u, 65u, 200u}) {
    std::string key;
    for (std::size_t i = 0; i < key_len; ++i) key += static_cast<char>('a' + i % 26);
    HmacSha256Signer s(key);
    msg.clear();
    for (std::size_t len = 0; len <= 300; ++len) {
      CHECK(sign_hex(s, msg) == reference_hmac_hex(key, msg));
      msg += static_cast<char>('0' + (len * 7) % 75);
    }
  }
}

TEST_CASE("rekeying replaces the state; hex is lower case") {
  HmacSha256Signer s("first");
  const std::string a = sign_hex(s, "m");
  s.set_key(kDocSecret);
  CHECK(sign_hex(s, kDocPayload) == kDocSignature);
  CHECK(a != sign_hex(s, "m"));
  const std::uint8_t bytes[] = {0x00, 0x9f, 0xab, 0xff};
  char hex[8];
  to_hex_lower(bytes, sizeof bytes, hex);
  CHECK(std::string(hex, 8) == "009fabff");
  HmacSha256Signer none;
  CHECK_FALSE(none.has_key());
}

}  // TEST_SUITE
