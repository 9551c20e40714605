// route_table.hpp — what a fake venue answers over HTTP: method + path → handler, a
// fallback for everything else, and a decorator that adds the venue's common headers to
// every answer (Binance's X-MBX-USED-WEIGHT-1M, ...). Venue presets fill one; LoopbackPeer
// and the latency bench's load generator answer from one.
//
// Shapes: a route is keyed by (method, path); method "" matches any method. Adding a route
// that exists replaces its handler (a test overrides one answer of a preset). The default
// fallback answers 404 with an empty JSON object.
// Threads: not synchronised — fill it before the peer serves, or guard it (LoopbackPeer
// does); answer() runs the handler on the calling (peer) thread.
// Errors: handlers answer venue errors themselves (status + body); nothing throws here.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http_exchange.hpp"

namespace xtb::test_support {

using Handler = std::function<Reply(const Request&)>;
using Decorator = std::function<void(const Request&, Reply&)>;

/// A handler that always answers 200 with `body`.
Handler fixed_reply(std::string body);

class RouteTable {
 public:
  /// Adds (or replaces) the handler of `method` (empty: any) + `path`.
  void add(std::string_view method, std::string_view path, Handler h);
  void set_fallback(Handler h) { fallback_ = std::move(h); }
  void set_decorator(Decorator d) { decorator_ = std::move(d); }

  /// The handler for a request line; null when only the fallback would answer.
  const Handler* find(std::string_view method, std::string_view path) const noexcept;
  /// The routed (or fallback) answer, decorated.
  Reply answer(const Request& r) const;
  /// Applies the decorator to an answer made elsewhere (a fault, a signature refusal).
  void decorate(const Request& r, Reply& out) const {
    if (decorator_) decorator_(r, out);
  }

 private:
  struct Route {
    std::string method, path;
    Handler handler;
  };
  std::vector<Route> routes_;
  Handler fallback_;
  Decorator decorator_;
};

}  // namespace xtb::test_support
