// request_auth.hpp — security of the Backpack face: which API key is the account's, and
// the Ed25519 check of a signed REST request or private-stream SUBSCRIBE.
//
// Protocol (https://docs.backpack.exchange/#section/Authentication; the docs copy in
// ../shared/venue-docs/backpack/authentication.md; shared/reviews/venues-protocols.md §1):
//   headers X-API-Key (base64 Ed25519 public key), X-Signature (base64 signature),
//   X-Timestamp (ms), X-Window (ms, default 5000, max 60000); the signed string is
//   instruction=<instruction>&<sorted params>&timestamp=<ts>&window=<window>
//   (backpack/signing_string.hpp builds it — the same code our client signs with).
//   Private WS: "signature":[key, sig, ts, window] over instruction=subscribe&timestamp&window.
// Checks, in order, and their answers (sim_errors.hpp gives statuses):
//   X-API-Key / X-Signature / X-Timestamp missing    401 UNAUTHORIZED "Missing <header> header"
//   X-Timestamp / X-Window not an integer, window > 60000   400 INVALID_CLIENT_REQUEST
//   |now − timestamp| > window                       401 INVALID_CLIENT_REQUEST "Request has expired"
//   X-API-Key is not the account's key               401 UNAUTHORIZED "Invalid API key"
//   signature does not verify (or is malformed)      401 INVALID_SIGNATURE "Invalid signature"
// The account's key (account_key()): $XTB_BACKPACK_API_KEY when set; else the public key
// of the seed in $XTB_BACKPACK_API_SECRET; else the public key of RFC 8032 §7.1 TEST 1's
// seed — the same defaults our client uses (live/account_rest.hpp: its loopback default), so
// a rehearsal with the live environment (or none) is accepted as is.
// Threads: server thread. Allocation: the constructor; check() none of ours (OpenSSL's
// Ed25519 verify allocates internally, cold path).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "sim/core/reject.hpp"
#include "venue/backpack/signing_string.hpp"

namespace xtb::sim::backpack_sim {

/// The signed-request fields as received.
struct SignedFields {
  std::string_view key, signature, timestamp, window;
  bool has_key = false, has_signature = false, has_timestamp = false;
};

class RequestAuth {
 public:
  /// Chooses the account key (environment, see above). Throws std::runtime_error when a
  /// variable is set but malformed.
  RequestAuth();
  /// A fixed account key (tests).
  explicit RequestAuth(std::string account_key_b64) : key_(std::move(account_key_b64)) {}

  std::string_view account_key() const noexcept { return key_; }
  /// Where the key came from ("XTB_BACKPACK_API_KEY", "XTB_BACKPACK_API_SECRET", "RFC 8032 test key").
  std::string_view key_source() const noexcept { return source_; }

  /// Checks one signed request: `params` (sorted here, in place) are the request's body or
  /// query fields. Ok Reject when accepted, else RejectCode::Venue with a BackpackError.
  Reject check(std::string_view instruction, const SignedFields& f, backpack::Param* params, std::size_t n,
               EpochMs now) noexcept;
  std::uint64_t bad_signatures() const noexcept { return bad_signatures_; }

 private:
  std::string key_;
  std::string source_;
  std::uint64_t bad_signatures_ = 0;
};

}  // namespace xtb::sim::backpack_sim
