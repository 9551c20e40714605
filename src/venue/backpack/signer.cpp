// signer.cpp — see signer.hpp. OpenSSL EVP_PKEY_ED25519 (RFC 8032 Ed25519, pure mode).
#include "venue/backpack/signer.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>

namespace xtb::backpack {

const char* to_string(KeyError e) noexcept {
  switch (e) {
    case KeyError::Ok: return "ok";
    case KeyError::EnvMissing: return "env-missing";
    case KeyError::NotBase64: return "not-base64";
    case KeyError::WrongLength: return "wrong-length";
    case KeyError::OpenSsl: return "openssl";
  }
  return "?";
}

int base64_decode(std::string_view in, std::uint8_t* out, std::size_t cap) noexcept {
  if (in.empty() || in.size() % 4 != 0 || in.size() / 4 * 3 > cap + 2) return -1;
  std::size_t pad = 0;
  while (pad < 2 && in[in.size() - 1 - pad] == '=') ++pad;
  std::uint8_t tmp[192];
  if (in.size() / 4 * 3 > sizeof tmp) return -1;
  const int n = EVP_DecodeBlock(tmp, reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0 || static_cast<std::size_t>(n) < pad) return -1;
  const std::size_t bytes = static_cast<std::size_t>(n) - pad;
  if (bytes > cap) return -1;
  std::memcpy(out, tmp, bytes);
  OPENSSL_cleanse(tmp, sizeof tmp);
  return static_cast<int>(bytes);
}

std::size_t base64_encode(const std::uint8_t* in, std::size_t len, char* out, std::size_t cap) noexcept {
  const std::size_t chars = (len + 2) / 3 * 4;
  char tmp[256];
  if (chars > cap || chars + 1 > sizeof tmp) return 0;
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(tmp), in, static_cast<int>(len));
  std::memcpy(out, tmp, chars);
  return chars;
}

Ed25519Signer::~Ed25519Signer() { reset(); }

void Ed25519Signer::reset() noexcept {
  if (ctx_ != nullptr) EVP_MD_CTX_free(ctx_);
  if (key_ != nullptr) EVP_PKEY_free(key_);
  ctx_ = nullptr;
  key_ = nullptr;
  OPENSSL_cleanse(api_key_, sizeof api_key_);
}

KeyError Ed25519Signer::load_from_env(const char* env_var, EnvLookup lookup) noexcept {
  const char* v = lookup != nullptr ? lookup(env_var) : std::getenv(env_var);
  if (v == nullptr || *v == '\0') return KeyError::EnvMissing;
  return set_seed_base64(v);
}

KeyError Ed25519Signer::set_seed_base64(std::string_view seed_b64) noexcept {
  reset();
  std::uint8_t seed[kSeedBytes + 3];
  const int n = base64_decode(seed_b64, seed, sizeof seed);
  if (n < 0) return KeyError::NotBase64;
  if (static_cast<std::size_t>(n) != kSeedBytes) {
    OPENSSL_cleanse(seed, sizeof seed);
    return KeyError::WrongLength;
  }
  key_ = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed, kSeedBytes);
  OPENSSL_cleanse(seed, sizeof seed);
  std::uint8_t pub[kSeedBytes];
  std::size_t pub_len = sizeof pub;
  if (key_ == nullptr || EVP_PKEY_get_raw_public_key(key_, pub, &pub_len) != 1 || pub_len != kSeedBytes) {
    reset();
    return KeyError::OpenSsl;
  }
  base64_encode(pub, pub_len, api_key_, kKeyB64);
  ctx_ = EVP_MD_CTX_new();
  if (ctx_ == nullptr || EVP_DigestSignInit(ctx_, nullptr, nullptr, nullptr, key_) != 1) {
    reset();
    return KeyError::OpenSsl;
  }
  return KeyError::Ok;
}

bool Ed25519Signer::sign(std::string_view msg, std::uint8_t (&sig)[kSigBytes]) noexcept {
  if (ctx_ == nullptr) return false;
  std::size_t len = kSigBytes;
  // Ed25519 is one-shot (no update): the context stays initialised for the next call.
  return EVP_DigestSign(ctx_, sig, &len, reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1 &&
         len == kSigBytes;
}

bool Ed25519Signer::sign_base64(std::string_view msg, char* out) noexcept {
  std::uint8_t sig[kSigBytes];
  if (!sign(msg, sig)) return false;
  return base64_encode(sig, kSigBytes, out, kSigB64) == kSigB64;
}

bool Ed25519Signer::verify(std::string_view key_b64, std::string_view msg, std::string_view sig_b64) noexcept {
  std::uint8_t pub[kSeedBytes + 3], sig[kSigBytes + 3];
  if (base64_decode(key_b64, pub, sizeof pub) != static_cast<int>(kSeedBytes) ||
      base64_decode(sig_b64, sig, sizeof sig) != static_cast<int>(kSigBytes))
    return false;
  EVP_PKEY* k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub, kSeedBytes);
  EVP_MD_CTX* c = EVP_MD_CTX_new();
  const bool ok = k != nullptr && c != nullptr && EVP_DigestVerifyInit(c, nullptr, nullptr, nullptr, k) == 1 &&
                  EVP_DigestVerify(c, sig, kSigBytes, reinterpret_cast<const unsigned char*>(msg.data()),
                                   msg.size()) == 1;
  EVP_MD_CTX_free(c);
  EVP_PKEY_free(k);
  return ok;
}

}  // namespace xtb::backpack
