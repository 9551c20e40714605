// server_files.hpp — where xtb-sim keeps its files, and the start-up checks on them
// (docs/simulator.md "Files"):
//
//   * --cert-dir default: a per-user directory, `$XDG_CACHE_HOME/xtb-sim` or
//     `$HOME/.cache/xtb-sim` (`/tmp/xtb-sim-<uid>` without HOME), never the working
//     directory (D18/H4: the old default `.` left key.pem / cert.pem / sim-dump.json in it).
//   * cert.pem / key.pem in the cert dir are reused when both exist, load as a matching
//     pair and the certificate is younger than kCertReuseDays (its validity is 30 days),
//     so a restarted venue keeps the certificate its clients trust (D12). Otherwise a new
//     pair is generated into temporary names and renamed over the old ones. The caller
//     binds its listening socket first, so a second instance that cannot bind never
//     touches the running instance's files (D18/H5).
//   * --dump is checked at start-up (its directory exists and is writable, an existing
//     file is a writable regular file), not discovered at exit after the session (S6).
//
// Cold path only; errors are thrown as std::runtime_error naming the path.
#pragma once
#include <memory>
#include <string>

#include "net/tls/tls_context.hpp"

namespace xtb::sim::server {

inline constexpr int kCertReuseDays = 25;

/// The default --cert-dir (see above); never ".".
std::string default_cert_dir();

struct ServerCert {
  std::string cert_path, key_path;
  std::unique_ptr<net::TlsContext> tls;
  bool reused = false;  ///< true: the files already in the directory were kept
};

/// Creates `dir` when missing, then reuses or writes cert.pem + key.pem (see above).
ServerCert prepare_server_cert(const std::string& dir);

/// Throws when `path` cannot be written at exit (missing directory, not a directory,
/// no write permission, an existing non-regular or read-only file). Creates nothing.
void check_dump_path(const std::string& path);

}  // namespace xtb::sim::server
