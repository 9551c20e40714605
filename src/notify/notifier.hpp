// notifier.hpp — where notification texts go: the Notifier interface and LogNotifier.
//
// A Notifier delivers one plain-text message (UTF-8). Implementations block (network I/O,
// retries, waits), so send() runs only on the cold notifier thread (NotifierService's
// "xtb-notify"), never on a pipeline stage. Implementations: LogNotifier (spdlog, or
// stderr through spdlog's default logger) and TelegramNotifier (telegram.hpp).
// Threads: send() from one thread at a time; abort() and stats from any thread.
#pragma once
#include <memory>
#include <string_view>

namespace spdlog { class logger; }

namespace xtb::notify {

class Notifier {
 public:
  virtual ~Notifier() = default;
  /// Delivers `text`; true when the destination accepted it. Failures are counted and
  /// logged by the implementation (never with secrets). May block for bounded time.
  virtual bool send(std::string_view text) = 0;
  /// Short name for logs ("log", "telegram").
  virtual const char* name() const noexcept = 0;
  /// Makes the current and every later send() give up its waits and transfers promptly
  /// (shutdown past its deadline). Any thread. Default: nothing to abort.
  virtual void abort() noexcept {}
  /// Undoes abort(): later send() calls work again (NotifierService::send_final after stop()).
  virtual void resume() noexcept {}
};

/// Writes each message as one info line "notify: <text>" to `log` (spdlog's default
/// logger — stderr — when null). Never fails.
class LogNotifier final : public Notifier {
 public:
  explicit LogNotifier(std::shared_ptr<spdlog::logger> log = nullptr);
  bool send(std::string_view text) override;
  const char* name() const noexcept override { return "log"; }

 private:
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace xtb::notify
