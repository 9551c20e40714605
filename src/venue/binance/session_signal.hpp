// session_signal.hpp — SessionSignal, the slot type of the small control rings that tie
// the live I/O stages' session logic together (each ring SPSC, core/spsc_ring.hpp):
//
//   egress → ingest     ListenKey (connect the user stream with this key),
//                       ListenKeyClosed (stop the user stream: key deleted / lost)
//   ingest → egress     ListenKeyExpired (the user stream said listenKeyExpired),
//                       UserStreamReconnected (the user stream is up again after a drop:
//                       egress re-validates the key with a PUT at once)
//   sequencer → egress  DepthSnapshot (BookSync wants GET /fapi/v1/depth for `symbol`)
//
// Signals are cold-path events (a few per hour), but they travel between hot threads, so
// they are fixed-size PODs in preallocated rings: no allocation, no locks.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "core/types.hpp"
#include "venue/binance/session_listen_key.hpp"

namespace xtb::binance {

struct SessionSignal {
  enum class Kind : std::uint8_t { None, ListenKey, ListenKeyClosed, ListenKeyExpired, UserStreamReconnected, DepthSnapshot };
  Kind kind = Kind::None;
  std::uint8_t key_len = 0;
  std::uint16_t conn_tag = 0;    ///< ListenKeyExpired / UserStreamReconnected: the feed's conn_id
  SymbolId symbol = kNoSymbol;   ///< DepthSnapshot
  std::uint32_t key_version = 0; ///< ListenKey: ListenKeySession::key_version()
  char key[kMaxListenKey] = {};  ///< ListenKey: the key (alphanumeric)

  std::string_view key_view() const noexcept { return {key, key_len}; }

  static SessionSignal listen_key(std::string_view k, std::uint32_t version) noexcept {
    SessionSignal s;
    s.kind = Kind::ListenKey;
    s.key_len = static_cast<std::uint8_t>(k.size() < kMaxListenKey ? k.size() : kMaxListenKey);
    if (s.key_len) std::memcpy(s.key, k.data(), s.key_len);
    s.key_version = version;
    return s;
  }
  static SessionSignal of(Kind k, std::uint16_t tag = 0, SymbolId symbol = kNoSymbol) noexcept {
    SessionSignal s;
    s.kind = k;
    s.conn_tag = tag;
    s.symbol = symbol;
    return s;
  }
};
static_assert(std::is_trivially_copyable_v<SessionSignal>);
static_assert(kMaxListenKey < 256, "key_len is one byte");

}  // namespace xtb::binance
