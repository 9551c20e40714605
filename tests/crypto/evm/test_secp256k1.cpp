// test_secp256k1.cpp — keys, addresses (EIP-55), ECDSA sign/recover and signature forms.
// Sources: EIP-55 (https://eips.ethereum.org/EIPS/eip-55) test addresses; the Hardhat/Anvil
// account #0 key and address (public, as used by ../shared/data/polymarket/signing_vectors.json);
// EIP-712's own example (assets/eip-712/Example.js: key keccak256("cow"), Mail message).
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "crypto/evm/address.hpp"
#include "crypto/evm/ecdsa.hpp"
#include "crypto/evm/keccak.hpp"
#include "crypto/evm/signature_format.hpp"
#include "evm_test_util.hpp"

namespace evm = xtb::crypto::evm;
using evm::test::b32;
using evm::test::ctx;
using evm::test::hex;

namespace {
std::string eip55_text(const evm::Address& a) {
  const auto t = evm::eip55(a);
  return std::string(t.data(), t.size());
}
}  // namespace

TEST_CASE("EIP-55 checksum: the spec's eight addresses round-trip") {
  const char* addrs[] = {"0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
                         "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
                         "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                         "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"};
  for (const char* a : addrs) {
    CAPTURE(a);
    evm::Address parsed;
    REQUIRE(evm::parse_address(a, parsed, true));
    CHECK(eip55_text(parsed) == a);
  }
  evm::Address x;
  CHECK_FALSE(evm::parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", x, true));  // one case flipped
  CHECK(evm::parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", x, false));
  CHECK_FALSE(evm::parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", x));  // 19 bytes
}

TEST_CASE("Private keys: range checks, address derivation") {
  CHECK_FALSE(evm::PrivateKey::from_hex(std::string(64, '0')).has_value());
  // n and n + 1 are out of range; n - 1 is the largest key.
  CHECK_FALSE(
      evm::PrivateKey::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").has_value());
  CHECK_FALSE(
      evm::PrivateKey::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142").has_value());
  CHECK(evm::PrivateKey::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140").has_value());
  CHECK_FALSE(evm::PrivateKey::from_hex("0xzz").has_value());
  const auto hardhat0 = evm::PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  REQUIRE(hardhat0.has_value());
  CHECK(eip55_text(evm::address_of(ctx(), *hardhat0)) == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
}

TEST_CASE("EIP-712 Example.js signature: key keccak256(\"cow\") over the Mail digest") {
  const evm::Bytes32 sk = evm::keccak256(std::string_view("cow"));
  const auto key = evm::PrivateKey::from_bytes(sk);
  REQUIRE(key.has_value());
  CHECK(eip55_text(evm::address_of(ctx(), *key)) == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
  const auto digest = b32("be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
  evm::Signature sig;
  REQUIRE(evm::sign_digest(ctx(), *key, digest, sig));
  CHECK(evm::v_byte(sig, evm::VStyle::Legacy27) == 28);
  CHECK(hex(sig.r) == "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d");
  CHECK(hex(sig.s) == "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562");
}

TEST_CASE("Sign → recover round trip, low s, tampering, signature forms") {
  const auto key = evm::PrivateKey::from_hex("c0663ca94684aead40c41a1cb3a94b68a24296e87245be3a186e882a29a15ee0");
  REQUIRE(key.has_value());
  const evm::PublicKey pub = evm::public_key_of(ctx(), *key);
  evm::Bytes32 digest{};
  for (int i = 0; i < 64; ++i) {
    digest = evm::keccak256(digest);  // a fixed pseudo-random walk of digests
    evm::Signature sig;
    REQUIRE(evm::sign_digest(ctx(), *key, digest, sig));
    CHECK(evm::is_low_s(sig));
    CHECK(sig.recid <= 1);
    const auto rec = evm::recover_public_key(ctx(), digest, sig);
    REQUIRE(rec.has_value());
    CHECK(*rec == pub);
    evm::Signature again;
    REQUIRE(evm::sign_digest(ctx(), *key, digest, again));
    CHECK(again == sig);  // RFC 6979: deterministic
    evm::Bytes32 other = digest;
    other[0] ^= 1;
    const auto wrong = evm::recover_public_key(ctx(), other, sig);
    CHECK((!wrong.has_value() || *wrong != pub));
    for (auto style : {evm::VStyle::Legacy27, evm::VStyle::Raw01}) {
      const evm::Rsv65 rsv = evm::to_rsv(sig, style);
      CHECK(rsv[64] == (style == evm::VStyle::Legacy27 ? 27 + sig.recid : sig.recid));
      evm::Signature back;
      REQUIRE(evm::parse_rsv(rsv, back));
      CHECK(back == sig);
      const std::string text = evm::rsv_hex(sig, style);
      CHECK(text.size() == evm::kRsvHexChars);
      CHECK(text.starts_with("0x"));
      REQUIRE(evm::parse_rsv_hex(text, back));
      CHECK(back == sig);
    }
  }
  evm::Rsv65 bad{};
  bad[64] = 29;
  evm::Signature s;
  CHECK_FALSE(evm::parse_rsv(bad, s));
  s.recid = 4;
  CHECK_FALSE(evm::recover_public_key(ctx(), digest, s).has_value());
}
