// test_grvt_vectors.cpp — every signing case of ../shared/data/grvt/grvt_pysdk_signing_vectors.json
// (grvt-pysdk @bb77839e tests; provenance in ../shared/data/README.md "grvt/"): 15 cases with
// r/s/v only and 11 with every intermediate (message data, domain separator, struct hash,
// digest input, digest, r/s as integers, v, 65-byte signature). Signatures must match
// bit for bit (RFC 6979), recover to the signing key, and have low s.
#include <doctest/doctest.h>

#include <string>

#include "crypto/evm/abi_word.hpp"
#include "crypto/evm/address.hpp"
#include "crypto/evm/eip712_domain.hpp"
#include "crypto/evm/eip712_encoder.hpp"
#include "crypto/evm/signature_format.hpp"
#include "evm_test_util.hpp"
#include "grvt_messages.hpp"

namespace evm = xtb::crypto::evm;
namespace e7 = xtb::crypto::evm::eip712;
using namespace evm::test;

namespace {

constexpr const char* kFile = "grvt/grvt_pysdk_signing_vectors.json";

struct Signed {
  evm::Bytes32 domain, body, digest;
  evm::Signature sig;
};

e7::Domain grvt_domain(std::uint64_t chain) { return {"GRVT Exchange", "0", chain, std::nullopt, std::nullopt}; }

Signed sign_message(const GrvtMessage& m, std::uint64_t chain, const evm::PrivateKey& key) {
  e7::TypeSet types;
  std::string err;
  REQUIRE_MESSAGE(e7::TypeSet::parse(m.types, types, &err), err);
  Signed s;
  REQUIRE_MESSAGE(e7::hash_struct(types, m.primary, m.message, s.body, &err), err);
  s.domain = e7::domain_separator(grvt_domain(chain));
  s.digest = e7::eip712_digest(s.domain, s.body);
  REQUIRE(evm::sign_digest(ctx(), key, s.digest, s.sig));
  CHECK(evm::is_low_s(s.sig));
  const auto rec = evm::recover_public_key(ctx(), s.digest, s.sig);
  REQUIRE(rec.has_value());
  CHECK(*rec == evm::public_key_of(ctx(), key));
  return s;
}

void check_rsv(const Signed& s, simdjson::dom::element c) {
  CHECK("0x" + hex(s.sig.r) == str(c, "want_r"));
  CHECK("0x" + hex(s.sig.s) == str(c, "want_s"));
  CHECK(std::to_string(evm::v_byte(s.sig, evm::VStyle::Legacy27)) == scalar_text(c["want_v"]));
}

evm::PrivateKey key_of(simdjson::dom::element table) {
  const auto k = evm::PrivateKey::from_hex(str(table["constants"], "private_key"));
  REQUIRE(k.has_value());
  return *k;
}

std::uint64_t chain_of(simdjson::dom::element table, std::uint64_t fallback) {
  std::uint64_t chain = fallback;
  if (table["constants"]["chainId"].get(chain) != simdjson::SUCCESS) chain = fallback;
  return chain;
}

/// The intermediate values of one case of test_grvt_raw_signing_intermediate_steps.py.
void check_intermediates(const GrvtMessage& m, const Signed& s, simdjson::dom::element c) {
  const simdjson::dom::element dom = c["expected_domain_data_json"];
  REQUIRE(str(dom, "name") == "GRVT Exchange");
  REQUIRE(str(dom, "version") == "0");
  const simdjson::dom::element signable = c["expected_signable_message"];
  CHECK(str(signable, "version") == "01");
  CHECK(hex(s.domain) == str(signable, "header"));
  CHECK(hex(e7::domain_separator(grvt_domain(std::uint64_t(dom["chainId"])))) == str(signable, "header"));
  // The SDK's message data, encoded by the generic encoder, gives the same struct hash.
  e7::TypeSet types;
  REQUIRE(e7::TypeSet::parse(m.types, types));
  evm::Bytes32 sdk_body;
  std::string err;
  REQUIRE_MESSAGE(e7::hash_struct(types, m.primary, to_value(c["expected_message_data_json"]), sdk_body, &err), err);
  CHECK(hex(sdk_body) == str(signable, "body"));
  CHECK(hex(s.body) == str(signable, "body"));
  CHECK(str(c, "digest_input") == "0x1901" + hex(s.domain) + hex(s.body));
  const simdjson::dom::element out = c["expected_signed_message"];
  CHECK(hex(s.digest) == str(out, "message_hash"));
  evm::Bytes32 r, sv;
  REQUIRE(evm::parse_uint256(scalar_text(out["r"]), r));
  REQUIRE(evm::parse_uint256(scalar_text(out["s"]), sv));
  CHECK(r == s.sig.r);
  CHECK(sv == s.sig.s);
  CHECK(std::to_string(evm::v_byte(s.sig, evm::VStyle::Legacy27)) == scalar_text(out["v"]));
  CHECK(evm::rsv_hex(s.sig, evm::VStyle::Legacy27) == "0x" + str(out, "signature"));
}

}  // namespace

TEST_CASE("GRVT pysdk signing vectors: 15 r/s/v cases + 11 with intermediates, bit-exact") {
  simdjson::dom::parser parser;
  const simdjson::dom::element files = load_data(parser, kFile)["files"];
  int plain = 0, detailed = 0;

  const simdjson::dom::element f1 = files["tests/pysdk/test_grvt_raw_signing.py"];
  for (const char* table : {"test_sign_order_table", "test_sign_transfer_table"}) {
    const simdjson::dom::element t = f1[table];
    const auto key = key_of(t);
    for (auto c : simdjson::dom::array(t["test_cases"])) {
      CAPTURE(str(c, "name"));
      const bool transfer = std::string_view(table) == "test_sign_transfer_table";
      const GrvtMessage m = transfer ? grvt_transfer(c["transfer"]) : grvt_order(c["order"]);
      check_rsv(sign_message(m, chain_of(t, kGrvtTestnetChainId), key), c);
      ++plain;
    }
  }
  const simdjson::dom::element fee = f1["test_sign_order_with_builder_fee_table"];
  for (auto c : simdjson::dom::array(fee["test_cases"])) {
    CAPTURE(str(c, "name"));
    const GrvtMessage m = grvt_order(fee["order_template"], str(c, "builder_fee"));
    CHECK(m.primary == "OrderWithBuilderFee");
    check_rsv(sign_message(m, kGrvtTestnetChainId, key_of(fee)), c);
    ++plain;
  }

  const simdjson::dom::element f2 = files["tests/pysdk/test_grvt_raw_signing_intermediate_steps.py"];
  for (const char* table :
       {"test_sign_order_table", "test_sign_order_with_builder_fee_table", "test_sign_transfer_table"}) {
    const simdjson::dom::element t = f2[table];
    const auto key = key_of(t);
    const std::string pub = str(t["constants"], "public_key");
    if (!pub.empty()) {
      const auto text = evm::eip55(evm::address_of(ctx(), key));
      CHECK(std::string(text.data(), text.size()) == "0x" + pub);
    }
    for (auto c : simdjson::dom::array(t["test_cases"])) {
      CAPTURE(str(c, "name"));
      const bool transfer = std::string_view(table) == "test_sign_transfer_table";
      const GrvtMessage m = transfer ? grvt_transfer(c["transfer"]) : grvt_order(c["order"]);
      const std::uint64_t chain = std::uint64_t(c["expected_domain_data_json"]["chainId"]);
      check_intermediates(m, sign_message(m, chain, key), c);
      ++detailed;
    }
  }
  CHECK(plain == 15);
  CHECK(detailed == 11);
  REQUIRE(plain + detailed == 26);  // a missing or emptied file cannot pass
}
