// test_polymarket_vectors.cpp — the EIP-712 vectors of ../shared/data/polymarket/signing_vectors.json
// (py-clob-client @f1a8807d, clob-order-utils @75f41289, py-clob-client-v2 @b0a97fac,
// nautilus_trader @a95c8042; provenance in ../shared/data/README.md "polymarket/"): the L1
// ClobAuth signature, 2 V1 orders (hash + signature), 5 V2 EOA/proxy/safe orders (hash +
// signature) and 3 V2 POLY_1271 deposit-wallet signatures (ERC-7739 TypedDataSign wrapping,
// rule in the file's `poly_1271_rule`). The L2 HMAC vector is not EIP-712 (OpenSSL HMAC,
// the Polymarket venue's part) and is not read here.
#include <doctest/doctest.h>

#include <string>

#include "crypto/evm/address.hpp"
#include "crypto/evm/eip712_domain.hpp"
#include "crypto/evm/eip712_encoder.hpp"
#include "crypto/evm/signature_format.hpp"
#include "evm_test_util.hpp"

namespace evm = xtb::crypto::evm;
namespace e7 = xtb::crypto::evm::eip712;
using namespace evm::test;

namespace {

constexpr const char* kFile = "polymarket/signing_vectors.json";

e7::Domain domain_of(simdjson::dom::element d) {
  e7::Domain x{str(d, "name"), str(d, "version"), std::uint64_t(d["chainId"]), std::nullopt, std::nullopt};
  const std::string vc = str(d, "verifyingContract");
  if (!vc.empty()) {
    evm::Address a;
    REQUIRE(evm::parse_address(vc, a, true));  // the file's addresses carry valid EIP-55 case
    x.verifying_contract = a;
  }
  return x;
}

evm::PrivateKey key_of(simdjson::dom::element block) {
  const auto k = evm::PrivateKey::from_hex(str(block, "private_key"));
  REQUIRE(k.has_value());
  return *k;
}

evm::Signature sign_checked(const evm::PrivateKey& key, const evm::Bytes32& digest) {
  evm::Signature sig;
  REQUIRE(evm::sign_digest(ctx(), key, digest, sig));
  CHECK(evm::is_low_s(sig));
  const auto rec = evm::recover_public_key(ctx(), digest, sig);
  REQUIRE(rec.has_value());
  const auto addr = evm::eip55(evm::address_of(*rec));
  CHECK(std::string(addr.data(), addr.size()) == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  return sig;
}

/// POLY_1271: ecdsa65(TypedDataSign digest) ‖ domainSeparator ‖ contents ‖ type string ‖ uint16_be(len).
std::string poly_1271_signature(const evm::PrivateKey& key, const std::string& order_types, const e7::Value& order,
                                const evm::Bytes32& ds, std::uint64_t chain) {
  e7::TypeSet types;
  std::string err;
  const std::string wrap =
      "TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)";
  REQUIRE_MESSAGE(e7::TypeSet::parse(wrap + order_types, types, &err), err);
  evm::Bytes32 contents, wrapped;
  REQUIRE(e7::hash_struct(types, "Order", order, contents));
  const e7::Value tds = e7::Value::object({{"contents", order},
                                           {"name", e7::Value::atom("DepositWallet")},
                                           {"version", e7::Value::atom("1")},
                                           {"chainId", e7::Value::atom(std::to_string(chain))},
                                           {"verifyingContract", *order.member("signer")},
                                           {"salt", e7::Value::atom("0x" + std::string(64, '0'))}});
  REQUIRE_MESSAGE(e7::hash_struct(types, "TypedDataSign", tds, wrapped, &err), err);
  evm::Signature sig;
  REQUIRE(evm::sign_digest(ctx(), key, e7::eip712_digest(ds, wrapped), sig));
  CHECK(evm::is_low_s(sig));
  const auto rsv = evm::to_rsv(sig, evm::VStyle::Legacy27);
  const std::uint8_t len[2] = {static_cast<std::uint8_t>(order_types.size() >> 8),
                               static_cast<std::uint8_t>(order_types.size() & 0xff)};
  return "0x" + hex(rsv) + hex(ds) + hex(contents) +
         hex(std::span(reinterpret_cast<const std::uint8_t*>(order_types.data()), order_types.size())) + hex(len);
}

/// One order block (order_v1 or order_v2): every case's hash and signature. Returns the count.
int check_orders(simdjson::dom::element block) {
  const auto key = key_of(block);
  const std::string types_text = str(block, "types");
  e7::TypeSet types;
  std::string err;
  REQUIRE_MESSAGE(e7::TypeSet::parse(types_text, types, &err), err);
  int n = 0;
  for (auto c : simdjson::dom::array(block["cases"])) {
    CAPTURE(str(c, "name"));
    const e7::Value order = to_value(c["order"]);
    evm::Bytes32 body;
    REQUIRE_MESSAGE(e7::hash_struct(types, "Order", order, body, &err), err);
    const e7::Domain d = domain_of(c["domain"]);
    const evm::Bytes32 ds = e7::domain_separator(d);
    const evm::Bytes32 digest = e7::eip712_digest(ds, body);
    const std::string want_hash = str(c, "expected_order_hash");
    if (!want_hash.empty()) CHECK("0x" + hex(digest) == want_hash);
    if (scalar_text(c["order"]["signatureType"]) == "3") {
      CHECK(poly_1271_signature(key, types_text, order, ds, *d.chain_id) == str(c, "expected_signature"));
    } else {
      CHECK(evm::rsv_hex(sign_checked(key, digest), evm::VStyle::Legacy27) == str(c, "expected_signature"));
    }
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("Polymarket L1 ClobAuth signature (py-clob-client), bit-exact") {
  simdjson::dom::parser parser;
  const simdjson::dom::element auth = load_data(parser, kFile)["clob_auth_l1"];
  const std::string types_text = str(auth, "types");
  const auto split = types_text.find("; ");
  REQUIRE(split != std::string::npos);
  e7::TypeSet domain_types, types;
  REQUIRE(e7::TypeSet::parse(types_text.substr(0, split), domain_types));
  REQUIRE(e7::TypeSet::parse(types_text.substr(split + 2), types));
  const e7::Domain d = domain_of(auth["domain"]);
  const evm::Bytes32 ds = e7::domain_separator(d);
  evm::Bytes32 ds_generic, body;
  REQUIRE(e7::hash_struct(domain_types, "EIP712Domain", to_value(auth["domain"]), ds_generic));
  CHECK(ds_generic == ds);
  std::string err;
  REQUIRE_MESSAGE(e7::hash_struct(types, "ClobAuth", to_value(auth["message"]), body, &err), err);
  const auto key = key_of(auth);
  const evm::Signature sig = sign_checked(key, e7::eip712_digest(ds, body));
  CHECK(evm::rsv_hex(sig, evm::VStyle::Legacy27) == str(auth, "expected_signature"));
}

TEST_CASE("Polymarket V1 and V2 order vectors: order hash and signature, bit-exact") {
  simdjson::dom::parser parser;
  const auto root = load_data(parser, kFile);
  const int v1 = check_orders(root["order_v1"]);
  const int v2 = check_orders(root["order_v2"]);
  CHECK(v1 == 2);
  CHECK(v2 == 8);
  REQUIRE(v1 > 0);  // a missing or emptied file cannot pass
  REQUIRE(v2 > 0);
}
