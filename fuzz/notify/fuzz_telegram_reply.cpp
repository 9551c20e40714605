// fuzz_telegram_reply.cpp — libFuzzer target: the Telegram Bot API reply parser
// (parse_bot_reply: {"ok","error_code","description","parameters":{"retry_after"}},
// https://core.telegram.org/bots/api#making-requests) and the text helpers the sender
// applies to what it logs (scrub, json_escape), fed with arbitrary bytes.
//
// Input layout: the reply body. Invariants (trap on violation): a body that is not a JSON
// object parses as {parsed=false, ok=false, retry_after_s=-1}; retry_after_s is −1 or ≥ 0;
// json_escape's output has no raw control character or unescaped quote; scrub removes
// every occurrence of the secret.
#include <cstddef>
#include <cstdint>
#include <string>

#include "notify/telegram.hpp"

using namespace xtb::notify;

namespace {
#define FUZZ_ASSERT(c) \
  do {                 \
    if (!(c)) __builtin_trap(); \
  } while (0)
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const BotApiReply r = parse_bot_reply(body);
  if (!r.parsed) FUZZ_ASSERT(!r.ok && r.retry_after_s == -1 && r.description.empty());
  FUZZ_ASSERT(r.retry_after_s >= -1);
  const std::string e = json_escape(body);
  for (std::size_t i = 0; i < e.size(); ++i) {
    FUZZ_ASSERT(static_cast<unsigned char>(e[i]) >= 0x20);
    if (e[i] == '"') FUZZ_ASSERT(i > 0 && e[i - 1] == '\\');
  }
  const std::string secret = "123456:ABC";
  FUZZ_ASSERT(scrub(std::string(body), secret).find(secret) == std::string::npos);
  return 0;
}
