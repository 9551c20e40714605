// ws_handshake.hpp — the RFC 6455 §4 opening handshake, both sides, as pure functions
// over HttpMessageParser (received side) and TxBuffer (sent side).
//
// Client (§4.1): GET <target> HTTP/1.1 with Host, `Upgrade: websocket`,
// `Connection: Upgrade`, a fresh `Sec-WebSocket-Key` (base64 of 16 random bytes) and
// `Sec-WebSocket-Version: 13`. The response must be 101 with `Upgrade: websocket`,
// a Connection list containing `upgrade`, and `Sec-WebSocket-Accept` equal to
// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) (§4.2.2 step 5.4); an
// extension or subprotocol we did not offer fails the connection (§4.1 items 5-6).
// Server (§4.2.1): the request must be a GET (HTTP/1.1+) with Host, Upgrade, Connection,
// a key that decodes to 16 bytes and version 13 (else 426 with the supported version).
//
// Cold path (once per connection); OpenSSL one-shot SHA1() + EVP_EncodeBlock.
// Threads: any; functions are reentrant.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/http/http_message_parser.hpp"
#include "net/http/http_types.hpp"
#include "net/uring/tx_buffer.hpp"
#include "net/ws/ws_types.hpp"

namespace xtb::net {

inline constexpr std::size_t kWsKeyChars = 24;     ///< base64 of 16 bytes
inline constexpr std::size_t kWsAcceptChars = 28;  ///< base64 of a 20-byte SHA-1

/// Fills `key` with a fresh random Sec-WebSocket-Key (24 chars, not NUL-terminated).
void ws_make_key(char key[kWsKeyChars]) noexcept;

/// Sec-WebSocket-Accept for `key` (28 chars, not NUL-terminated).
void ws_accept_for_key(std::string_view key, char accept[kWsAcceptChars]) noexcept;

/// What the client asks for. `host` is the Host value ("fstream.binance.com"),
/// `target` the path + query (see ws_target.hpp); `headers` are extra fields.
struct WsClientRequest {
  std::string_view host;
  std::string_view target;
  const HttpField* headers = nullptr;
  std::size_t header_count = 0;
};

/// Encodes the client's upgrade request. Errors: InvalidArgument, OutputFull.
HttpError ws_encode_client_request(const WsClientRequest& req, std::string_view key, TxBuffer& out) noexcept;

/// Checks a complete response against the key we sent. Returns None, HandshakeRejected
/// (status != 101) or HandshakeInvalid (headers wrong, accept mismatch).
WsError ws_check_server_response(const HttpMessageParser& resp, std::string_view key) noexcept;

/// Server side: checks a complete request. On None, `accept` holds the value for the
/// 101 response. Otherwise `*reject_status` is the HTTP status to answer with (400, or
/// 426 for an unsupported Sec-WebSocket-Version).
WsError ws_check_client_request(const HttpMessageParser& req, char accept[kWsAcceptChars],
                                std::uint16_t* reject_status) noexcept;

/// Server: queues `101 Switching Protocols` with the accept value.
HttpError ws_encode_server_accept(std::string_view accept, TxBuffer& out) noexcept;
/// Server: queues a refusal (`status`, Connection: close; 426 adds Sec-WebSocket-Version).
HttpError ws_encode_server_reject(std::uint16_t status, TxBuffer& out) noexcept;

}  // namespace xtb::net
