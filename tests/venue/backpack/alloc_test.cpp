// alloc_test.cpp — the hot paths allocate nothing in steady state: decoding every real WS
// message and REST answer (core/alloc_guard counting malloc/new, armed), and request
// encoding. Signing: OpenSSL 3.0's Ed25519 provider allocates inside EVP_DigestSign (its
// SHA-512 contexts); OpenSSL's own allocations are counted through CRYPTO_set_mem_functions
// (installed before OpenSSL's first allocation) and the test asserts that they are the
// ONLY allocations of sign + encode, and how many there are per signature.
#include <doctest/doctest.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <vector>

#include "core/alloc_guard.hpp"
#include "openssl_alloc_counter.hpp"
#include "decode_util.hpp"
#include "venue/backpack/encode_request.hpp"

using namespace xtb;
using namespace xtb::backpack;
using namespace xtb::backpack::test;

TEST_SUITE("backpack") {

TEST_CASE("decoding every real WS message and REST answer allocates nothing") {
  Decoder d(symbols());
  std::vector<Frame> frames;
  for (const char* file : {"bpx_api_client_test_messages.json", "ccxt_examples.json"})
    for (const Sample& s : load_samples(file)) frames.emplace_back(s.json);
  const std::string order = load_samples("ccxt_examples.json")[15].json;
  Frame rest_order(order), rest_list("[" + order + "," + order + "]");
  const ResponseMeta q = meta(RestKind::OrderQuery, CommandKind::QueryOrder, 200);
  const ResponseMeta l = meta(RestKind::OpenOrders, CommandKind::QueryOpenOrders, 200);
  static Events out;
  const std::uint64_t before = AllocGuard::armed_allocations();
  std::uint64_t events = 0;
  {
    AllocGuard::Armed armed;
    for (int round = 0; round < 50; ++round) {
      for (const Frame& f : frames) events += d.decode_frame(f.data(), f.len, f.cap(), out.sink).events;
      events += d.decode_response(rest_order.data(), rest_order.len, rest_order.cap(), q, out.sink).events;
      events += d.decode_response(rest_list.data(), rest_list.len, rest_list.cap(), l, out.sink).events;
    }
  }
  CHECK(events > 50 * 14);
  if (AllocGuard::enabled()) CHECK(AllocGuard::armed_allocations() == before);
  else MESSAGE("alloc guard not linked: allocation check skipped");
}

TEST_CASE("encode + sign: the only allocations are OpenSSL's own inside Ed25519") {
  REQUIRE(xtb::test::openssl_counter_installed());
  Ed25519Signer signer;
  REQUIRE(signer.set_seed_base64("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=") == KeyError::Ok);
  ClientIdMap ids;
  REQUIRE(ClientIdMap::create("xtb-run1-k0-", ClientIdMap::kEpochMs, ids));
  RequestEncoder enc(signer, symbols(), ids);
  OrderCommand c{};
  c.kind = CommandKind::NewOrder;
  c.symbol = symbols().find(kVenueId, "SOL_USDC_PERP");
  c.side = Side::Sell;
  c.type = OrderType::Limit;
  c.tif = TimeInForce::PostOnly;
  c.px = 14100;
  c.qty = 5;
  c.client_id.assign("xtb-run1-k0-1");
  static Request req;
  REQUIRE(enc.encode(c, 1, req) == EncodeError::Ok);  // warm-up
  constexpr int kN = 100;
  const std::uint64_t guard0 = AllocGuard::armed_allocations(), ossl0 = xtb::test::openssl_allocs();
  {
    AllocGuard::Armed armed;
    for (int i = 0; i < kN; ++i) REQUIRE(enc.encode(c, 1 + i, req) == EncodeError::Ok);
  }
  const std::uint64_t ossl = xtb::test::openssl_allocs() - ossl0;
  MESSAGE("OpenSSL allocations per signature: ", ossl / kN);
  CHECK(ossl % kN == 0);
  CHECK(ossl / kN <= 8);  // OpenSSL 3.0.x: 5 (namemap, EVP_MD_CTX, 3 × SHA-512 ctx)
  if (AllocGuard::enabled()) CHECK(AllocGuard::armed_allocations() - guard0 == ossl);
  // Without signing (public depth request, the signing string itself): nothing at all.
  const std::uint64_t g1 = AllocGuard::armed_allocations();
  {
    AllocGuard::Armed armed;
    for (int i = 0; i < kN; ++i) REQUIRE(encode_depth_request("SOL_USDC_PERP", req) == EncodeError::Ok);
  }
  if (AllocGuard::enabled()) CHECK(AllocGuard::armed_allocations() == g1);
}

}  // TEST_SUITE
