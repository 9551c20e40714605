// sim_errors.hpp — the simulator core's neutral refusals (sim/core/reject.hpp) as
// Backpack's error answers: an HTTP status and the body {"code":"<STRING>","message":".."}.
//
// Codes: the API's ApiErrorCode strings (errors.hpp BackpackError; ccxt@4.5.84
// js/src/backpack.js `exceptions` lists them). Statuses and messages: Backpack's docs give
// every endpoint's 400/401/404/500 answers but no message table, so the messages below are
// the simulator's own plain sentences, except "Request has expired" (HTTP 401, seen from
// the venue: catsats/backpack_exchange issue #16) — see docs/simulator.md "Backpack face".
//   request form (missing/invalid parameter)      400 INVALID_CLIENT_REQUEST
//   unknown/unsimulated symbol                    400 INVALID_MARKET
//   price / quantity filters                      400 INVALID_PRICE / INVALID_QUANTITY
//   post-only would take, FOK, reduce-only, dup.  400 INVALID_ORDER
//   margin                                        400 INSUFFICIENT_MARGIN
//   order pool full                               400 ORDER_LIMIT
//   order not found (cancel / query)              404 RESOURCE_NOT_FOUND
//   unknown path                                  404 RESOURCE_NOT_FOUND
//   overloaded (shell's overflow session)         503 SERVER_ERROR
//   RejectCode::Venue                             the face's own BackpackError (venue_code)
// Threads: any; no allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/core/reject.hpp"
#include "venue/backpack/errors.hpp"

namespace xtb::sim::backpack_sim {

struct BpError {
  std::uint16_t http = 400;
  backpack::BackpackError code = backpack::BackpackError::InvalidClientRequest;
  char message[160] = {};
  std::size_t len = 0;
  std::string_view text() const noexcept { return {message, len}; }
};

/// A face's own refusal in a Reject (RejectCode::Venue, the BackpackError as venue_code).
Reject face_reject(backpack::BackpackError code, std::string_view message) noexcept;

/// Status, code and message for a refusal.
BpError venue_error(const Reject& r) noexcept;
/// HTTP status of a BackpackError the face answers itself (401 for key/signature/expiry,
/// 404 RESOURCE_NOT_FOUND, 429 TOO_MANY_REQUESTS, 503 SERVER_ERROR, else 400).
std::uint16_t http_status(backpack::BackpackError code, std::string_view message) noexcept;

/// {"code":"<STRING>","message":"<text>"} into out; returns its length (0: does not fit).
std::size_t write_error_body(char* out, std::size_t cap, const BpError& e) noexcept;

}  // namespace xtb::sim::backpack_sim
