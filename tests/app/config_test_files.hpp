// config_test_files.hpp — scratch files for the config diagnostics tests: a private temp
// directory (removed by the destructor), files written into it, and a minimal valid config.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace xtb::configtest {

/// The smallest valid config (C12: every other section has defaults).
inline const char* const kMinimal = "symbols:\n  BTCUSDT: {}\n";

class TempDir {
 public:
  TempDir() {
    std::string t = (std::filesystem::temp_directory_path() / "xtb-config-test-XXXXXX").string();
    if (::mkdtemp(t.data()) != nullptr) path_ = t;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

  /// Writes `bytes` (binary, NUL bytes included) to `name`; returns the full path.
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

 private:
  std::string path_;
};

}  // namespace xtb::configtest
