// net_log.hpp — the transport layer's cold-path log hook.
//
// The net library reports start-up decisions (which event-loop backend and io_uring
// features were chosen, the TLS `insecure` switch, certificate verification failures,
// reconnect scheduling) through one function pointer so that it does not depend on a
// particular logging library. The default sink writes one line to stderr; the
// application installs a sink that forwards to spdlog / the telemetry log queue.
//
// Never called per message: every call site is a state change (connect, disconnect,
// start-up). The formatting uses a fixed stack buffer (no heap).
#pragma once
#include <cstdarg>
#include <cstdint>

namespace xtb::net {

enum class LogLevel : std::uint8_t { Debug, Info, Warn, Error };

/// Receives one formatted, NUL-terminated line (no trailing newline).
using LogSink = void (*)(LogLevel level, const char* line) noexcept;

/// Installs `sink` (nullptr restores the stderr default). Call before starting any loop;
/// the pointer is read without synchronisation afterwards.
void set_log_sink(LogSink sink) noexcept;

/// Sets the minimum level that reaches the sink (default Info). Same threading rule.
void set_log_level(LogLevel min_level) noexcept;

/// printf-style logging; lines longer than 511 bytes are truncated. Any thread.
void log(LogLevel level, const char* fmt, ...) noexcept __attribute__((format(printf, 2, 3)));

}  // namespace xtb::net
