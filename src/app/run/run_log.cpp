// run_log.cpp — see run_log.hpp.
#include "app/run/run_log.hpp"

#include <spdlog/sinks/daily_file_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace xtb::run {
namespace {

std::mutex g_mu;
std::shared_ptr<spdlog::logger> g_file;  // guarded by g_mu
std::string g_path;

spdlog::level::level_enum spd(RunLogLevel l) {
  return l == RunLogLevel::Error ? spdlog::level::err : l == RunLogLevel::Warn ? spdlog::level::warn
                                                                               : spdlog::level::info;
}

}  // namespace

void open_run_log(const std::string& dir, std::uint16_t retention_days) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("logs.dir '" + dir + "': cannot create it: " + ec.message());
  try {
    auto sink = std::make_shared<spdlog::sinks::daily_file_format_sink_mt>(dir + "/xtb_%Y-%m-%d.log", 0, 0, false,
                                                                           retention_days);
    auto logger = std::make_shared<spdlog::logger>("xtb-run", sink);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l %v");
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);
    std::lock_guard<std::mutex> lock(g_mu);
    g_file = std::move(logger);
    g_path = sink->filename();
  } catch (const spdlog::spdlog_ex& e) {
    throw std::runtime_error("logs.dir '" + dir + "': cannot open the log file: " + e.what());
  }
}

void run_log(RunLogLevel level, const std::string& line, bool file_only) {
  if (!file_only) std::fprintf(stderr, "xtb run: %s\n", line.c_str());
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_file) g_file->log(spd(level), line);
}

std::string run_log_file() {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_path;
}

void close_run_log() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_file) g_file->flush();
  g_file.reset();
  g_path.clear();
}

}  // namespace xtb::run
