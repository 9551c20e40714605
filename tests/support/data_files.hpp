// data_files.hpp — the recorded venue data beside the repository (../shared/data/, the
// meson variable data_dir, compiled in as XTB_DATA_DIR) and a temporary test PKI, for the
// fake-venue kit and its users.
//
// Errors: both throw std::runtime_error naming the file or the failing step (a test or
// bench cannot run without them). Threads: any. Allocation: free (cold set-up).
#pragma once
#include <string>

#include "net/tls/self_signed.hpp"

namespace xtb::test_support {

/// Absolute path of `rel` under the shared data directory ("binance-usdm/fixtures/...").
std::string data_path(const std::string& rel);
/// Whole file at `path` (binary).
std::string read_text(const std::string& path);
/// Whole file `rel` under the shared data directory.
inline std::string read_data(const std::string& rel) { return read_text(data_path(rel)); }

/// A CA + localhost / 127.0.0.1 leaf in a fresh temporary directory, removed with the object.
struct TempPki {
  std::string dir;
  net::TestPki pki;
  explicit TempPki(const std::string& tag = "kit");
  ~TempPki();
  TempPki(const TempPki&) = delete;
  TempPki& operator=(const TempPki&) = delete;
};

}  // namespace xtb::test_support
