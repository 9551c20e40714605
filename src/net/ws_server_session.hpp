// ws_server_session.hpp — the state every accepted WebSocket server connection keeps:
// its WsStream and Connection, the upgrade target, and whether it is open / gone. The
// open/close/error/connection-state callbacks are the same for every server peer; a
// concrete session derives from this and adds on_upgrade_request / on_message.
//
// Used by the loopback venue peers (the fake-venue kit tests/support/, bench/latency_common's load
// generator). Thread: the EventLoop thread that owns the connection.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "net/connection.hpp"
#include "net/connection_ws.hpp"

namespace xtb::net {

struct WsServerSession : WsHandler, ConnObserver {
  std::unique_ptr<WsStream> ws;
  std::unique_ptr<Connection> conn;  ///< set by the owner after accepting
  std::string target;                ///< request target of the upgrade
  bool open = false;                 ///< handshake done, not closed
  bool dead = false;                 ///< disconnected: the owner may reap it

  void on_open() override { open = true; }
  void on_close(std::uint16_t, std::string_view) override { open = false; }
  void on_error(WsError, std::uint16_t) override { open = false; }
  void on_conn_state(std::uint16_t, ConnStatus s, std::int32_t) noexcept override {
    if (s == ConnStatus::Disconnected) {
      open = false;
      dead = true;
    }
  }

 protected:
  ~WsServerSession() = default;
};

}  // namespace xtb::net
