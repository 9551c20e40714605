// stream_plan.hpp — Backpack's live connection plan: which WebSocket streams the ingest
// stage subscribes, the SUBSCRIBE messages it sends, and the RawFrame conn_id of every
// connection the live stages use (with their ConnRole for the sequencer).
//
// Protocol (https://docs.backpack.exchange/#tag/Streams): one WebSocket endpoint
// (wss://ws.backpack.exchange, target "/"); streams are chosen by sending
//   {"method":"SUBSCRIBE","params":["depth.<SYM>","bookTicker.<SYM>","trade.<SYM>","markPrice.<SYM>"]}
// after the handshake, again on every reconnect. Private streams ("account.orderUpdate",
// "account.positionUpdate") need the signed form (encode_request.hpp
// encode_private_subscribe: instruction=subscribe&timestamp=..&window=..), re-signed on
// every reconnect because the signature's window expires. Messages arrive as
// {"stream":"<name>","data":{..}}; the server pings every 60 s and closes a connection that
// does not pong (net/ws answers pings itself).
//
// Connections: one market feed (public streams of every traded symbol) and one user feed
// (private streams) — separate so that the sequencer routes by ConnRole.
// Threads: pure functions; any thread. Allocation: the std::string/vector forms are cold
// (start-up); write_public_subscribe writes into a caller buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/conn_role.hpp"

namespace xtb::backpack {

/// RawFrame conn_id plan of a Backpack live run (< kMaxConns).
struct LiveTags {
  static constexpr std::uint16_t kMarket = 1;       ///< public streams
  static constexpr std::uint16_t kUser = 20;        ///< private streams
  static constexpr std::uint16_t kFirstOrder = 30;  ///< order connections 30..30+n-1
  static constexpr std::uint16_t kReconcile = 40;   ///< answers to QueryOpenOrders / QueryPositions
  static constexpr std::uint16_t kLocal = 41;       ///< local refusals and id-binding frames
  static constexpr std::uint16_t kDepth = 42;       ///< REST depth snapshots (market data)
  static constexpr std::uint32_t kMaxOrderConns = kReconcile - kFirstOrder;
};

/// Roles of the plan for `n_order` order connections. Throws std::invalid_argument when
/// n_order is 0 or more than LiveTags::kMaxOrderConns.
ConnRoles live_roles(std::size_t n_order);

/// The market data each traded symbol gets, in this order.
inline constexpr std::string_view kPublicKinds[] = {"depth", "bookTicker", "trade", "markPrice"};
/// The private streams (all symbols).
inline constexpr std::string_view kPrivateStreams[] = {"account.orderUpdate", "account.positionUpdate"};

/// "<kind>.<symbol>" for every kind of kPublicKinds and every symbol (symbol-major).
std::vector<std::string> public_streams(const std::vector<std::string>& symbols);

/// {"method":"SUBSCRIBE","params":[...]} for `streams` into out[0..cap). Returns the bytes
/// written; 0 when it does not fit or a stream name holds a character that would need JSON
/// escaping ('"', '\\', control).
std::size_t write_public_subscribe(const std::vector<std::string>& streams, char* out, std::size_t cap) noexcept;

}  // namespace xtb::backpack
