// rest_fetch.hpp — one blocking HTTPS request for start-up, before the pipeline threads
// exist: GET /fapi/v1/exchangeInfo (the symbol table that decoders, encoders and risk
// are built from), or any other public call.
//
// Uses the same transport as the stages (EventLoop + Connection + HttpClientStream) on a
// private loop of the calling thread, no reconnect, bounded by `timeout_ns`.
// Cold path: allocates freely, blocks the caller.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "net/client/live_endpoint.hpp"
#include "net/http/http_types.hpp"

namespace xtb::live {

struct RestFetchResult {
  bool ok = false;               ///< a complete HTTP answer arrived (any status)
  std::uint16_t status = 0;
  std::string body;
  std::string error;             ///< why not ok (connect / TLS / timeout / parse)
};

/// `target` is the origin-form path + query ("/fapi/v1/exchangeInfo"); `headers` are
/// extra request fields (e.g. X-MBX-APIKEY for a signed start-up call whose query the
/// caller signed).
RestFetchResult fetch_rest(const LiveEndpoint& ep, net::HttpMethod method, std::string_view target,
                           std::int64_t timeout_ns = 10'000'000'000, std::size_t max_body = 16u << 20,
                           std::span<const net::HttpField> headers = {});

}  // namespace xtb::live
