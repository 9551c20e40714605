// route_table.cpp — see route_table.hpp.
#include "route_table.hpp"

namespace xtb::test_support {

Handler fixed_reply(std::string body) {
  return [body = std::move(body)](const Request&) { return Reply{200, {}, body}; };
}

void RouteTable::add(std::string_view method, std::string_view path, Handler h) {
  for (Route& r : routes_)
    if (r.method == method && r.path == path) {
      r.handler = std::move(h);
      return;
    }
  routes_.push_back(Route{std::string(method), std::string(path), std::move(h)});
}

const Handler* RouteTable::find(std::string_view method, std::string_view path) const noexcept {
  const Handler* any = nullptr;
  for (const Route& r : routes_) {
    if (r.path != path) continue;
    if (r.method == method) return &r.handler;
    if (r.method.empty()) any = &r.handler;
  }
  return any;
}

Reply RouteTable::answer(const Request& r) const {
  Reply out;
  if (const Handler* h = find(r.method, r.path)) {
    out = (*h)(r);
  } else if (fallback_) {
    out = fallback_(r);
  } else {
    out.status = 404;
    out.body = "{}";
  }
  decorate(r, out);
  return out;
}

}  // namespace xtb::test_support
