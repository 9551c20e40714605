// market_replay.cpp — see market_replay.hpp.
#include "venue/backpack/sim/market_replay.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

#include "venue/backpack/sim/capture_reexpress.hpp"

namespace xtb::sim::backpack_sim {
namespace {

struct Pending {
  std::int64_t recv_ns;
  std::size_t off, len, data_off, data_len;
  server::TopicId topic;
  bool snapshot;
};

}  // namespace

MarketReplay::MarketReplay(const std::string& capture_path, const std::string& binance_symbol,
                           const SymbolTable& symbols, SymbolId sym, server::StreamHub& hub, double speed,
                           std::int64_t max_gap_ns)
    : decoder_(symbols), clock_(speed) {
  const Capture cap = Capture::load(capture_path);
  capture_skipped_ = cap.skipped_text();
  std::vector<Pending> pending;
  pending.reserve(cap.size());
  for (std::size_t i = 0; i < cap.size(); ++i) {
    const Reexpressed x = reexpress(cap.json(i), binance_symbol, symbols, sym);
    if (x.kind == RecordKind::None) {
      ++skipped_;
      continue;
    }
    const bool snap = x.kind == RecordKind::Snapshot;
    const server::TopicId topic = snap ? server::kNoTopic : hub.add_topic(x.stream, server::StreamHub::Kind::Recorded);
    pending.push_back(
        {cap[i].recv_ns, arena_.size(), x.json.size(), arena_.size() + x.data_offset, x.data_len, topic, snap});
    arena_ += x.json;
  }
  if (pending.empty())
    throw CaptureError("capture '" + capture_path + "': no depth, bookTicker or trade record of " + binance_symbol);
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Pending& a, const Pending& b) { return a.recv_ns < b.recv_ns; });
  CapturePacer pacer(max_gap_ns);
  std::size_t max_len = 0;
  items_.reserve(pending.size());
  for (const Pending& p : pending) {
    server::ReplayItem it;
    it.recv_ns = p.recv_ns;
    it.due_offset_ns = pacer.next(p.recv_ns);
    it.json = std::string_view(arena_).substr(p.off, p.len);
    if (!p.snapshot) it.data = std::string_view(arena_).substr(p.data_off, p.data_len);
    it.topic = p.topic;
    it.snapshot = p.snapshot;
    it.snapshot_symbol = p.snapshot ? sym : kNoSymbol;
    max_len = std::max(max_len, p.len);
    items_.push_back(it);
  }
  time_jumps_ = pacer.jumps();
  if (max_len > backpack::Decoder::kDefaultMaxFrame)
    throw CaptureError("capture '" + capture_path + "': a re-expressed record of " + std::to_string(max_len) +
                       " bytes is larger than the frame limit");
  buf_.assign(max_len + simdjson::SIMDJSON_PADDING, 0);
  events_.resize(4096);
}

std::int64_t MarketReplay::next_due_ns() const noexcept {
  return clock_.started() && !done() ? clock_.due_ns(items_[next_].due_offset_ns) : INT64_MAX;
}

const server::ReplayItem* MarketReplay::due(std::int64_t mono_ns) const noexcept {
  return next_due_ns() <= mono_ns ? &items_[next_] : nullptr;
}

void MarketReplay::decode(const server::ReplayItem& item, const Event*& events, std::size_t& n) noexcept {
  events = events_.data();
  n = 0;
  std::memcpy(buf_.data(), item.json.data(), item.json.size());
  std::memset(buf_.data() + item.json.size(), 0, simdjson::SIMDJSON_PADDING);
  ArrayEventSink sink(events_.data(), events_.size());
  const backpack::DecodeResult r =
      item.snapshot ? decoder_.decode_record(buf_.data(), item.json.size(), buf_.size(), item.snapshot_symbol, sink)
                    : decoder_.decode_frame(buf_.data(), item.json.size(), buf_.size(), sink);
  n = r.ok() ? r.events : 0;
  if (!r.ok()) ++decode_errors_;
}

}  // namespace xtb::sim::backpack_sim
