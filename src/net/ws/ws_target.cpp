// ws_target.cpp — Binance WebSocket request targets.
#include "net/ws/ws_target.hpp"

#include "net/http/text_writer.hpp"

namespace xtb::net {

namespace {
bool is_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_listen_key(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alnum(c)) return false;
  return true;
}

std::size_t finish(const TextWriter& w) noexcept { return w.overflow() ? 0 : w.size(); }

TextWriter writer(char* out, std::size_t cap) noexcept {
  return TextWriter(reinterpret_cast<std::uint8_t*>(out), cap);
}
}  // namespace

std::string_view route_prefix(BinanceWsRoute r) noexcept {
  switch (r) {
    case BinanceWsRoute::Legacy: return "";
    case BinanceWsRoute::Public: return "/public";
    case BinanceWsRoute::Market: return "/market";
    case BinanceWsRoute::Private: return "/private";
  }
  return "";
}

bool is_valid_stream_name(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '@' && c != '_' && c != '!' && c != '.' && c != '-') return false;
  return true;
}

std::size_t ws_target_raw(BinanceWsRoute route, std::string_view stream, char* out, std::size_t cap) noexcept {
  if (!is_valid_stream_name(stream)) return 0;
  TextWriter w = writer(out, cap);
  w.put(route_prefix(route));
  w.put("/ws/");
  w.put(stream);
  return finish(w);
}

std::size_t ws_target_combined(BinanceWsRoute route, const std::string_view* streams, std::size_t n,
                               char* out, std::size_t cap) noexcept {
  if (n == 0) return 0;
  TextWriter w = writer(out, cap);
  w.put(route_prefix(route));
  w.put("/stream?streams=");
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_valid_stream_name(streams[i])) return 0;
    if (i != 0) w.put_char('/');
    w.put(streams[i]);
  }
  return finish(w);
}

std::size_t ws_target_listen_key(BinanceWsRoute route, std::string_view listen_key, char* out,
                                 std::size_t cap) noexcept {
  if (!is_listen_key(listen_key)) return 0;
  TextWriter w = writer(out, cap);
  w.put(route_prefix(route));
  w.put("/ws?listenKey=");
  w.put(listen_key);
  return finish(w);
}

std::size_t ws_target_bare(BinanceWsRoute route, char* out, std::size_t cap) noexcept {
  TextWriter w = writer(out, cap);
  w.put(route == BinanceWsRoute::Legacy ? std::string_view("/ws") : route_prefix(route));
  return finish(w);
}

}  // namespace xtb::net
