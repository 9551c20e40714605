// stream_plan.cpp — see stream_plan.hpp.
#include "venue/backpack/live/stream_plan.hpp"

#include <stdexcept>

#include "venue/backpack/text_writer.hpp"

namespace xtb::backpack {

ConnRoles live_roles(std::size_t n_order) {
  if (n_order == 0 || n_order > LiveTags::kMaxOrderConns)
    throw std::invalid_argument("backpack: order connections must be 1.." + std::to_string(LiveTags::kMaxOrderConns) +
                                ", got " + std::to_string(n_order));
  ConnRoles roles{};
  roles[LiveTags::kMarket] = ConnRole::Market;
  roles[LiveTags::kUser] = ConnRole::UserStream;
  for (std::size_t i = 0; i < n_order; ++i) roles[LiveTags::kFirstOrder + i] = ConnRole::OrderRest;
  roles[LiveTags::kReconcile] = ConnRole::ReconcileRest;
  roles[LiveTags::kLocal] = ConnRole::OrderRest;
  roles[LiveTags::kDepth] = ConnRole::Market;
  return roles;
}

std::vector<std::string> public_streams(const std::vector<std::string>& symbols) {
  std::vector<std::string> out;
  out.reserve(symbols.size() * std::size(kPublicKinds));
  for (const std::string& s : symbols)
    for (const std::string_view k : kPublicKinds) out.push_back(std::string(k) + "." + s);
  return out;
}

namespace {
bool json_safe(std::string_view s) noexcept {
  for (const char c : s)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  return !s.empty();
}
}  // namespace

std::size_t write_public_subscribe(const std::vector<std::string>& streams, char* out, std::size_t cap) noexcept {
  TextWriter w(out, cap);
  w.text("{\"method\":\"SUBSCRIBE\",\"params\":[");
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (!json_safe(streams[i])) return 0;
    w.text(i ? ",\"" : "\"").text(streams[i]).ch('"');
  }
  w.text("]}");
  return w.ok() ? w.size() : 0;
}

}  // namespace xtb::backpack
