// request_auth.cpp — see request_auth.hpp.
#include "venue/binance/sim/request_auth.hpp"

#include <charconv>
#include <cstring>

namespace xtb::sim::binance_usdm {
namespace {

constexpr std::string_view kSigKey = "signature=";

bool is_key_char(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool parse_i64(std::string_view s, std::int64_t& out) noexcept {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Position [begin, end) of the `signature=...` parameter inside `text`, including one
// joining '&' so that removing the range leaves the other parameters joined as sent.
bool find_signature(std::string_view text, std::size_t& begin, std::size_t& end, std::string_view& value) noexcept {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    const std::string_view part = text.substr(pos, amp - pos);
    if (part.substr(0, kSigKey.size()) == kSigKey) {
      value = part.substr(kSigKey.size());
      if (amp < text.size()) {        // first or middle: take the '&' after it
        begin = pos;
        end = amp + 1;
      } else if (pos > 0) {           // last: take the '&' before it
        begin = pos - 1;
        end = amp;
      } else {                        // alone
        begin = 0;
        end = text.size();
      }
      return true;
    }
    pos = amp + 1;
  }
  return false;
}

}  // namespace

RequestAuth::RequestAuth(std::string api_key, std::string_view secret)
    : api_key_(std::move(api_key)), signer_(secret), msg_(new char[kMaxMessage]) {}

bool RequestAuth::signing_payload(std::string_view query, std::string_view body, std::string_view& payload,
                                  std::string_view& signature) noexcept {
  std::size_t b = 0, e = 0;
  const bool in_query = find_signature(query, b, e, signature);
  const bool in_body = !in_query && find_signature(body, b, e, signature);
  if (!in_query && !in_body) return false;
  if (query.size() + body.size() > kMaxMessage) return false;
  char* out = msg_.get();
  std::size_t n = 0;
  auto put = [&](std::string_view s) {
    if (s.empty()) return;  // an empty view's data() may be null: memcpy must not see it
    std::memcpy(out + n, s.data(), s.size());
    n += s.size();
  };
  if (in_query) {
    put(query.substr(0, b));
    put(query.substr(e));
    put(body);
  } else {
    put(query);
    put(body.substr(0, b));
    put(body.substr(e));
  }
  payload = std::string_view(out, n);
  return true;
}

ApiError RequestAuth::check(Security sec, const AuthInput& in) noexcept {
  if (sec == Security::None) return {};
  ApiError e = check_key(in);
  if (!e.ok() || sec == Security::ApiKey) return e;
  return check_signed(in);
}

ApiError RequestAuth::check_key(const AuthInput& in) noexcept {
  bool well_formed = in.api_key_present && !in.api_key.empty() && in.api_key.size() <= 128;
  for (char c : in.api_key) well_formed = well_formed && is_key_char(c);
  if (!well_formed) {
    ++bad_key_;
    return ApiError::make(401, -2014, "API-key format invalid.");
  }
  if (in.api_key != api_key_) {
    ++bad_key_;
    return ApiError::make(401, -2015, "Invalid API-key, IP, or permissions for action, request ip: 127.0.0.1");
  }
  return {};
}

ApiError RequestAuth::check_signed(const AuthInput& in) noexcept {
  const QueryParams& p = *in.params;
  std::int64_t ts = 0;
  if (!parse_i64(p.get("timestamp"), ts))
    return ApiError::make(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  std::int64_t recv_window = 5000;
  if (p.has("recvWindow") && (!parse_i64(p.get("recvWindow"), recv_window) || recv_window <= 0 || recv_window > 60000))
    return ApiError::make(400, -1130, "Data sent for parameter 'recvWindow' is not valid.");
  std::string_view payload, sig;
  if (!signing_payload(in.raw_query, in.raw_body, payload, sig) || sig.empty())
    return ApiError::make(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  char expect[binance::HmacSha256Signer::kHexChars];
  signer_.sign_hex(payload, expect);
  bool match = sig.size() == sizeof expect;
  for (std::size_t i = 0; match && i < sizeof expect; ++i) match = lower(sig[i]) == expect[i];
  if (!match) {
    ++bad_sig_;
    return ApiError::make(400, -1022, "Signature for this request is not valid.");
  }
  if (ts >= in.server_ms + 1000) {
    ++bad_ts_;
    return ApiError::make(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  }
  // Compared without subtracting `ts` (server_ms - ts overflows for ts near INT64_MIN,
  // D4/R12); a timestamp at or before the epoch is never inside any window.
  if (ts <= 0 || ts < in.server_ms - recv_window) {
    ++bad_ts_;
    return ApiError::make(400, -1021, "Timestamp for this request is outside of the recvWindow.");
  }
  return {};
}

}  // namespace xtb::sim::binance_usdm
