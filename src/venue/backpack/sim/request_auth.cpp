// request_auth.cpp — see request_auth.hpp.
#include "venue/backpack/sim/request_auth.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "venue/backpack/signer.hpp"
#include "venue/backpack/sim/sim_errors.hpp"
#include "venue/backpack/text_writer.hpp"

namespace xtb::sim::backpack_sim {
namespace {

using backpack::BackpackError;

constexpr std::string_view kRfc8032Test1Public = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
constexpr std::size_t kSigningCap = 4096;

bool to_i64(std::string_view t, std::int64_t& v) noexcept {
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  return !t.empty() && r.ec == std::errc() && r.ptr == t.data() + t.size();
}

bool well_formed_key(std::string_view b64) noexcept {
  std::uint8_t raw[48];
  return backpack::base64_decode(b64, raw, sizeof raw) == 32;
}

}  // namespace

RequestAuth::RequestAuth() {
  if (const char* k = std::getenv("XTB_BACKPACK_API_KEY"); k != nullptr && *k != '\0') {
    if (!well_formed_key(k))
      throw std::runtime_error("XTB_BACKPACK_API_KEY is not a base64 32-byte Ed25519 public key");
    key_ = k;
    source_ = "XTB_BACKPACK_API_KEY";
    return;
  }
  if (const char* s = std::getenv("XTB_BACKPACK_API_SECRET"); s != nullptr && *s != '\0') {
    backpack::Ed25519Signer signer;
    if (signer.set_seed_base64(s) != backpack::KeyError::Ok)
      throw std::runtime_error("XTB_BACKPACK_API_SECRET is not a base64 32-byte Ed25519 seed");
    key_ = std::string(signer.api_key());
    source_ = "XTB_BACKPACK_API_SECRET";
    return;
  }
  key_ = std::string(kRfc8032Test1Public);
  source_ = "RFC 8032 test key";
}

Reject RequestAuth::check(std::string_view instruction, const SignedFields& f, backpack::Param* params, std::size_t n,
                          EpochMs now) noexcept {
  if (!f.has_key) return face_reject(BackpackError::Unauthorized, "Missing X-API-Key header");
  if (!f.has_signature) return face_reject(BackpackError::Unauthorized, "Missing X-Signature header");
  if (!f.has_timestamp) return face_reject(BackpackError::Unauthorized, "Missing X-Timestamp header");
  std::int64_t ts = 0, window = backpack::kDefaultWindowMs;
  if (!to_i64(f.timestamp, ts)) return face_reject(BackpackError::InvalidClientRequest, "Invalid X-Timestamp header");
  if (!f.window.empty() && (!to_i64(f.window, window) || window <= 0 || window > backpack::kMaxWindowMs))
    return face_reject(BackpackError::InvalidClientRequest, "Invalid X-Window header (at most 60000)");
  const std::int64_t age = now - ts;
  if (age > window || -age > window) return face_reject(BackpackError::InvalidClientRequest, "Request has expired");
  if (f.key != key_) return face_reject(BackpackError::Unauthorized, "Invalid API key");
  char buf[kSigningCap];
  backpack::TextWriter w(buf, sizeof buf);
  backpack::sort_params(params, n);
  backpack::append_block(w, instruction, params, n);
  backpack::append_time_window(w, ts, static_cast<std::uint32_t>(window));
  if (!w.ok() || !backpack::Ed25519Signer::verify(f.key, w.view(), f.signature)) {
    ++bad_signatures_;
    return face_reject(BackpackError::InvalidSignature, "Invalid signature");
  }
  return {};
}

}  // namespace xtb::sim::backpack_sim
