// request_shape.hpp — an encoded Backpack Request (encode_request.hpp) as the HTTP/1.1
// request the order connections send, and what its answer answers.
//
//   Request{method, path, query | body, headers "Name: value\r\n"...}
//     ─▶ net::HttpRequestSpec{method, target = path ['?' query], headers X-API-Key,
//        X-Signature, X-Timestamp, X-Window, content_type + body (POST / DELETE JSON)}
// Sources: https://docs.backpack.exchange/#section/Authentication (the four X- headers),
// https://docs.backpack.exchange/#tag/Order (order endpoints; DELETE carries a JSON body).
//
// Also: the decoder's RestKind of each CommandKind (ResponseMeta::rest_kind), the
// HTTP status a local refusal stands for, and the id-binding frame kind (live_decoder.hpp).
// Threads: pure, any thread; no allocation (views into the Request / the caller's buffers).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/command.hpp"
#include "core/raw_frame.hpp"
#include "net/http/http_encoder.hpp"
#include "venue/backpack/decode_types.hpp"
#include "venue/backpack/encode_request.hpp"

namespace xtb::backpack {

/// ResponseMeta::rest_kind of the id-binding frame egress sends decode before the first
/// order (live_decoder.hpp); outside RestKind's range.
inline constexpr std::uint8_t kRestKindBindIds = 0xB1;

net::HttpMethod to_net(Method m) noexcept;

/// The RestKind an answer to `k` is decoded as (None for AmendOrder / None).
RestKind rest_kind_for(CommandKind k) noexcept;

/// True for the reconciliation reads (answers go to LiveTags::kReconcile).
inline bool is_reconcile(CommandKind k) noexcept {
  return k == CommandKind::QueryOpenOrders || k == CommandKind::QueryPositions;
}

/// The HTTP status a local refusal is reported with: 429 for rate limits (the venue's own
/// answer, errors.hpp TOO_MANY_REQUESTS), 400 for a command the protocol cannot express,
/// 0 otherwise (never sent).
std::uint16_t local_refusal_http(LocalRefusal r) noexcept;

/// An HTTP request view of a Request; valid while the Request and `target` live.
struct HttpShape {
  static constexpr std::size_t kMaxFields = 6;
  net::HttpRequestSpec spec;
  net::HttpField fields[kMaxFields];
};

/// Fills `out` from `req`: target written into target[0..cap) (path, '?', query for GET),
/// header lines split into fields (Content-Type moves to spec.content_type). False when the
/// target does not fit or a header line is malformed / too many.
bool shape_request(const Request& req, std::string_view host, char* target, std::size_t cap, HttpShape& out) noexcept;

/// Splits "Name: value\r\n" lines into fields (Content-Type returned apart). Returns the
/// number of fields, or -1 when a line is malformed or there are more than `cap`.
int split_header_lines(std::string_view lines, net::HttpField* out, std::size_t cap,
                       std::string_view& content_type) noexcept;

}  // namespace xtb::backpack
