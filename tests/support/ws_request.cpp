// ws_request.cpp — see ws_request.hpp.
#include "ws_request.hpp"

#include <simdjson.h>

namespace xtb::test_support {

namespace {

std::vector<std::string> strings_of(simdjson::dom::element e) {
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element x : a) {
    std::string_view s;
    if (x.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

}  // namespace

WsRequest parse_ws_request(std::string_view text) {
  WsRequest r;
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(text.data(), text.size()).get_object().get(o) != simdjson::SUCCESS) return r;
  r.ok = true;
  std::string_view method;
  if (o["method"].get_string().get(method) == simdjson::SUCCESS) r.method.assign(method);
  simdjson::dom::element id;
  if (o["id"].get(id) == simdjson::SUCCESS) r.id = simdjson::minify(id);
  simdjson::dom::element e;
  if (o["params"].get(e) == simdjson::SUCCESS) r.params = strings_of(e);
  if (o["signature"].get(e) == simdjson::SUCCESS) r.signature = strings_of(e);
  return r;
}

}  // namespace xtb::test_support
