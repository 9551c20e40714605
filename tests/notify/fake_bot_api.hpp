// fake_bot_api.hpp — test plumbing: the fake Telegram Bot API (peers/telegram_peer.py,
// python3 http.server) as a child process, its control endpoints, and a spdlog logger
// that captures its output in memory (to check that secrets never reach a log line).
// Every wait is bounded; the child exits when its stdin pipe closes (destructor).
#pragma once
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

namespace xtb::test {

struct BotRequest {
  std::string path, content_type, chat_id, text;
  double t = 0;  ///< server monotonic seconds
};

class FakeBotApi {
 public:
  FakeBotApi();   ///< starts the server (REQUIRE-fails the test when it cannot)
  ~FakeBotApi();
  FakeBotApi(const FakeBotApi&) = delete;
  FakeBotApi& operator=(const FakeBotApi&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Appends actions ("ok", "429:1", "500", "okfalse", "echo_path", "hang:S").
  void script(const std::vector<std::string>& actions);
  void reset();
  std::vector<BotRequest> requests();
  /// Polls until at least `n` requests were recorded (≤ timeout_ms); returns them.
  std::vector<BotRequest> wait_requests(std::size_t n, int timeout_ms = 10000);

 private:
  int pid_ = -1, in_fd_ = -1, out_fd_ = -1;
  int port_ = 0;
};

/// A logger writing into `out` (pattern "%l %v").
std::shared_ptr<spdlog::logger> capture_logger(std::shared_ptr<std::ostringstream>& out, const std::string& name);

/// Port of 127.0.0.1 where nothing listens (bound then closed).
int closed_port();

}  // namespace xtb::test
