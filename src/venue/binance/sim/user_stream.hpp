// user_stream.hpp — the simulated venue's user data stream: the listenKey life cycle and
// delivery of sim::SimExchange's ORDER_TRADE_UPDATE / ACCOUNT_UPDATE / ALGO_UPDATE records, in
// Binance's JSON (json_encode.hpp), to every WebSocket bound to the key.
//
// listenKey (Binance USD-M "User Data Streams",
// https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams):
//   POST /fapi/v1/listenKey   → {"listenKey":"<64 chars>"}; while a key is active the same
//                               key is returned and its validity extended (one key per account)
//   PUT  /fapi/v1/listenKey   → extends validity to now + 60 min; -1125 when none is active
//   DELETE /fapi/v1/listenKey → closes the key (its streams are closed)
//   A key not extended for 60 min expires: bound streams get
//   {"e":"listenKeyExpired","E":<ms>,"listenKey":"<key>"} and are closed.
// Streams bind with /ws/<key>, /private/ws?listenKey=<key> (raw events) or a combined
// stream naming the key (wrapped {"stream":"<key>","data":...}); the session does the
// wrapping (UserStreamSink).
//
// Faults (fault_plan.hpp) are applied per event: drop, duplicate, reorder (held back and
// sent after the next event, or by tick() after 1 s).
//
// Threads: server thread; the exchange calls the listener synchronously. Allocation:
// constructor only (encode / hold buffers, sink list reserved).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "market/symbol_table.hpp"
#include "sim/core/fault_plan.hpp"
#include "sim/core/reports.hpp"
#include "sim/server/user_sink.hpp"

namespace xtb::sim::binance_usdm {

using server::UserStreamSink;

/// Receives the derived mark-price records (published on <symbol>@markPrice@1s).
class MarkPriceSink {
 public:
  virtual void on_mark(const MarkPriceReport& r, std::string_view json) noexcept = 0;

 protected:
  ~MarkPriceSink() = default;
};

class UserStream final : public ExchangeListener {
 public:
  UserStream(const SymbolTable& symbols, std::string asset, FaultInjector& faults, MarkPriceSink& marks,
             std::int64_t validity_ms, std::size_t max_sinks);

  // ---- listenKey (REST) ----
  /// POST: the active key (extended) or a new one.
  std::string_view create(EpochMs now);
  /// PUT: false when no key is active (-1125).
  bool keepalive(EpochMs now) noexcept;
  /// DELETE: false when no key is active.
  bool remove(EpochMs now) noexcept;
  /// True when `key` is the active, unexpired key.
  bool valid(std::string_view key, EpochMs now) const noexcept;
  std::string_view active_key() const noexcept { return active_ ? std::string_view(key_) : std::string_view(); }
  EpochMs expires_ms() const noexcept { return expires_ms_; }

  // ---- sessions ----
  bool bind(UserStreamSink* s) noexcept;
  void unbind(UserStreamSink* s) noexcept;
  std::size_t bound() const noexcept { return sinks_.size(); }

  /// Expiry check and release of a reordered event held longer than 1 s.
  void tick(EpochMs now) noexcept;
  /// Fault: the active key expires now (event + close), as if not kept alive.
  void expire_now(EpochMs now) noexcept;

  // ---- ExchangeListener ----
  void on_order_update(const OrderUpdateReport& r) noexcept override;
  void on_account_update(const AccountUpdateReport& r) noexcept override;
  void on_algo_update(const AlgoUpdateReport& r) noexcept override;
  void on_mark_price(const MarkPriceReport& r) noexcept override;

  std::uint64_t events_sent() const noexcept { return sent_; }
  std::uint64_t events_dropped() const noexcept { return dropped_; }

 private:
  void deliver(std::size_t len, EpochMs event_ms) noexcept;
  void send_all(std::string_view json) noexcept;
  void flush_held() noexcept;
  void close_streams(EpochMs now, bool expired) noexcept;

  const SymbolTable& symbols_;
  std::string asset_;
  FaultInjector& faults_;
  MarkPriceSink& marks_;
  std::int64_t validity_ms_;
  std::vector<UserStreamSink*> sinks_;
  std::string key_;
  bool active_ = false;
  EpochMs expires_ms_ = 0;
  std::unique_ptr<char[]> buf_;   ///< encode buffer
  std::unique_ptr<char[]> held_;  ///< a reordered event
  std::size_t held_len_ = 0;
  EpochMs held_since_ = 0;
  std::uint64_t sent_ = 0, dropped_ = 0;
  static constexpr std::size_t kBufBytes = 16 * 1024;
};

}  // namespace xtb::sim::binance_usdm
