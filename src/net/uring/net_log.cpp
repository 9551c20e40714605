// net_log.cpp — default stderr sink and the printf-style front end (see net_log.hpp).
#include "net/uring/net_log.hpp"

#include <cstdio>

namespace xtb::net {
namespace {

void stderr_sink(LogLevel level, const char* line) noexcept {
  static constexpr const char* kNames[] = {"debug", "info", "WARN", "ERROR"};
  std::fprintf(stderr, "[xtb.net %s] %s\n", kNames[static_cast<int>(level)], line);
}

LogSink g_sink = &stderr_sink;
LogLevel g_min_level = LogLevel::Info;

}  // namespace

void set_log_sink(LogSink sink) noexcept { g_sink = sink != nullptr ? sink : &stderr_sink; }

void set_log_level(LogLevel min_level) noexcept { g_min_level = min_level; }

void log(LogLevel level, const char* fmt, ...) noexcept {
  if (static_cast<int>(level) < static_cast<int>(g_min_level)) return;
  char line[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  g_sink(level, line);
}

}  // namespace xtb::net
