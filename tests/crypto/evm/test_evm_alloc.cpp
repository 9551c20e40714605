// test_evm_alloc.cpp — the hot path: a GRVT order as a precomputed template (type hashes and
// domain separator computed once), message words written per order, signed and formatted
// with zero heap allocations (core/alloc_guard.hpp), and still bit-exact: the first order
// is grvt-pysdk's "test decimal precision 1, 3 decimals" vector.
#include <doctest/doctest.h>

#include <array>
#include <string>

#include "core/alloc_guard.hpp"
#include "crypto/evm/address.hpp"
#include "crypto/evm/eip712_domain.hpp"
#include "crypto/evm/keccak.hpp"
#include "crypto/evm/signature_format.hpp"
#include "crypto/evm/typed_data_signer.hpp"
#include "evm_test_util.hpp"
#include "grvt_messages.hpp"

namespace evm = xtb::crypto::evm;
namespace e7 = xtb::crypto::evm::eip712;
using namespace evm::test;

namespace {

std::size_t at(const e7::StructTemplate& t, const char* member) {
  const auto i = t.index_of(member);
  REQUIRE(i.has_value());
  return *i;
}

}  // namespace

TEST_CASE("Signing a precomputed GRVT order template allocates nothing and matches the SDK vector") {
  const auto key = evm::PrivateKey::from_hex("f7934647276a6e1fa0af3f4467b4b8ddaf45d25a7368fa1a295eef49a446819d");
  REQUIRE(key.has_value());
  e7::TypeSet types;
  REQUIRE(e7::TypeSet::parse(std::string(kGrvtOrderType) + kGrvtLegType, types));
  auto leg = e7::StructTemplate::make(types, "OrderLeg");
  auto order = e7::StructTemplate::make(types, "Order");
  REQUIRE(leg.has_value());
  REQUIRE(order.has_value());
  const e7::TypedDataSigner signer(ctx(), *key,
                                   e7::domain_separator({"GRVT Exchange", "0", kGrvtTestnetChainId, {}, {}}));
  const std::size_t size = at(*leg, "contractSize"), price = at(*leg, "limitPrice"), buy = at(*leg, "isBuyingContract");
  const std::size_t legs = at(*order, "legs"), nonce = at(*order, "nonce"), expiry = at(*order, "expiration");
  leg->set_u64(at(*leg, "assetID"), 0x030501);  // BTC_USDT_Perp
  order->set_u64(at(*order, "subAccountID"), 8289849667772468ull);
  order->set_bool(at(*order, "isMarket"), false);
  order->set_u64(at(*order, "timeInForce"), 1);  // GTT
  order->set_bool(at(*order, "postOnly"), false);
  order->set_bool(at(*order, "reduceOnly"), false);

  std::array<char, evm::kRsvHexChars> text{};
  evm::Signature first, sig;
  evm::Keccak256 reused;
  std::uint64_t before = 0, after = 0;
  {
    xtb::AllocGuard::Armed armed;
    before = xtb::AllocGuard::armed_allocations();
    for (std::uint32_t i = 0; i < 32; ++i) {
      leg->set_u64(size, 1013000000 + i);
      leg->set_u64(price, 68900500000000);
      leg->set_bool(buy, false);
      const evm::Bytes32 leg_hash = leg->hash();
      order->set(legs, e7::array_hash(std::span(&leg_hash, 1)));
      order->set_u64(nonce, 828700936 + i);
      order->set_i64(expiry, 1730800479321350000);
      REQUIRE(signer.sign(*order, sig));
      evm::write_rsv_hex(sig, evm::VStyle::Legacy27, text);
      if (i == 0) first = sig;
      const auto pub = evm::recover_public_key(ctx(), signer.digest(*order), sig);  // the simulator's check
      REQUIRE(pub.has_value());
      CHECK(evm::address_of(*pub) == signer.address());
      reused.update(order->encoded());
      (void)reused.finish();
    }
    after = xtb::AllocGuard::armed_allocations();
  }
#if defined(XTB_ALLOC_GUARD) && XTB_ALLOC_GUARD
  REQUIRE(xtb::AllocGuard::enabled());  // the counting allocator is linked: the check is real
#endif
  if (xtb::AllocGuard::enabled()) CHECK(after == before);
  CHECK("0x" + hex(first.r) == "0xb00512d986a718b15136a8ba23de1c1ec84bbdb9958629cbbe4909bae620bb04");
  CHECK("0x" + hex(first.s) == "0x79f706de61c68cc14d7734594b5d8689df2b2a7b25951f9a3f61d799f4327ffc");
  CHECK(evm::v_byte(first, evm::VStyle::Legacy27) == 28);
  CHECK(std::string(text.data(), text.size()) == evm::rsv_hex(sig, evm::VStyle::Legacy27));
}
