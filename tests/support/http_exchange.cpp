// http_exchange.cpp — see http_exchange.hpp.
#include "http_exchange.hpp"

#include <strings.h>

namespace xtb::test_support {

std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && ::strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return {};
}

std::string Request::param(std::string_view key) const {
  std::string_view v = form_param(query, key);
  if (v.empty()) v = form_param(body, key);
  return std::string(v);
}

Request read_request(const net::HttpMessageParser& req) {
  Request r;
  r.method.assign(req.method());
  const std::string_view target = req.target();
  const std::size_t q = target.find('?');
  r.path.assign(target.substr(0, q));
  if (q != std::string_view::npos) r.query.assign(target.substr(q + 1));
  r.body.assign(req.body_view());
  const net::HttpHeaderTable& h = req.headers();
  r.headers.reserve(h.size());
  for (std::size_t i = 0; i < h.size(); ++i) r.headers.emplace_back(h.name(i), h.value(i));
  return r;
}

net::HttpError send_reply(net::HttpServerConnection& c, const Reply& r) {
  if (r.silent) return net::HttpError::None;
  std::vector<net::HttpField> fields;
  fields.reserve(r.headers.size());
  for (const auto& [k, v] : r.headers) fields.push_back({k, v});
  net::HttpResponseSpec spec;
  spec.status = r.status;
  spec.headers = fields.data();
  spec.header_count = fields.size();
  spec.content_type = r.content_type;
  spec.body = r.body;
  return c.respond(spec);
}

std::string_view form_param(std::string_view s, std::string_view key) noexcept {
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t amp = s.find('&', pos);
    if (amp == std::string_view::npos) amp = s.size();
    const std::string_view kv = s.substr(pos, amp - pos);
    if (kv.size() > key.size() && kv.substr(0, key.size()) == key && kv[key.size()] == '=')
      return kv.substr(key.size() + 1);
    pos = amp + 1;
  }
  return {};
}

void replace_once(std::string& s, std::string_view from, std::string_view to) {
  const std::size_t p = s.find(from);
  if (p != std::string::npos) s.replace(p, from.size(), to);
}

}  // namespace xtb::test_support
