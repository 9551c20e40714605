// stream_hub.cpp — see stream_hub.hpp.
#include "sim/server/stream_hub.hpp"

#include <algorithm>
#include <cctype>

namespace xtb::sim::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "@<digits>ms" exactly.
bool is_speed_suffix(std::string_view s) noexcept {
  if (s.size() < 4 || s.front() != '@' || s.substr(s.size() - 2) != "ms") return false;
  for (char c : s.substr(1, s.size() - 3))
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string stream_symbol(std::string_view stream) {
  const std::size_t at = stream.find('@');
  if (at == 0 || at == std::string_view::npos) return {};
  return lower(stream.substr(0, at));
}

std::string StreamHub::alias_key(std::string_view name) {
  const std::size_t at = name.find('@');
  if (at == 0 || at == std::string_view::npos) return {};
  const std::string_view sym = name.substr(0, at), rest = name.substr(at + 1);
  for (std::string_view chan : {std::string_view("depth"), std::string_view("markprice")}) {
    if (rest.substr(0, chan.size()) != chan) continue;
    const std::string_view tail = rest.substr(chan.size());
    if (tail.empty() || is_speed_suffix(tail) || (chan == "markprice" && tail == "@1s"))
      return std::string(sym) + "@" + std::string(chan);
  }
  return {};
}

TopicId StreamHub::add_topic(std::string_view name, Kind kind) {
  const auto it = by_name_.find(std::string(name));
  if (it != by_name_.end()) return it->second;
  const TopicId id = static_cast<TopicId>(topics_.size());
  topics_.push_back(Topic{std::string(name), kind, {}});
  topics_.back().subs.reserve(max_subs_);
  by_name_.emplace(std::string(name), id);
  const std::string alias = alias_key(lower(name));
  if (!alias.empty()) by_alias_.emplace(alias, id);  // the first recorded variant wins
  return id;
}

TopicId StreamHub::find(std::string_view name) const noexcept {
  const auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? kNoTopic : it->second;
}

TopicResolution StreamHub::resolve(std::string_view client_name) const {
  const TopicId exact = find(client_name);
  if (exact != kNoTopic) return {exact, true};
  const std::string alias = alias_key(lower(client_name));
  if (alias.empty()) return {};
  const auto it = by_alias_.find(alias);
  return it == by_alias_.end() ? TopicResolution{} : TopicResolution{it->second, false};
}

bool StreamHub::subscribe(TopicId t, StreamSink* sink, std::uint16_t slot) noexcept {
  if (t >= topics_.size()) return false;
  auto& subs = topics_[t].subs;
  if (subs.size() == subs.capacity()) return false;
  subs.push_back(Sub{sink, slot});
  return true;
}

void StreamHub::unsubscribe(TopicId t, StreamSink* sink, std::uint16_t slot) noexcept {
  if (t >= topics_.size()) return;
  auto& subs = topics_[t].subs;
  const auto it = std::find_if(subs.begin(), subs.end(), [&](const Sub& s) { return s.sink == sink && s.slot == slot; });
  if (it != subs.end()) subs.erase(it);  // keeps subscription order; no reallocation
}

std::size_t StreamHub::publish(TopicId t, std::string_view wrapped, std::string_view data) noexcept {
  if (t >= topics_.size()) return 0;
  const auto& subs = topics_[t].subs;
  // Sinks must not (un)subscribe from inside on_stream_message: a session that fails a
  // send only marks itself for closing, and the server reaps it after the publish.
  std::size_t n = 0;
  for (std::size_t i = 0; i < subs.size(); ++i, ++n) subs[i].sink->on_stream_message(subs[i].slot, wrapped, data);
  published_ += n;
  return n;
}

}  // namespace xtb::sim::server
