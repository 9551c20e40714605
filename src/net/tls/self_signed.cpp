// self_signed.cpp — see self_signed.hpp.
#include "net/tls/self_signed.hpp"

#include <cstdio>
#include <memory>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

namespace xtb::net {
namespace {

struct X509Free { void operator()(X509* x) const { X509_free(x); } };
struct KeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct FileClose { void operator()(FILE* f) const { std::fclose(f); } };
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using FilePtr = std::unique_ptr<FILE, FileClose>;

bool set_error(std::string* error, const std::string& what) {
  char buf[200] = "";
  if (const unsigned long e = ERR_peek_last_error(); e != 0) ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  if (error) *error = buf[0] != '\0' ? what + ": " + buf : what;
  return false;
}

bool add_ext(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (ext == nullptr) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

std::string san_list(const CertSpec& spec) {
  std::string san;
  for (const auto& d : spec.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + d;
  for (const auto& ip : spec.ip_addresses) san += (san.empty() ? "IP:" : ",IP:") + ip;
  return san;
}

bool add_extensions(X509* cert, X509* issuer_cert, const CertSpec& spec) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer_cert, cert, nullptr, nullptr, 0);
  bool ok = add_ext(cert, &ctx, NID_subject_key_identifier, "hash");
  if (spec.is_ca) {
    ok = ok && add_ext(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    ok = ok && add_ext(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && add_ext(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    ok = ok && add_ext(cert, &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    ok = ok && add_ext(cert, &ctx, NID_ext_key_usage, "serverAuth,clientAuth");
    if (const std::string san = san_list(spec); !san.empty()) ok = ok && add_ext(cert, &ctx, NID_subject_alt_name, san);
  }
  if (issuer_cert != cert) ok = ok && add_ext(cert, &ctx, NID_authority_key_identifier, "keyid:always");
  return ok;
}

bool random_serial(X509* cert) {
  BIGNUM* bn = BN_new();
  bool ok = bn != nullptr && BN_rand(bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
  BN_free(bn);
  return ok;
}

bool load_issuer(const PemFiles& issuer, X509Ptr* cert, KeyPtr* key, std::string* error) {
  FilePtr cf(std::fopen(issuer.cert_path.c_str(), "r"));
  FilePtr kf(std::fopen(issuer.key_path.c_str(), "r"));
  if (!cf || !kf) return set_error(error, "cannot open issuer files " + issuer.cert_path + " / " + issuer.key_path);
  cert->reset(PEM_read_X509(cf.get(), nullptr, nullptr, nullptr));
  key->reset(PEM_read_PrivateKey(kf.get(), nullptr, nullptr, nullptr));
  if (!*cert || !*key) return set_error(error, "cannot parse issuer PEM");
  return true;
}

bool write_pem(const PemFiles& out, X509* cert, EVP_PKEY* key, std::string* error) {
  FilePtr cf(std::fopen(out.cert_path.c_str(), "w"));
  if (!cf || PEM_write_X509(cf.get(), cert) != 1) return set_error(error, "cannot write " + out.cert_path);
  FilePtr kf(std::fopen(out.key_path.c_str(), "w"));
  if (!kf) return set_error(error, "cannot write " + out.key_path);
  fchmod(fileno(kf.get()), 0600);
  if (PEM_write_PrivateKey(kf.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return set_error(error, "cannot write " + out.key_path);
  return true;
}

}  // namespace

bool write_certificate(const std::string& dir, const std::string& name, const CertSpec& spec,
                       const PemFiles* issuer, PemFiles* out, std::string* error) {
  KeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr cert(X509_new());
  if (!key || !cert) return set_error(error, "key/certificate allocation");
  X509Ptr issuer_cert;
  KeyPtr issuer_key;
  if (issuer != nullptr && !load_issuer(*issuer, &issuer_cert, &issuer_key, error)) return false;

  X509_set_version(cert.get(), X509_VERSION_3);
  if (!random_serial(cert.get())) return set_error(error, "serial number");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(spec.not_before_s));
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(spec.not_after_s));
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("xtb test"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0);
  X509* signer_cert = issuer_cert ? issuer_cert.get() : cert.get();
  EVP_PKEY* signer_key = issuer_key ? issuer_key.get() : key.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer_cert));
  if (!add_extensions(cert.get(), signer_cert, spec)) return set_error(error, "X.509 v3 extensions");
  if (X509_sign(cert.get(), signer_key, EVP_sha256()) == 0) return set_error(error, "X509_sign");

  out->cert_path = dir + "/" + name + ".crt";
  out->key_path = dir + "/" + name + ".key";
  return write_pem(*out, cert.get(), key.get(), error);
}

bool make_test_pki(const std::string& dir, const std::string& prefix, TestPki* out, std::string* error) {
  CertSpec ca;
  ca.common_name = prefix + " test CA";
  ca.is_ca = true;
  ca.not_after_s = 365 * 86400;
  if (!write_certificate(dir, prefix + "-ca", ca, nullptr, &out->ca, error)) return false;
  return write_certificate(dir, prefix + "-leaf", CertSpec{}, &out->ca, &out->leaf, error);
}

}  // namespace xtb::net
