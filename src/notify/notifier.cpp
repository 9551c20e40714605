// notifier.cpp — LogNotifier (see notifier.hpp).
#include "notify/notifier.hpp"

#include <spdlog/spdlog.h>

namespace xtb::notify {

LogNotifier::LogNotifier(std::shared_ptr<spdlog::logger> log)
    : log_(log ? std::move(log) : spdlog::default_logger()) {}

bool LogNotifier::send(std::string_view text) {
  log_->info("notify: {}", text);
  return true;
}

}  // namespace xtb::notify
