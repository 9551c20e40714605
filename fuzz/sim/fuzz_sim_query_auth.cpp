// fuzz_sim_query_auth.cpp — libFuzzer target: the simulator's request parameter parser
// (QueryParams: query string + form body, percent-decoding) and the endpoint security
// checks (RequestAuth: API key, HMAC-SHA256 signature, timestamp / recvWindow) fed with
// arbitrary client text.
//
// Input layout: byte 0 = flags (bits 0-1 Security None/ApiKey/Signed; bit 2 append a
// correct `signature=` so the timing checks are reached; bit 3 put it in the body instead
// of the query; bit 4 send no X-MBX-APIKEY header; bit 5 send a wrong key); bytes 1-8 =
// server time (ms, little-endian); the rest is "query\nbody" (the first '\n' splits).
// Invariants (trap on violation): every decoded pair lies inside the arena; find() agrees
// with the pair list; an accepted Signed request carries a matching signature, a parsable
// timestamp within [server−recvWindow, server+1000) and the configured key.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "sim/server/query_params.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/sim/request_auth.hpp"

using namespace xtb;
using namespace xtb::sim;
using namespace xtb::sim::binance_usdm;
using namespace xtb::sim::server;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)

constexpr const char* kKey = "fuzzKey0123456789";
constexpr const char* kSecret = "fuzzSecret";

bool parse_i64(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static RequestAuth auth(kKey, kSecret);
  static binance::HmacSha256Signer signer(kSecret);
  static QueryParams params;  // 16 KiB arena: static like the server's member
  if (size < 9) return 0;
  const std::uint8_t flags = data[0];
  std::int64_t server_ms = 0;
  std::memcpy(&server_ms, data + 1, 8);
  server_ms &= (std::int64_t{1} << 52) - 1;  // a plausible epoch-ms range, no overflow
  const std::string_view text(reinterpret_cast<const char*>(data + 9), size - 9);
  const std::size_t nl = text.find('\n');
  std::string query(text.substr(0, nl));
  std::string body(nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1));

  const Security sec = static_cast<Security>((flags & 3) % 3);
  if (flags & 4) {  // sign totalParams as a correct client would
    std::string& where = (flags & 8) ? body : query;
    // totalParams = query + body without the `signature` pair and its joining '&',
    // i.e. exactly the text before it is appended.
    char sig[binance::HmacSha256Signer::kHexChars];
    signer.sign_hex(query + body, sig);
    const std::string joined = where.empty() ? "" : "&";
    where += joined + "signature=" + std::string(sig, sizeof sig);
  }

  const QueryParams::Status st = params.parse(query, body);
  if (st == QueryParams::Status::Ok) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string_view n = params.name(i), v = params.value(i);
      FUZZ_ASSERT(n.size() <= QueryParams::kArenaBytes && v.size() <= QueryParams::kArenaBytes);
      FUZZ_ASSERT(params.has(n));
      std::size_t first = 0;  // find() returns the first pair of that name (query wins)
      while (params.name(first) != n) ++first;
      FUZZ_ASSERT(params.get(n) == params.value(first));
      (void)v;
    }
  }
  // percent_decode never writes past its capacity.
  char small[8];
  const std::size_t dn = percent_decode(query, small, sizeof small);
  FUZZ_ASSERT(dn == SIZE_MAX || dn <= sizeof small);

  const bool key_present = !(flags & 16);
  const AuthInput in{(flags & 32) ? std::string_view("wrongKey") : std::string_view(kKey), key_present, query, body,
                     &params, server_ms};
  std::string_view payload, sig;
  (void)auth.signing_payload(query, body, payload, sig);
  if (st != QueryParams::Status::Ok) return 0;  // the server answers -1100/-1101 first
  const ApiError e = auth.check(sec, in);
  if (e.ok() && sec == Security::Signed) {
    std::int64_t ts = 0, rw = 5000;
    FUZZ_ASSERT(parse_i64(params.get("timestamp"), ts));
    if (params.has("recvWindow")) FUZZ_ASSERT(parse_i64(params.get("recvWindow"), rw) && rw > 0 && rw <= 60000);
    FUZZ_ASSERT(ts < server_ms + 1000 && server_ms - ts <= rw);
    FUZZ_ASSERT(key_present && !(flags & 32));
  }
  if (e.ok() && sec != Security::None) FUZZ_ASSERT(key_present && !(flags & 32));
  if (!e.ok()) FUZZ_ASSERT(e.http_status == 400 || e.http_status == 401);
  return 0;
}
