// session_streams.cpp — see session_streams.hpp.
#include "venue/binance/session_streams.hpp"

#include <algorithm>

namespace xtb::binance {

namespace {

struct StreamText {
  MarketStream kind;
  std::string_view config;  // name in configs
  std::string_view suffix;  // after the symbol
};

constexpr StreamText kStreams[] = {
    {MarketStream::BookTicker, "bookTicker", "@bookTicker"},
    {MarketStream::AggTrade, "aggTrade", "@aggTrade"},
    {MarketStream::Trade, "trade", "@trade"},
    {MarketStream::Depth0ms, "depth@0ms", "@depth@0ms"},
    {MarketStream::Depth100ms, "depth@100ms", "@depth@100ms"},
    {MarketStream::Depth250ms, "depth@250ms", "@depth"},  // 250 ms is the unsuffixed default
    {MarketStream::Depth500ms, "depth@500ms", "@depth@500ms"},
    {MarketStream::MarkPrice1s, "markPrice@1s", "@markPrice@1s"},
    {MarketStream::MarkPrice3s, "markPrice", "@markPrice"},
    {MarketStream::ForceOrder, "forceOrder", "@forceOrder"},
};

bool symbol_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool valid_symbol(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), symbol_char);
}

std::string name_of(const std::string& symbol, MarketStream k) {
  char buf[96];
  const std::size_t n = stream_name(symbol, k, buf, sizeof buf);
  return std::string(buf, n);
}

// Appends `name` to the last connection of `route` with room, or opens a new one.
void place(std::vector<StreamConnPlan>& plan, StreamRoute route, bool combined, std::string name,
           std::size_t max_per_conn) {
  if (combined) {
    for (auto it = plan.rbegin(); it != plan.rend(); ++it) {
      if (it->route != route) continue;
      if (it->streams.size() < max_per_conn) {
        it->streams.push_back(std::move(name));
        return;
      }
      break;  // the newest connection of this route is full: open another
    }
  }
  StreamConnPlan c;
  c.route = route;
  c.combined = combined;
  c.streams.push_back(std::move(name));
  plan.push_back(std::move(c));
}

}  // namespace

StreamRoute split_route(MarketStream s) noexcept {
  switch (s) {
    case MarketStream::BookTicker:
    case MarketStream::Depth0ms:
    case MarketStream::Depth100ms:
    case MarketStream::Depth250ms:
    case MarketStream::Depth500ms: return StreamRoute::Public;
    default: return StreamRoute::Market;
  }
}

std::string_view stream_suffix(MarketStream s) noexcept {
  for (const StreamText& t : kStreams)
    if (t.kind == s) return t.suffix;
  return {};
}

std::size_t stream_name(std::string_view symbol, MarketStream s, char* out, std::size_t cap) noexcept {
  const std::string_view suffix = stream_suffix(s);
  if (!valid_symbol(symbol) || suffix.empty() || symbol.size() + suffix.size() > cap) return 0;
  std::size_t n = 0;
  for (char c : symbol) out[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (char c : suffix) out[n++] = c;
  return n;
}

bool parse_market_stream(std::string_view name, MarketStream& out) noexcept {
  for (const StreamText& t : kStreams) {
    if (t.config == name) {
      out = t.kind;
      return true;
    }
  }
  return false;
}

bool parse_path_style(std::string_view name, PathStyle& out) noexcept {
  if (name == "combined") out = PathStyle::Combined;
  else if (name == "raw") out = PathStyle::Raw;
  else if (name == "split") out = PathStyle::Split;
  else return false;
  return true;
}

bool parse_user_stream_path(std::string_view name, UserStreamPath& out) noexcept {
  if (name == "legacy") out = UserStreamPath::Legacy;
  else if (name == "private") out = UserStreamPath::Private;
  else return false;
  return true;
}

std::vector<StreamConnPlan> plan_market_connections(std::span<const std::string> symbols,
                                                    std::span<const MarketStream> kinds, PathStyle style,
                                                    std::size_t max_per_conn, std::string* error) {
  std::vector<StreamConnPlan> plan;
  max_per_conn = std::clamp<std::size_t>(max_per_conn, 1, kMaxStreamsPerConnection);
  std::vector<std::string> seen;
  for (const std::string& sym : symbols) {
    if (!valid_symbol(sym)) {
      if (error) *error = "invalid symbol '" + sym + "' (expected [A-Za-z0-9_])";
      return {};
    }
    for (MarketStream k : kinds) {
      std::string name = name_of(sym, k);
      if (name.empty()) {
        if (error) *error = "stream name too long for symbol '" + sym + "'";
        return {};
      }
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
      seen.push_back(name);
      switch (style) {
        case PathStyle::Combined: place(plan, StreamRoute::Legacy, true, std::move(name), max_per_conn); break;
        case PathStyle::Raw: place(plan, StreamRoute::Legacy, false, std::move(name), max_per_conn); break;
        case PathStyle::Split: place(plan, split_route(k), true, std::move(name), max_per_conn); break;
      }
    }
  }
  return plan;
}

}  // namespace xtb::binance
