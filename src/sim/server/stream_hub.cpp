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

}  // namespace

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
