// stream_hub.hpp — market-stream topics of the simulated venue and who subscribes to them.
//
// A topic is one stream the server produces:
//   * Recorded: a stream name found in the capture ("btcusdt@depth@0ms",
//     "btcusdt@bookTicker", "sushiusdt@aggTrade"); its messages are the recorded ones;
//   * Mark: "<symbol>@markPrice@1s" of a simulated symbol, generated from SimExchange's
//     mark rule (docs/simulator-exchange.md "Mark price").
// A client's stream name resolves to a topic (resolve()):
//   1. the exact recorded/generated name → exact = true (combined connections then get
//      the capture's bytes verbatim, `{"stream":..,"data":..}` exactly as recorded);
//   2. aliases (exact = false, the wrapper is rebuilt with the client's name): the face's
//      AliasRule maps a lower-case name to an alias key, and a topic whose own name has
//      the same key serves it (the USD-M face: "<s>@depth" and "<s>@depth@<N>ms" → the
//      recorded diff-depth stream of <s>, "<s>@markPrice" → the 1 s mark topic);
//   3. anything else is accepted but idle (a valid stream with no traffic, as on the venue
//      for a symbol that does not trade) → kNoTopic.
// Subscribers are (sink, slot) pairs kept per topic in vectors reserved at start-up.
//
// Threads: server thread. Allocation: topics and aliases at start-up (cold); subscribe
// and unsubscribe stay within the reserved capacity; publish() never allocates.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/types.hpp"

namespace xtb::sim::server {

using TopicId = std::uint32_t;
inline constexpr TopicId kNoTopic = 0xFFFF'FFFFu;

/// Receives the messages of the topics it subscribed to (a WebSocket session).
class StreamSink {
 public:
  /// One message of a subscription `slot`: `wrapped` is the complete combined-stream
  /// message when it may be sent verbatim (empty otherwise), `data` the raw payload.
  virtual void on_stream_message(std::uint16_t slot, std::string_view wrapped, std::string_view data) noexcept = 0;

 protected:
  ~StreamSink() = default;
};

struct TopicResolution {
  TopicId topic = kNoTopic;
  bool exact = false;
};

/// A stream name (lower case) → its alias key; "" when the name has none.
using AliasRule = std::string (*)(std::string_view lower_name);

class StreamHub {
 public:
  enum class Kind : std::uint8_t { Recorded, Mark };

  /// `max_subscribers`: total (sink, slot) pairs a topic may hold. Cold path.
  explicit StreamHub(std::size_t max_subscribers = 4096) : max_subs_(max_subscribers) {}

  /// The venue's alias rule (none by default: only exact names resolve). Set before the
  /// first add_topic(). Cold path.
  void set_alias_rule(AliasRule rule) noexcept { alias_ = rule; }

  /// Registers a topic (idempotent by name); `symbol_lower` is the stream's symbol part.
  TopicId add_topic(std::string_view name, Kind kind);
  TopicId find(std::string_view name) const noexcept;
  TopicResolution resolve(std::string_view client_name) const;
  std::size_t topic_count() const noexcept { return topics_.size(); }
  const std::string& name(TopicId t) const noexcept { return topics_[t].name; }
  Kind kind(TopicId t) const noexcept { return topics_[t].kind; }

  /// Adds / removes a subscriber; false when the topic's list is full.
  bool subscribe(TopicId t, StreamSink* sink, std::uint16_t slot) noexcept;
  void unsubscribe(TopicId t, StreamSink* sink, std::uint16_t slot) noexcept;
  std::size_t subscribers(TopicId t) const noexcept { return t < topics_.size() ? topics_[t].subs.size() : 0; }

  /// Delivers one message to every subscriber of `t`. Returns how many got it.
  std::size_t publish(TopicId t, std::string_view wrapped, std::string_view data) noexcept;
  std::uint64_t published() const noexcept { return published_; }

 private:
  struct Sub {
    StreamSink* sink;
    std::uint16_t slot;
  };
  struct Topic {
    std::string name;
    Kind kind;
    std::vector<Sub> subs;
  };
  std::string alias_key(std::string_view lower_name) const { return alias_ ? alias_(lower_name) : std::string(); }

  std::size_t max_subs_;
  AliasRule alias_ = nullptr;
  std::vector<Topic> topics_;
  std::unordered_map<std::string, TopicId> by_name_;
  std::unordered_map<std::string, TopicId> by_alias_;
  std::uint64_t published_ = 0;
};

}  // namespace xtb::sim::server
