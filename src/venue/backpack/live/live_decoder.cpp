// live_decoder.cpp — see live_decoder.hpp.
#include "venue/backpack/live/live_decoder.hpp"

namespace xtb::backpack {

bool client_id_head(const ClientOrderId& id, std::string_view& head) noexcept {
  const std::string_view s = id.view();
  std::size_t i = s.size();
  while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') --i;
  if (i == s.size() || i == 0 || s[i] == '0' || i > ClientIdMap::kMaxHead) return false;
  head = s.substr(0, i);
  return true;
}

bool bind_client_ids(const ClientOrderId& id, std::int64_t start_ms, ClientIdMap& map) noexcept {
  std::string_view head;
  return client_id_head(id, head) && ClientIdMap::create(head, start_ms, map);
}

// The first chunk of a diff message: its U − 1 must be the previous message's u.
void LiveDecoder::watch_depth(const Event* first) noexcept {
  if (first == nullptr || first->h.type != EventType::DepthUpdate) return;
  if ((first->h.flags & DepthUpdate::kFirstChunk) == 0 || (first->h.flags & DepthUpdate::kSnapshot) != 0) return;
  const SymbolId s = first->h.symbol;
  if (s >= last_u_.size()) return;
  const DepthUpdate& d = first->depth;
  std::uint64_t& last = last_u_[s];
  if (last != 0 && d.final_update_id <= last) return;  // duplicate / replay: not a gap
  if (last != 0 && d.prev_final_id != last) {
    ++gaps_;
    requests_->fetch_add(1, std::memory_order_release);
  }
  last = d.final_update_id;
}

DecodeResult LiveDecoder::decode_response(const std::uint8_t* p, std::size_t n, std::size_t cap,
                                          const ResponseMeta& meta, EventSink& sink, TscTicks rx,
                                          std::uint16_t conn) noexcept {
  if (meta.rest_kind != kRestKindBindIds) return active().decode_response(p, n, cap, meta, sink, rx, conn);
  DecodeResult r;
  r.kind = MsgKind::WsControl;  // internal control frame: no event
  if (!bound_flag_ && bind_client_ids(meta.client_id, start_ms_, ids_)) bound_flag_ = true;
  return r;
}

}  // namespace xtb::backpack
