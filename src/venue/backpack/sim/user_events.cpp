// user_events.cpp — BackpackFace as the exchange's listener (backpack_face.hpp): the private
// streams and the derived mark price.
//   order update   → "account.orderUpdate" (and "account.orderUpdate.<S>") to every session
//                    that subscribed it with a valid signature (face_ws.cpp):
//                    {"stream":"account.orderUpdate","data":{"e":"orderAccepted"|"orderFill"|
//                    "orderCancelled"|"orderExpired",...}} (json_encode.hpp)
//   account update → "account.positionUpdate": positionOpened (was flat), positionClosed
//                    (now flat) or positionAdjusted, the net position after the fill
//   mark price     → topic "markPrice.<S>": {"e":"markPrice","E":µs,"s","p","f":"0","i","n"}
//                    (bpx-api-client test_mark_price_update_parse's fields; index = mark,
//                    funding 0: the replay has no index feed)
// Sources: https://docs.backpack.exchange/#tag/Streams/Private/Order-update,
// .../Position-update; ccxt@4.5.84 js/src/pro/backpack.js handleOrder / handlePositions.
// Events are emitted synchronously inside the exchange call, before the REST answer.
// Threads: server thread; no allocation (event_ buffer).
#include <cstring>

#include "sim/core/decimal_text.hpp"
#include "venue/backpack/sim/backpack_face.hpp"
#include "venue/backpack/sim/json_encode.hpp"

namespace xtb::sim::backpack_sim {
namespace {

constexpr std::size_t kDataBytes = 2048;

}  // namespace

void BackpackFace::deliver(std::string_view stream, SymbolId sym, bool orders, std::string_view data) noexcept {
  char* out = event_.get();
  for (server::ServerSession* s : private_sessions_) {
    const PrivateSub& p = private_[s->index()];
    if (!(orders ? p.orders : p.positions)) continue;
    const SymbolId want = orders ? p.order_symbol : p.position_symbol;
    if (want != kNoSymbol && want != sym) continue;
    char name[96];
    std::size_t nlen = stream.size();
    std::memcpy(name, stream.data(), nlen);
    if (want != kNoSymbol) {  // the subscription's own name: account.orderUpdate.<S>
      const std::string_view sn = symbols_.name(sym);
      name[nlen++] = '.';
      std::memcpy(name + nlen, sn.data(), sn.size());
      nlen += sn.size();
    }
    const std::size_t n = wrap_stream(out, kWsBytes, std::string_view(name, nlen), data);
    if (n == 0) continue;
    s->send_text(std::string_view(out, n));
    ++events_sent_;
  }
}

void BackpackFace::on_order_update(const OrderUpdateReport& r) noexcept {
  if (private_sessions_.empty()) return;
  char data[kDataBytes];
  JsonWriter w(data, sizeof data);
  write_order_event(w, r, symbols_, symbols_.asset_name(exchange_->account().asset()));
  deliver("account.orderUpdate", r.order.spec.symbol, true, std::string_view(data, w.finish()));
}

void BackpackFace::on_account_update(const AccountUpdateReport& r) noexcept {
  for (std::uint8_t i = 0; i < r.n_positions; ++i) {
    const SymbolId sym = r.positions[i].symbol;
    if (sym >= last_position_.size()) continue;
    const Qty before = last_position_[sym], now = r.positions[i].amount;
    last_position_[sym] = now;
    if (private_sessions_.empty() || before == now) continue;
    const std::string_view event = before == 0 ? "positionOpened" : now == 0 ? "positionClosed" : "positionAdjusted";
    char data[kDataBytes];
    JsonWriter w(data, sizeof data);
    write_position_event(w, *exchange_, sym, event, r.event_ms);
    deliver("account.positionUpdate", sym, false, std::string_view(data, w.finish()));
  }
}

void BackpackFace::on_mark_price(const MarkPriceReport& r) noexcept {
  if (r.symbol >= mark_topic_.size() || mark_topic_[r.symbol] == server::kNoTopic) return;
  const SymbolRules& rules = symbols_.rules(r.symbol);
  const DecimalText mark = price_text(rules, r.mark_px);
  char data[512];
  JsonWriter w(data, sizeof data);
  w.begin_object();
  w.kv("e", "markPrice");
  w.kv_i64("E", r.event_ms * 1000);
  w.kv("s", symbols_.name(r.symbol));
  w.kv("p", mark.view());
  w.kv("f", "0");
  w.kv("i", mark.view());
  w.kv_i64("n", r.next_funding_ms);
  w.kv_i64("T", r.event_ms * 1000);
  w.end_object();
  const std::size_t n = w.finish();
  if (n == 0) return;
  char* out = event_.get();
  const std::string_view name = hub_.name(mark_topic_[r.symbol]);
  const std::size_t len = wrap_stream(out, kWsBytes, name, std::string_view(data, n));
  host_.publish(mark_topic_[r.symbol], std::string_view(out, len), std::string_view(data, n));
}

}  // namespace xtb::sim::backpack_sim
