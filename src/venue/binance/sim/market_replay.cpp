// market_replay.cpp — see market_replay.hpp.
#include "venue/binance/sim/market_replay.hpp"
#include "venue/binance/venue_id.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

namespace xtb::sim::binance_usdm {
namespace {

constexpr std::string_view kStreamPrefix = "{\"stream\":\"";
constexpr std::string_view kDataKey = "\",\"data\":";
constexpr std::string_view kSnapshotPrefix = "{\"lastUpdateId\"";

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_depth_stream(std::string_view name) noexcept {
  const std::size_t at = name.find('@');
  return at != std::string_view::npos && name.substr(at + 1, 5) == "depth" &&
         (name.size() == at + 6 || name[at + 6] == '@');
}

// `symbol=` value of a cryptofeed REST line's URL (upper case), "" if none.
std::string url_symbol(std::string_view line) {
  const std::size_t arrow = line.find(" -> ");
  const std::string_view url = line.substr(0, arrow);
  const std::size_t q = url.find("symbol=");
  if (q == std::string_view::npos) return {};
  std::string_view v = url.substr(q + 7);
  v = v.substr(0, v.find('&'));
  return upper(v);
}

}  // namespace

bool split_combined(std::string_view json, std::string_view& stream, std::string_view& data) noexcept {
  if (json.size() < kStreamPrefix.size() + kDataKey.size() + 3) return false;
  if (json.substr(0, kStreamPrefix.size()) != kStreamPrefix || json.back() != '}') return false;
  const std::size_t name_end = json.find('"', kStreamPrefix.size());
  if (name_end == std::string_view::npos || json.substr(name_end, kDataKey.size()) != kDataKey) return false;
  stream = json.substr(kStreamPrefix.size(), name_end - kStreamPrefix.size());
  const std::size_t d = name_end + kDataKey.size();
  data = json.substr(d, json.size() - 1 - d);
  return !stream.empty() && !data.empty();
}

MarketReplay::MarketReplay(const std::string& capture_path, const std::string& snapshots_path,
                           const SymbolTable& symbols, StreamHub& hub, double speed, std::int64_t max_gap_ns)
    : capture_(std::make_unique<Capture>(Capture::load(capture_path))), decoder_(symbols), clock_(speed) {
  index_capture(*capture_, hub);
  if (!snapshots_path.empty()) {
    snapshots_ = std::make_unique<Capture>(Capture::load(snapshots_path, CaptureFormat::CryptofeedHttp));
    index_snapshots(snapshots_path, *snapshots_, symbols);
  }
  // Merge by receive time; stable so equal stamps keep file order (capture first).
  std::stable_sort(items_.begin(), items_.end(),
                   [](const ReplayItem& a, const ReplayItem& b) { return a.recv_ns < b.recv_ns; });
  fix_hftbacktest_snapshot_symbols(symbols);
  CapturePacer pacer(max_gap_ns);
  for (ReplayItem& it : items_) {
    max_len_ = std::max(max_len_, it.json.size());
    it.due_offset_ns = pacer.next(it.recv_ns);
  }
  time_jumps_ = pacer.jumps();
  if (max_len_ > decoder_.max_frame_bytes())  // D11/K4: refused, never a silent drop
    throw CaptureError("capture '" + capture_path + "': a record of " + std::to_string(max_len_) +
                       " bytes is larger than the frame limit (" + std::to_string(decoder_.max_frame_bytes()) +
                       " bytes)");
  buf_.assign(max_len_ + simdjson::SIMDJSON_PADDING, 0);
  events_.resize(4096);
}

void MarketReplay::index_capture(const Capture& cap, StreamHub& hub) {
  items_.reserve(cap.size() + 64);
  for (std::size_t i = 0; i < cap.size(); ++i) {
    ReplayItem it;
    it.recv_ns = cap[i].recv_ns;
    it.json = cap.json(i);
    std::string_view stream;
    if (it.json.substr(0, kSnapshotPrefix.size()) == kSnapshotPrefix) {
      it.snapshot = true;  // symbol fixed after sorting (next depth message)
    } else if (split_combined(it.json, stream, it.data)) {
      it.topic = hub.add_topic(stream, StreamHub::Kind::Recorded);
      const std::string sym = upper(stream.substr(0, stream.find('@')));
      if (!sym.empty() && sym[0] != '!' &&
          std::find(symbols_seen_.begin(), symbols_seen_.end(), sym) == symbols_seen_.end())
        symbols_seen_.push_back(sym);
    }
    items_.push_back(it);
  }
}

void MarketReplay::index_snapshots(const std::string& path, const Capture& cap, const SymbolTable& symbols) {
  // Capture keeps only (time, json); the symbol is in each line's URL, so walk the lines
  // again, in the same order (lines without " -> " are skipped by both).
  const std::string text = read_file_maybe_gz(path);
  std::vector<std::string> line_symbols;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    if (line.find(" -> ") != std::string_view::npos && line.find('{') != std::string_view::npos)
      line_symbols.push_back(url_symbol(line));
  }
  if (line_symbols.size() != cap.size())
    throw CaptureError("snapshot file '" + path + "': cannot attribute every record to a symbol");
  for (std::size_t i = 0; i < cap.size(); ++i) {
    ReplayItem it;
    it.recv_ns = cap[i].recv_ns;
    it.json = cap.json(i);
    it.snapshot = it.json.substr(0, kSnapshotPrefix.size()) == kSnapshotPrefix;
    it.snapshot_symbol = symbols.find(xtb::binance::kVenueId, line_symbols[i]);
    if (it.snapshot) items_.push_back(it);
  }
}

void MarketReplay::fix_hftbacktest_snapshot_symbols(const SymbolTable& symbols) {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    ReplayItem& it = items_[i];
    if (!it.snapshot || it.snapshot_symbol != kNoSymbol) continue;
    for (std::size_t j = i + 1; j < items_.size(); ++j) {
      std::string_view stream, data;
      if (items_[j].topic == kNoTopic || !split_combined(items_[j].json, stream, data) || !is_depth_stream(stream))
        continue;
      it.snapshot_symbol = symbols.find(xtb::binance::kVenueId, upper(stream.substr(0, stream.find('@'))));
      break;
    }
  }
}

std::string MarketReplay::skipped_text() const {
  std::string s = capture_->skipped_text();
  const std::string snap = snapshots_ ? snapshots_->skipped_text() : std::string();
  if (!snap.empty()) s += (s.empty() ? "snapshots: " : "; snapshots: ") + snap;
  return s;
}

std::int64_t MarketReplay::next_due_ns() const noexcept {
  return clock_.started() && !done() ? clock_.due_ns(items_[next_].due_offset_ns) : INT64_MAX;
}

const ReplayItem* MarketReplay::due(std::int64_t mono_ns) const noexcept {
  return next_due_ns() <= mono_ns ? &items_[next_] : nullptr;
}

void MarketReplay::decode(const ReplayItem& item, const Event*& events, std::size_t& n) noexcept {
  events = events_.data();
  n = 0;
  if (item.snapshot && item.snapshot_symbol == kNoSymbol) return;  // symbol not in exchangeInfo
  std::memcpy(buf_.data(), item.json.data(), item.json.size());
  std::memset(buf_.data() + item.json.size(), 0, simdjson::SIMDJSON_PADDING);
  binance::ArrayEventSink sink(events_.data(), events_.size());
  binance::DecodeResult r;
  if (item.snapshot) {
    binance::RestContext rc;
    rc.kind = binance::RestKind::DepthSnapshot;
    rc.symbol = item.snapshot_symbol;
    r = decoder_.decode_rest(buf_.data(), item.json.size(), buf_.size(), rc, sink);
  } else {
    r = decoder_.decode_frame(buf_.data(), item.json.size(), buf_.size(), sink);
  }
  n = r.ok() ? r.events : 0;
  // Ignored / Unsupported (kline, 24hrTicker...) are valid messages the exchange does not use.
  if (!r.ok() && r.status != binance::DecodeStatus::Ignored && r.status != binance::DecodeStatus::Unsupported)
    ++decode_errors_;
}

}  // namespace xtb::sim::binance_usdm
