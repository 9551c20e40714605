// encode_alloc_test.cpp — steady-state encode + sign allocates nothing: neither through
// OpenSSL (counted with CRYPTO_set_mem_functions, installed before OpenSSL's first
// allocation by a static initialiser) nor anywhere else (core/alloc_guard: counting
// malloc/operator new, armed around the measured loop).
#include <doctest/doctest.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>

#include "openssl_alloc_counter.hpp"
#include "core/alloc_guard.hpp"
#include "encode_test_util.hpp"
#include "venue/binance/client_order_id.hpp"
#include "venue/binance/encode_command.hpp"
#include "venue/binance/rate_limit.hpp"
#include "venue/binance/time_sync.hpp"

using namespace xtb;
using namespace xtb::binance;
using namespace xtb::binance::test;

TEST_SUITE("binance-encode") {

TEST_CASE("sign + encode allocate nothing in steady state") {
  REQUIRE(xtb::test::openssl_counter_installed());

  // Cold set-up: keying may allocate (it does not today, but it is allowed to).
  HmacSha256Signer signer(kDocSecret);
  OrderEncoder enc(EncoderConfig{}, signer, symbols());
  ClientOrderIdCodec ids;
  REQUIRE(ClientOrderIdCodec::create("xtb", 10, ids));
  RateLimiter limiter;
  TimeSync clock;
  REQUIRE(clock.on_time_sample(1'722'729'600'000'000'000, 1'722'729'600'002'000'000, 1'722'729'600'001) ==
          TimeSample::Accepted);
  RequestBuffer buf;
  OrderCommand limit = new_order(kBtc, Side::Sell, PositionSide::Long, OrderType::Limit, 618002, 5,
                                 TimeInForce::PostOnly);
  limit.flags = OrderCommand::kReduceOnly;
  OrderCommand stop = close_position_stop(Side::Sell, PositionSide::Long, 550000, "xtbps-0000000a-1-1");
  OrderCommand batch[3] = {limit, limit, limit};
  REQUIRE(enc.encode(limit, 1, buf) == EncodeError::Ok);  // warm-up

  const std::uint64_t ossl_before = xtb::test::openssl_allocs();
  const std::uint64_t armed_before = AllocGuard::armed_allocations();
  std::uint64_t ok = 0;
  {
    AllocGuard::Armed armed;
    std::int64_t now = 1'722'729'601'000'000'000;
    for (std::uint64_t seq = 0; seq < 2000; ++seq, now += 1'000'000) {
      ids.format(1, seq, limit.client_id);
      const EpochMs ts = clock.venue_time_ms(now);
      ok += enc.encode(limit, ts, buf) == EncodeError::Ok;
      const RequestCost cost = cost_of(buf, false);
      if (limiter.check(now, cost) == Admission::Ok) limiter.on_sent(now, cost);
      ok += enc.encode(stop, ts, buf) == EncodeError::Ok;
      limit.kind = CommandKind::CancelOrder;
      ok += enc.encode(limit, ts, buf) == EncodeError::Ok;
      limit.kind = CommandKind::NewOrder;
      for (OrderCommand& b : batch) ids.format(1, seq, b.client_id);
      ok += enc.encode_batch(batch, ts, buf) == EncodeError::Ok;
      ParsedClientOrderId parsed;
      ok += ClientOrderIdCodec::parse(limit.client_id.view(), parsed);
    }
  }
  CHECK(ok == 2000 * 5);
  CHECK(xtb::test::openssl_allocs() - ossl_before == 0);
  if (AllocGuard::enabled()) {
    CHECK(AllocGuard::armed_allocations() - armed_before == 0);
  } else {
    MESSAGE("alloc_guard not linked (meson -Dalloc_guard=false): only OpenSSL allocations were counted");
  }

  // The counter itself works: an EVP one-shot HMAC does allocate.
  const std::uint64_t probe = xtb::test::openssl_allocs();
  (void)reference_hmac_hex(kDocSecret, kDocPayload);
  CHECK(xtb::test::openssl_allocs() > probe);
}

}  // TEST_SUITE
