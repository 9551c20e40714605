// request_shape.cpp — see request_shape.hpp.
#include "venue/backpack/live/request_shape.hpp"

#include "net/http/http_types.hpp"

namespace xtb::backpack {

net::HttpMethod to_net(Method m) noexcept {
  switch (m) {
    case Method::Get: return net::HttpMethod::Get;
    case Method::Post: return net::HttpMethod::Post;
    case Method::Delete: return net::HttpMethod::Delete;
  }
  return net::HttpMethod::Get;
}

RestKind rest_kind_for(CommandKind k) noexcept {
  switch (k) {
    case CommandKind::NewOrder: return RestKind::OrderExecute;
    case CommandKind::CancelOrder: return RestKind::OrderCancel;
    case CommandKind::CancelAll: return RestKind::CancelAll;
    case CommandKind::QueryOrder: return RestKind::OrderQuery;
    case CommandKind::QueryOpenOrders: return RestKind::OpenOrders;
    case CommandKind::QueryPositions: return RestKind::Positions;
    default: return RestKind::None;
  }
}

std::uint16_t local_refusal_http(LocalRefusal r) noexcept {
  switch (r) {
    case LocalRefusal::RequestRateLimit:
    case LocalRefusal::OrderCountLimit: return 429;
    case LocalRefusal::EncodeFailed: return 400;
    default: return 0;
  }
}

int split_header_lines(std::string_view lines, net::HttpField* out, std::size_t cap,
                       std::string_view& content_type) noexcept {
  std::size_t n = 0;
  content_type = {};
  while (!lines.empty()) {
    const std::size_t eol = lines.find("\r\n");
    if (eol == std::string_view::npos) return -1;
    const std::string_view line = lines.substr(0, eol);
    lines.remove_prefix(eol + 2);
    const std::size_t colon = line.find(": ");
    if (colon == 0 || colon == std::string_view::npos) return -1;
    const net::HttpField f{line.substr(0, colon), line.substr(colon + 2)};
    if (net::iequals(f.name, "Content-Type")) {
      content_type = f.value;
      continue;
    }
    if (n == cap) return -1;
    out[n++] = f;
  }
  return static_cast<int>(n);
}

bool shape_request(const Request& req, std::string_view host, char* target, std::size_t cap, HttpShape& out) noexcept {
  const std::string_view q = req.method == Method::Get ? req.query_view() : std::string_view{};
  const std::size_t need = req.path.size() + (q.empty() ? 0 : 1 + q.size());
  if (req.path.empty() || need > cap) return false;
  std::size_t n = req.path.copy(target, req.path.size());
  if (!q.empty()) {
    target[n++] = '?';
    n += q.copy(target + n, q.size());
  }
  std::string_view ctype;
  const int fields = split_header_lines(req.headers_view(), out.fields, HttpShape::kMaxFields, ctype);
  if (fields < 0) return false;
  out.spec = net::HttpRequestSpec{};
  out.spec.method = to_net(req.method);
  out.spec.target = std::string_view(target, n);
  out.spec.host = host;
  out.spec.headers = out.fields;
  out.spec.header_count = static_cast<std::size_t>(fields);
  if (req.method != Method::Get && req.body_len != 0) {
    out.spec.body = req.body_view();
    out.spec.content_type = ctype.empty() ? std::string_view("application/json; charset=utf-8") : ctype;
  }
  return true;
}

}  // namespace xtb::backpack
