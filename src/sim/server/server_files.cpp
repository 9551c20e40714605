// server_files.cpp — see server_files.hpp.
#include "sim/server/server_files.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "net/tls/self_signed.hpp"

namespace xtb::sim::server {
namespace {

constexpr const char* kAlpn = "http/1.1";

bool is_file(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The pair loads, the key matches, and the certificate is valid for longer than
// 30 - kCertReuseDays days from now.
std::unique_ptr<net::TlsContext> load_if_fresh(const std::string& cert, const std::string& key) {
  if (!is_file(cert) || !is_file(key)) return nullptr;
  std::string error;
  auto tls = net::TlsContext::server(net::TlsServerOptions{cert, key, kAlpn}, &error);
  if (!tls) return nullptr;
  X509* x = SSL_CTX_get0_certificate(tls->native());
  if (x == nullptr) return nullptr;
  std::time_t limit = std::time(nullptr) + static_cast<std::time_t>(30 - kCertReuseDays) * 86400;
  if (X509_cmp_time(X509_get0_notAfter(x), &limit) <= 0) return nullptr;  // expires too soon (or error)
  return tls;
}

}  // namespace

std::string default_cert_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && x[0] == '/') return std::string(x) + "/xtb-sim";
  if (const char* h = std::getenv("HOME"); h != nullptr && h[0] == '/') return std::string(h) + "/.cache/xtb-sim";
  return "/tmp/xtb-sim-" + std::to_string(::getuid());
}

ServerCert prepare_server_cert(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("--cert-dir '" + dir + "': " + ec.message());
  ServerCert c;
  c.cert_path = dir + "/cert.pem";
  c.key_path = dir + "/key.pem";
  c.tls = load_if_fresh(c.cert_path, c.key_path);
  if (c.tls) {
    c.reused = true;
    return c;
  }
  net::CertSpec spec;  // localhost + 127.0.0.1, 30 days, self-signed
  net::PemFiles files;
  std::string error;
  if (!net::write_certificate(dir, "xtb-sim", spec, nullptr, &files, &error))
    throw std::runtime_error("certificate in '" + dir + "': " + error);
  // Each file is replaced atomically (rename); only this instance, already bound, writes here.
  std::filesystem::rename(files.key_path, c.key_path, ec);
  if (!ec) std::filesystem::rename(files.cert_path, c.cert_path, ec);
  if (ec) throw std::runtime_error("certificate in '" + dir + "': " + ec.message());
  c.tls = net::TlsContext::server(net::TlsServerOptions{c.cert_path, c.key_path, kAlpn}, &error);
  if (!c.tls) throw std::runtime_error("TLS context: " + error);
  return c;
}

void check_dump_path(const std::string& path) {
  if (path.empty()) throw std::runtime_error("--dump: empty path");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) throw std::runtime_error("--dump '" + path + "': not a regular file");
    if (::access(path.c_str(), W_OK) != 0)
      throw std::runtime_error("--dump '" + path + "': " + std::strerror(errno));
    return;
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  if (::stat(dir.c_str(), &st) != 0)
    throw std::runtime_error("--dump '" + path + "': directory '" + dir + "': " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) throw std::runtime_error("--dump '" + path + "': '" + dir + "' is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw std::runtime_error("--dump '" + path + "': directory '" + dir + "': " + std::strerror(errno));
}

}  // namespace xtb::sim::server
