// self_signed.hpp — run-time certificate generation with OpenSSL 3 APIs, for the venue
// simulator (HTTPS/WSS on loopback) and the TLS tests: a CA, leaves signed by it, or a
// self-signed leaf, written as PEM files. EC P-256 keys, SHA-256 signatures, X.509 v3
// with basicConstraints, keyUsage, extendedKeyUsage (serverAuth, clientAuth),
// subjectAltName (DNS + IP, RFC 5280 §4.2.1.6: names are checked against SAN, not CN),
// subject/authority key identifiers.
//
// Validity is given as offsets from now in seconds, so tests can make an expired
// certificate (both offsets negative) or a not-yet-valid one.
//
// Cold path only (file I/O, allocation). Errors come back as text, never thrown.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace xtb::net {

struct CertSpec {
  std::string common_name = "localhost";
  std::vector<std::string> dns_names{"localhost"};
  std::vector<std::string> ip_addresses{"127.0.0.1"};
  std::int64_t not_before_s = -3600;         ///< offset from now (negative = in the past)
  std::int64_t not_after_s = 30 * 86400;     ///< offset from now
  bool is_ca = false;                        ///< CA:TRUE + keyCertSign (no SAN / EKU)
};

/// Paths of a PEM certificate and its PEM private key (key file mode 0600).
struct PemFiles {
  std::string cert_path;
  std::string key_path;
};

/// Generates a key and a certificate for `spec`, signed by `issuer` (its cert + key PEM
/// files) or self-signed when `issuer` is nullptr, and writes <dir>/<name>.crt and
/// <dir>/<name>.key. Returns false with `error` set on any failure.
bool write_certificate(const std::string& dir, const std::string& name, const CertSpec& spec,
                       const PemFiles* issuer, PemFiles* out, std::string* error);

/// A CA plus one "localhost" / 127.0.0.1 server leaf signed by it, the common set-up of
/// the simulator and the tests: <dir>/<prefix>-ca.{crt,key}, <dir>/<prefix>-leaf.{crt,key}.
struct TestPki {
  PemFiles ca;
  PemFiles leaf;
};
bool make_test_pki(const std::string& dir, const std::string& prefix, TestPki* out, std::string* error);

}  // namespace xtb::net
