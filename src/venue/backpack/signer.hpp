// signer.hpp — Ed25519 request signing for Backpack's signed REST calls and private WS
// subscriptions.
//
// Protocol (https://docs.backpack.exchange/#section/Authentication, copy in
// shared/venue-docs/backpack/authentication.md): X-Signature = base64(Ed25519(seed, the
// signing string)); X-API-Key = base64 of the 32-byte verifying (public) key. The secret is
// the base64 32-byte seed printed by the docs' key-generation one-liner.
//
// Shapes: signature 64 bytes → 88 base64 chars; public key 32 bytes → 44 base64 chars.
// Key loading (cold path): once, from an environment variable whose NAME the caller gives;
// the value is never logged or put in an error (KeyError names only the failure). The seed
// bytes are wiped after OpenSSL took them.
// Signing (egress thread): one EVP_MD_CTX initialised at load and reused; output goes to a
// caller buffer. Allocation: our code allocates nothing per signature, but OpenSSL 3.0's
// Ed25519 provider itself allocates 5 small blocks per EVP_DigestSign (its SHA-512 contexts:
// core_namemap.c, digest.c, sha2_prov.c ×3 — measured with CRYPTO_set_mem_functions,
// tests/venue/backpack/alloc_test.cpp pins the count); OpenSSL 3.0 exposes no
// allocation-free Ed25519 entry point. Not thread-safe: one signer per signing thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace xtb::backpack {

enum class KeyError : std::uint8_t { Ok = 0, EnvMissing, NotBase64, WrongLength, OpenSsl };
const char* to_string(KeyError e) noexcept;

/// Environment lookup, injectable for tests (default: std::getenv).
using EnvLookup = const char* (*)(const char* name);

class Ed25519Signer {
 public:
  static constexpr std::size_t kSeedBytes = 32, kSigBytes = 64;
  static constexpr std::size_t kSigB64 = 88;  ///< base64 chars of a signature (no NUL)
  static constexpr std::size_t kKeyB64 = 44;  ///< base64 chars of the public key

  Ed25519Signer() noexcept = default;
  ~Ed25519Signer();
  Ed25519Signer(const Ed25519Signer&) = delete;
  Ed25519Signer& operator=(const Ed25519Signer&) = delete;

  /// Loads the base64 seed from the variable named `env_var` (cold path).
  KeyError load_from_env(const char* env_var, EnvLookup lookup = nullptr) noexcept;
  /// Keys the signer from a base64 32-byte seed (cold path; tests).
  KeyError set_seed_base64(std::string_view seed_b64) noexcept;
  bool has_key() const noexcept { return ctx_ != nullptr; }
  /// Base64 public key: the X-API-Key header value.
  std::string_view api_key() const noexcept { return {api_key_, has_key() ? kKeyB64 : 0}; }

  /// Signs `msg`, writing kSigB64 base64 chars to out[0..88). False without a key or when
  /// OpenSSL fails. Hot path (see the allocation note above).
  bool sign_base64(std::string_view msg, char* out) noexcept;
  /// Raw 64-byte signature.
  bool sign(std::string_view msg, std::uint8_t (&sig)[kSigBytes]) noexcept;

  /// Verifies a base64 signature with a base64 public key (cold path; tests, the sim).
  static bool verify(std::string_view key_b64, std::string_view msg, std::string_view sig_b64) noexcept;

 private:
  void reset() noexcept;
  EVP_PKEY* key_ = nullptr;
  EVP_MD_CTX* ctx_ = nullptr;
  char api_key_[kKeyB64 + 1] = {};
};

/// Decodes standard padded base64 into out (cap bytes); returns bytes written or -1 when
/// malformed or too long. No allocation (EVP_DecodeBlock).
int base64_decode(std::string_view in, std::uint8_t* out, std::size_t cap) noexcept;
/// Encodes `len` bytes as padded base64 into out (4*ceil(len/3) chars, no NUL written
/// beyond them); returns chars written. No allocation (EVP_EncodeBlock).
std::size_t base64_encode(const std::uint8_t* in, std::size_t len, char* out, std::size_t cap) noexcept;

}  // namespace xtb::backpack
