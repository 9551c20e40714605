// signer_credentials.hpp — API key / secret loading and redaction for debug output.
//
// Rule (design §8): secrets come only from environment variables whose NAMES are in
// the config (defaults XTB_BINANCE_API_KEY / XTB_BINANCE_API_SECRET); they are never
// written to configs, logs or error messages. Everything here is cold path (start-up,
// debug printing) and may use std::string.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace xtb::binance {

/// Names of the environment variables holding the credentials (from the YAML config).
struct CredentialEnvNames {
  std::string api_key_var = "XTB_BINANCE_API_KEY";
  std::string api_secret_var = "XTB_BINANCE_API_SECRET";
};

enum class CredentialError {
  Ok = 0,
  ApiKeyMissing,     ///< variable unset or empty
  SecretMissing,     ///< variable unset or empty
  ApiKeyMalformed,   ///< not 1..256 chars of [A-Za-z0-9] (would break the HTTP header)
  SecretMalformed,   ///< not 1..256 printable non-space ASCII chars
};
std::string_view to_string(CredentialError e) noexcept;

/// API key (sent in the X-MBX-APIKEY header) and secret (keys the HMAC signer).
/// Not copyable; the destructor wipes both strings' bytes. debug_string() is the only
/// sanctioned way to print one.
class Credentials {
 public:
  Credentials() = default;
  Credentials(std::string api_key, std::string secret) noexcept
      : api_key_(std::move(api_key)), secret_(std::move(secret)) {}
  ~Credentials();
  Credentials(const Credentials&) = delete;
  Credentials& operator=(const Credentials&) = delete;
  Credentials(Credentials&& other) noexcept;
  Credentials& operator=(Credentials&& other) noexcept;

  std::string_view api_key() const noexcept { return api_key_; }
  std::string_view secret() const noexcept { return secret_; }
  bool empty() const noexcept { return api_key_.empty() || secret_.empty(); }

  /// "api_key=dbef…(64 chars) secret=<redacted 64 chars>".
  std::string debug_string() const;

 private:
  void wipe() noexcept;
  std::string api_key_;
  std::string secret_;
};

/// Environment lookup, injectable for tests (default: std::getenv).
using EnvLookup = const char* (*)(const char* name);

/// Reads both variables named in `names`; on success fills `out`. Error messages name
/// the variable, never its value.
CredentialError load_credentials(const CredentialEnvNames& names, Credentials& out,
                                 EnvLookup lookup = nullptr);

/// "<redacted N chars>" — for secrets: nothing of the value is shown.
std::string redact_secret(std::string_view secret);
/// First 4 chars + "…(N chars)" — enough to tell keys apart in logs, not to use one.
std::string redact_api_key(std::string_view api_key);

/// Copies signed request params into `out` with the value of `signature=` replaced by
/// "<redacted>" (a signature is a replayable credential for its recvWindow).
/// Returns chars written (truncated to cap). Cold path (debug printing).
std::size_t redact_signed_params(std::string_view params, char* out, std::size_t cap) noexcept;

}  // namespace xtb::binance
