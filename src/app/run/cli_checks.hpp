// cli_checks.hpp — CLI11 validators for xtb's numeric command-line values (D6, D10, D15):
// every number a subcommand reads is checked when the command line is parsed, before any
// file is opened or any order placed. A refused value is a CLI11 ValidationError naming the
// flag ("--duration: must be a finite number in (0, 31536000], got 'nan'"), exit code 105.
//   finite_in(lo, hi, lo_open) — a decimal number, finite (no nan / inf / 1e400), within
//                                [lo, hi] (or (lo, hi] when lo_open);
//   int_in(lo, hi)             — an integer (no fraction, no exponent) within [lo, hi].
// Header-only, cold, main thread (command-line parsing).
#pragma once
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace xtb::run {

/// `text` as a finite double (the whole text); false for nan, inf, overflow or junk.
inline bool parse_finite(const std::string& text, double& out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno != ERANGE && std::isfinite(out);
}

inline std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

inline CLI::Validator finite_in(double lo, double hi, bool lo_open = false) {
  const std::string range = std::string(lo_open ? "(" : "[") + number_text(lo) + ", " + number_text(hi) + "]";
  return CLI::Validator(
      [lo, hi, lo_open, range](std::string& text) -> std::string {
        double v = 0;
        if (!parse_finite(text, v) || v > hi || (lo_open ? v <= lo : v < lo))
          return "must be a finite number in " + range + ", got '" + text + "'";
        return {};
      },
      "FINITE in " + range);
}

inline CLI::Validator int_in(long long lo, long long hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long v = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || v < lo || v > hi)
          return "must be an integer in " + range + ", got '" + text + "'";
        return {};
      },
      "INT in " + range);
}

}  // namespace xtb::run
