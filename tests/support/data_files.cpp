// data_files.cpp — see data_files.hpp.
#include "data_files.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace xtb::test_support {

std::string data_path(const std::string& rel) { return std::string(XTB_DATA_DIR) + "/" + rel; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TempPki::TempPki(const std::string& tag) {
  std::string tmpl = "/tmp/xtb-" + tag + "-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp " + tmpl + " failed");
  dir = tmpl;
  std::string err;
  if (!net::make_test_pki(dir, tag, &pki, &err)) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    throw std::runtime_error("test PKI: " + err);
  }
}

TempPki::~TempPki() {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace xtb::test_support
