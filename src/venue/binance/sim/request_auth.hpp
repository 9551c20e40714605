// request_auth.hpp — endpoint security of the simulated venue's REST API: API key,
// HMAC-SHA256 signature and timing, exactly as the venue checks them.
//
// Protocol (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info,
// "Endpoint Security Type", "SIGNED
// (TRADE and USER_DATA) Endpoint Security", "Timing Security"):
//   * the key travels in the `X-MBX-APIKEY` header; USER_STREAM / MARKET_DATA endpoints need
//     it, TRADE / USER_DATA (SIGNED) endpoints need it plus `signature` and `timestamp`;
//   * signature = hex HMAC-SHA256(secret, totalParams), totalParams = the query string
//     concatenated with the request body exactly as sent, without the `signature`
//     parameter itself (which "must be the end part" of one of them); hex is compared
//     case-insensitively ("The signature is not case sensitive");
//   * accepted only if timestamp < serverTime + 1000 && serverTime − timestamp <=
//     recvWindow (default 5000; more than 60000 is refused as invalid).
// Errors (https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code): -2014 API-key format invalid (missing or malformed key),
// -2015 invalid key (HTTP 401 both), -1102 missing timestamp/signature, -1130 bad
// recvWindow, -1022 bad signature, -1021 outside recvWindow / ahead by ≥ 1000 ms (HTTP 400).
// Order of checks: key, mandatory parameters, signature, timing.
//
// The HMAC uses binance::HmacSha256Signer (venue/binance/signer.hpp): the same code the
// engine signs with, so a mismatch can only come from the text. Threads: server thread.
// Allocation: none (the message is assembled in a member buffer).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "sim/server/query_params.hpp"
#include "venue/binance/signer.hpp"
#include "venue/binance/sim/sim_errors.hpp"

namespace xtb::sim::binance_usdm {

using server::QueryParams;

enum class Security : std::uint8_t {
  None,        ///< NONE: public
  ApiKey,      ///< USER_STREAM / MARKET_DATA: X-MBX-APIKEY only
  Signed,      ///< TRADE / USER_DATA: key + signature + timestamp
};

/// An error answer: HTTP status plus the venue's {"code","msg"}.
struct ApiError {
  std::uint16_t http_status = 0;  ///< 0 = no error
  Reject reject;
  bool ok() const noexcept { return http_status == 0; }
  static ApiError make(std::uint16_t status, std::int32_t code, std::string_view msg) noexcept {
    ApiError e;
    e.http_status = status;
    e.reject.set(code, msg);
    return e;
  }
};

/// The raw pieces of one request the checks need.
struct AuthInput {
  std::string_view api_key;     ///< X-MBX-APIKEY value ("" when absent)
  bool api_key_present = false;
  std::string_view raw_query;   ///< target after '?', as sent
  std::string_view raw_body;    ///< form body, as sent
  const QueryParams* params = nullptr;  ///< decoded query + body
  EpochMs server_ms = 0;        ///< serverTime at arrival
};

class RequestAuth {
 public:
  static constexpr std::size_t kMaxMessage = 80 * 1024;  ///< query (4 KiB) + body (64 KiB)

  /// Cold path: keys the HMAC. `secret` is not kept in clear text beyond the signer state.
  RequestAuth(std::string api_key, std::string_view secret);

  /// Runs the checks of `sec`; ok() when the request may proceed.
  ApiError check(Security sec, const AuthInput& in) noexcept;

  /// Counters for the dump.
  std::uint64_t bad_signatures() const noexcept { return bad_sig_; }
  std::uint64_t bad_keys() const noexcept { return bad_key_; }
  std::uint64_t bad_timestamps() const noexcept { return bad_ts_; }

  /// totalParams of (query, body) without the signature parameter, and the signature text;
  /// false when no `signature=` parameter is present. Exposed for tests.
  bool signing_payload(std::string_view query, std::string_view body, std::string_view& payload,
                       std::string_view& signature) noexcept;

 private:
  ApiError check_key(const AuthInput& in) noexcept;
  ApiError check_signed(const AuthInput& in) noexcept;

  std::string api_key_;
  binance::HmacSha256Signer signer_;
  std::unique_ptr<char[]> msg_;
  std::uint64_t bad_sig_ = 0, bad_key_ = 0, bad_ts_ = 0;
};

}  // namespace xtb::sim::binance_usdm
