// Lighter L2 transactions against nautilus_trader's signing_tx_oracle.json (9 txs made by the
// official compiled signer: create x3, cancel x2, modify x2, approve integrator x2): exact
// tx_hash, exact tx_info JSON (rendered with the oracle's own signature), the oracle's
// signature verifies under our derived public key, and our own signature verifies too.
// Auth tokens against signing_auth_token_oracle.json (6).
#include <doctest/doctest.h>

#include <string>

#include "core/alloc_guard.hpp"
#include "crypto/lighter/auth_token.hpp"
#include "crypto/lighter/signed_tx.hpp"
#include "lighter_vectors.hpp"

namespace lt = xtb::crypto::lighter;
using namespace lt::test;
using lt::AttributeType;

namespace {

struct OracleCase {
  lt::TxHeader header;
  lt::L2TxAttributes attrs;
  std::string kind, tx_info, tx_hash;
  lt::Signature sig;
  simdjson::dom::element fields;
};

std::int64_t i64(simdjson::dom::element e, const char* key) {
  simdjson::dom::element v = e[key];
  if (v.is_bool()) return v.get_bool().value() ? 1 : 0;
  return v.get_int64().value();
}

OracleCase parse_case(simdjson::dom::element v) {
  OracleCase c;
  c.kind = std::string(v["kind"].get_string().value());
  c.header.chain_id = static_cast<std::uint32_t>(i64(v, "chain_id"));
  c.header.nonce = i64(v, "nonce");
  c.header.expired_at = i64(v, "expired_at");
  c.header.account_index = i64(v, "account_index");
  c.header.api_key_index = static_cast<std::uint8_t>(i64(v, "api_key_index"));
  c.fields = v["fields"];
  // The SDK passes the integrator fields of orders always, skip_nonce only when set.
  if (c.kind == "create_order" || c.kind == "modify_order") {
    c.attrs.set(AttributeType::IntegratorAccountIndex, i64(c.fields, "integrator_account_index"));
    c.attrs.set(AttributeType::IntegratorTakerFee, i64(c.fields, "integrator_taker_fee"));
    c.attrs.set(AttributeType::IntegratorMakerFee, i64(c.fields, "integrator_maker_fee"));
  }
  if (i64(c.fields, "skip_nonce") == 1) c.attrs.set(AttributeType::SkipTxNonce, 1);
  c.tx_info = std::string(v["tx_info"].get_string().value());
  c.tx_hash = std::string(v["tx_hash"].get_string().value());
  const auto sig = unhex(v["sig"].get_string().value());
  REQUIRE(sig.size() == 80);
  REQUIRE(lt::Signature::from_bytes(std::span<const std::uint8_t, 80>(sig.data(), 80), c.sig));
  return c;
}

/// Hash, tx_info with the given signature, and our own signed form of one oracle case.
template <typename Tx>
void check_case(const OracleCase& c, const Tx& tx, const lt::PrivateKey& key) {
  const lt::Fp5 h = lt::tx_hash(c.header, tx, c.attrs);
  CHECK(fp5_to_hex(h) == c.tx_hash);
  std::array<char, lt::kTxInfoMaxBytes> buf;
  const std::size_t n = lt::write_tx_info(buf, c.header, tx, c.attrs, c.sig);
  CHECK(std::string_view(buf.data(), n) == c.tx_info);
  CHECK(lt::schnorr_verify(key.public_key(), h, c.sig));
  lt::SignedTx ours;
  REQUIRE(lt::sign_tx(key, c.header, tx, c.attrs, ours));
  CHECK(ours.hash == h);
  CHECK(lt::schnorr_verify(key.public_key(), h, ours.sig));
  std::array<char, 80> hex;
  ours.tx_hash_hex(hex);
  CHECK(std::string_view(hex.data(), 80) == c.tx_hash);
  // Same JSON apart from the signature.
  const auto prefix = c.tx_info.substr(0, c.tx_info.find("\"Sig\""));
  CHECK(ours.tx_info().substr(0, prefix.size()) == prefix);
}

}  // namespace

TEST_CASE("Lighter tx oracle: tx_hash, tx_info and signatures of 9 transactions") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_tx_oracle.json");
  int n = 0;
  for (simdjson::dom::element v : root["vectors"].get_array()) {
    const OracleCase c = parse_case(v);
    const auto key = lt::PrivateKey::from_hex(v["sk"].get_string().value());
    REQUIRE(key.has_value());
    CAPTURE(n);
    CAPTURE(c.kind);
    const auto f = c.fields;
    if (c.kind == "create_order") {
      lt::CreateOrder o;
      o.market_index = static_cast<std::int16_t>(i64(f, "market_index"));
      o.client_order_index = i64(f, "client_order_index");
      o.base_amount = i64(f, "base_amount");
      o.price = static_cast<std::uint32_t>(i64(f, "price"));
      o.is_ask = static_cast<std::uint8_t>(i64(f, "is_ask"));
      o.type = static_cast<std::uint8_t>(i64(f, "order_type"));
      o.time_in_force = static_cast<std::uint8_t>(i64(f, "time_in_force"));
      o.reduce_only = static_cast<std::uint8_t>(i64(f, "reduce_only"));
      o.trigger_price = static_cast<std::uint32_t>(i64(f, "trigger_price"));
      o.order_expiry = i64(f, "order_expiry");
      check_case(c, o, *key);
    } else if (c.kind == "cancel_order") {
      check_case(c, lt::CancelOrder{static_cast<std::int16_t>(i64(f, "market_index")), i64(f, "index")}, *key);
    } else if (c.kind == "modify_order") {
      lt::ModifyOrder m{static_cast<std::int16_t>(i64(f, "market_index")), i64(f, "index"), i64(f, "base_amount"),
                        static_cast<std::uint32_t>(i64(f, "price")), static_cast<std::uint32_t>(i64(f, "trigger_price"))};
      check_case(c, m, *key);
    } else if (c.kind == "approve_integrator") {
      lt::ApproveIntegrator a{i64(f, "integrator_account_index"),
                              static_cast<std::uint32_t>(i64(f, "max_perps_taker_fee")),
                              static_cast<std::uint32_t>(i64(f, "max_perps_maker_fee")),
                              static_cast<std::uint32_t>(i64(f, "max_spot_taker_fee")),
                              static_cast<std::uint32_t>(i64(f, "max_spot_maker_fee")), i64(f, "approval_expiry")};
      check_case(c, a, *key);
    } else {
      FAIL("unknown kind " << c.kind);
    }
    ++n;
  }
  CHECK(n == 9);
}

TEST_CASE("Lighter cancel-all, attributes, and allocation-free signing of an order template") {
  const auto key = lt::PrivateKey::from_hex("0b8e0f63c24d8baacd9d29ad4e9a4b73c4a8d2bb8b16dc4fa9d7c2e1d3a8b1f0e8d3a4c5b6e7f001");
  REQUIRE(key.has_value());
  lt::TxHeader h{lt::kChainIdTestnet, 9, 1777809907012, 12345, 5};
  lt::L2TxAttributes attrs;
  attrs.set(AttributeType::CancelAllMarketIndex, 255);  // nil: no aggregation
  lt::SignedTx s;
  REQUIRE(lt::sign_tx(*key, h, lt::CancelAllOrders{0, 0}, attrs, s));
  CHECK(s.hash == lt::tx_hash(h, lt::CancelAllOrders{0, 0}, lt::L2TxAttributes{}));
  CHECK(s.tx_info().starts_with(R"({"AccountIndex":12345,"ApiKeyIndex":5,"TimeInForce":0,"Time":0,"ExpiredAt":1777809907012,"Nonce":9,"Sig":")"));
  CHECK(s.tx_info().ends_with(R"(","L2TxAttributes":{"5":255}})"));
  CHECK(lt::schnorr_verify(key->public_key(), s.hash, s.sig));
  attrs.set(AttributeType::CancelAllMarketIndex, 3);  // non-nil: aggregated
  CHECK_FALSE(lt::tx_hash(h, lt::CancelAllOrders{0, 0}, attrs) == s.hash);
  lt::L2TxAttributes five;
  for (auto t : {AttributeType::IntegratorAccountIndex, AttributeType::IntegratorTakerFee,
                 AttributeType::IntegratorMakerFee, AttributeType::SkipTxNonce, AttributeType::SelfTradeBehaviorMode})
    five.set(t, 1);
  CHECK_FALSE(lt::sign_tx(*key, h, lt::CancelOrder{0, 1}, five, s));

  lt::CreateOrder order{1, 77, 1000, 405000, 1, 0, 1, 0, 0, 1735689600000};
  lt::L2TxAttributes none;
  std::uint64_t before = 0, after = 0;
  {
    xtb::AllocGuard::Armed armed;
    before = xtb::AllocGuard::armed_allocations();
    for (int i = 0; i < 16; ++i) {
      h.nonce = 100 + i;
      order.client_order_index = 1000 + i;
      REQUIRE(lt::sign_tx(*key, h, order, none, s));
    }
    after = xtb::AllocGuard::armed_allocations();
  }
#if defined(XTB_ALLOC_GUARD) && XTB_ALLOC_GUARD
  REQUIRE(xtb::AllocGuard::enabled());  // the counting allocator is linked: the check is real
#endif
  if (xtb::AllocGuard::enabled()) CHECK(after == before);
  CHECK(lt::schnorr_verify(key->public_key(), s.hash, s.sig));
}

TEST_CASE("Lighter auth token oracle: 6 tokens verify under the derived key; ours verify too") {
  simdjson::dom::parser parser;
  auto root = load_vectors(parser, "nautilus/signing_auth_token_oracle.json");
  int n = 0;
  for (simdjson::dom::element v : root["vectors"].get_array()) {
    const auto key = lt::PrivateKey::from_hex(v["sk"].get_string().value());
    REQUIRE(key.has_value());
    const std::string_view token = v["token"].get_string().value();
    CHECK(lt::verify_auth_token(token, key->public_key()));
    std::array<char, lt::kAuthTokenMaxBytes> buf;
    const std::size_t len = lt::write_auth_token(buf, *key, i64(v, "deadline"), i64(v, "account_index"),
                                                 static_cast<std::uint8_t>(i64(v, "api_key_index")));
    const std::string_view ours(buf.data(), len);
    CHECK(ours.substr(0, ours.rfind(':')) == token.substr(0, token.rfind(':')));
    CHECK(lt::verify_auth_token(ours, key->public_key()));
    std::string tampered(token);
    tampered[0] = tampered[0] == '1' ? '2' : '1';  // another deadline
    CHECK_FALSE(lt::verify_auth_token(tampered, key->public_key()));
    ++n;
  }
  CHECK(n == 6);
  CHECK_FALSE(lt::verify_auth_token("1:2:3:zz", lt::Fp5::one()));
}
