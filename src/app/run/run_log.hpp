// run_log.hpp — the human log of `xtb run`: every start-up line, note, warning, alert and
// the closing verdict go to stderr ("xtb run: …", as before) and, when a log directory is
// configured (`logs.dir`, default `logs`; env XTB_LOG_DIR overrides it), to
// `<dir>/xtb_YYYY-MM-DD.log` with a timestamp and level, rolled at midnight (local time),
// keeping `logs.retention_days` files (seed 002: logs/, rolled daily, 30 days; spdlog's
// daily sink — no gzip of old files).
//
// Thread: any (spdlog's sinks are mutex-protected); cold path only — hot threads never log
// text (they count, or emit TradeEvents to the event log, app/run/event_log.hpp).
#pragma once
#include <cstdint>
#include <string>

namespace xtb::run {

enum class RunLogLevel : std::uint8_t { Info, Warn, Error };

/// Opens the file part of the log under `dir` ("" = stderr only). Throws std::runtime_error
/// naming the directory when it cannot be created or the file cannot be opened.
void open_run_log(const std::string& dir, std::uint16_t retention_days);
/// Writes one line to stderr (unless `file_only`) and, once opened, to the file.
void run_log(RunLogLevel level, const std::string& line, bool file_only = false);
/// The current file ("" when stderr only).
std::string run_log_file();
/// Flushes and closes the file part (stderr stays). Safe to call twice.
void close_run_log();

}  // namespace xtb::run
