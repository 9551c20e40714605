// signer_credentials.cpp — see signer_credentials.hpp.
#include "venue/binance/signer_credentials.hpp"

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace xtb::binance {

namespace {

constexpr std::size_t kMaxCredentialChars = 256;

bool valid_api_key(std::string_view k) noexcept {
  if (k.empty() || k.size() > kMaxCredentialChars) return false;
  for (const char c : k) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool valid_secret(std::string_view s) noexcept {
  if (s.empty() || s.size() > kMaxCredentialChars) return false;
  for (const char c : s) {
    if (c <= ' ' || c > '~') return false;  // printable, no space / control / 8-bit
  }
  return true;
}

const char* default_lookup(const char* name) { return std::getenv(name); }

}  // namespace

std::string_view to_string(CredentialError e) noexcept {
  switch (e) {
    case CredentialError::Ok: return "ok";
    case CredentialError::ApiKeyMissing: return "API key environment variable unset or empty";
    case CredentialError::SecretMissing: return "API secret environment variable unset or empty";
    case CredentialError::ApiKeyMalformed: return "API key has characters outside [A-Za-z0-9] or is too long";
    case CredentialError::SecretMalformed: return "API secret has non-printable characters or is too long";
  }
  return "?";
}

Credentials::~Credentials() { wipe(); }

Credentials::Credentials(Credentials&& other) noexcept
    : api_key_(std::move(other.api_key_)), secret_(std::move(other.secret_)) {
  other.wipe();
}

Credentials& Credentials::operator=(Credentials&& other) noexcept {
  if (this != &other) {
    wipe();
    api_key_ = std::move(other.api_key_);
    secret_ = std::move(other.secret_);
    other.wipe();
  }
  return *this;
}

void Credentials::wipe() noexcept {
  // Short strings live inline (SSO); either way the bytes are overwritten in place.
  if (!api_key_.empty()) OPENSSL_cleanse(api_key_.data(), api_key_.size());
  if (!secret_.empty()) OPENSSL_cleanse(secret_.data(), secret_.size());
  api_key_.clear();
  secret_.clear();
}

std::string Credentials::debug_string() const {
  return "api_key=" + redact_api_key(api_key_) + " secret=" + redact_secret(secret_);
}

CredentialError load_credentials(const CredentialEnvNames& names, Credentials& out, EnvLookup lookup) {
  if (lookup == nullptr) lookup = &default_lookup;
  const char* key = lookup(names.api_key_var.c_str());
  if (key == nullptr || *key == '\0') return CredentialError::ApiKeyMissing;
  const char* secret = lookup(names.api_secret_var.c_str());
  if (secret == nullptr || *secret == '\0') return CredentialError::SecretMissing;
  const std::string_view k(key, std::strlen(key));
  const std::string_view s(secret, std::strlen(secret));
  if (!valid_api_key(k)) return CredentialError::ApiKeyMalformed;
  if (!valid_secret(s)) return CredentialError::SecretMalformed;
  out = Credentials(std::string(k), std::string(s));
  return CredentialError::Ok;
}

std::string redact_secret(std::string_view secret) {
  return "<redacted " + std::to_string(secret.size()) + " chars>";
}

std::string redact_api_key(std::string_view api_key) {
  if (api_key.size() <= 8) return redact_secret(api_key);  // too short to show any of it
  return std::string(api_key.substr(0, 4)) + "…(" + std::to_string(api_key.size()) + " chars)";
}

std::size_t redact_signed_params(std::string_view params, char* out, std::size_t cap) noexcept {
  constexpr std::string_view kKey = "signature=";
  constexpr std::string_view kMask = "<redacted>";
  std::size_t n = 0;
  auto emit = [&](std::string_view s) {
    const std::size_t take = s.size() < cap - n ? s.size() : cap - n;
    if (take != 0) std::memcpy(out + n, s.data(), take);
    n += take;
  };
  std::size_t pos = 0;
  while (pos <= params.size()) {
    std::size_t amp = params.find('&', pos);
    if (amp == std::string_view::npos) amp = params.size();
    const std::string_view pair = params.substr(pos, amp - pos);
    if (pos != 0) emit("&");
    if (pair.substr(0, kKey.size()) == kKey) {
      emit(kKey);
      emit(kMask);
    } else {
      emit(pair);
    }
    pos = amp + 1;
  }
  return n;
}

}  // namespace xtb::binance
