// ws_handshake.cpp — RFC 6455 §4 opening handshake encode/validate.
#include "net/ws/ws_handshake.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>

#include "net/http/http_encoder.hpp"
#include "net/http/text_writer.hpp"
#include "net/ws/ws_mask.hpp"

namespace xtb::net {

namespace {
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3

/// A Sec-WebSocket-Key must be base64 of exactly 16 bytes (§4.2.1 item 5).
bool valid_key(std::string_view key) noexcept {
  if (key.size() != kWsKeyChars || key[22] != '=' || key[23] != '=') return false;
  for (std::size_t i = 0; i < 22; ++i) {
    const char c = key[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  // The 22nd char encodes the last 2 bits of byte 16 plus 4 zero bits: only A,Q,g,w fit.
  const char last = key[21];
  return last == 'A' || last == 'Q' || last == 'g' || last == 'w';
}

template <class Write>
HttpError emit(Write write, TxBuffer& out) noexcept {
  TextWriter counter;
  write(counter);
  const std::span<std::uint8_t> span = out.reserve(counter.size());
  if (span.empty()) return HttpError::OutputFull;
  TextWriter w(span.data(), span.size());
  write(w);
  out.commit(w.size());
  return HttpError::None;
}
}  // namespace

void ws_make_key(char key[kWsKeyChars]) noexcept {
  // 16 unpredictable bytes (§4.1 item 7: "randomly selected"), from a fresh keystream.
  unsigned char nonce[16];
  WsMaskSource rng;
  rng.fill(nonce, sizeof(nonce));
  unsigned char b64[kWsKeyChars + 1];
  EVP_EncodeBlock(b64, nonce, sizeof(nonce));
  std::memcpy(key, b64, kWsKeyChars);
}

void ws_accept_for_key(std::string_view key, char accept[kWsAcceptChars]) noexcept {
  unsigned char input[64 + kGuid.size()];
  const std::size_t klen = key.size() < 64 ? key.size() : 64;
  std::memcpy(input, key.data(), klen);
  std::memcpy(input + klen, kGuid.data(), kGuid.size());
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(input, klen + kGuid.size(), digest);
  unsigned char b64[kWsAcceptChars + 1];
  EVP_EncodeBlock(b64, digest, SHA_DIGEST_LENGTH);
  std::memcpy(accept, b64, kWsAcceptChars);
}

HttpError ws_encode_client_request(const WsClientRequest& req, std::string_view key, TxBuffer& out) noexcept {
  if (!is_origin_target(req.target) || req.host.empty() || !is_safe_field_value(req.host) ||
      key.size() != kWsKeyChars)
    return HttpError::InvalidArgument;
  for (std::size_t i = 0; i < req.header_count; ++i)
    if (!is_token(req.headers[i].name) || !is_safe_field_value(req.headers[i].value))
      return HttpError::InvalidArgument;
  return emit(
      [&](TextWriter& w) {
        w.put("GET ");
        w.put(req.target);
        w.put(" HTTP/1.1\r\n");
        w.field("Host", req.host);
        w.field("Upgrade", "websocket");
        w.field("Connection", "Upgrade");
        w.field("Sec-WebSocket-Key", key);
        w.field("Sec-WebSocket-Version", "13");
        for (std::size_t i = 0; i < req.header_count; ++i) w.field(req.headers[i].name, req.headers[i].value);
        w.crlf();
      },
      out);
}

WsError ws_check_server_response(const HttpMessageParser& resp, std::string_view key) noexcept {
  if (resp.status() != 101) return WsError::HandshakeRejected;
  const HttpHeaderTable& h = resp.headers();
  if (!has_token(h.find("Upgrade"), "websocket") || !has_token(h.find("Connection"), "upgrade"))
    return WsError::HandshakeInvalid;
  if (!trim_ows(h.find("Sec-WebSocket-Extensions")).empty() ||
      !trim_ows(h.find("Sec-WebSocket-Protocol")).empty())
    return WsError::HandshakeInvalid;  // we offered none (§4.1 items 5-6)
  char expected[kWsAcceptChars];
  ws_accept_for_key(key, expected);
  if (trim_ows(h.find("Sec-WebSocket-Accept")) != std::string_view(expected, kWsAcceptChars))
    return WsError::HandshakeInvalid;
  return WsError::None;
}

WsError ws_check_client_request(const HttpMessageParser& req, char accept[kWsAcceptChars],
                                std::uint16_t* reject_status) noexcept {
  *reject_status = 400;
  const HttpHeaderTable& h = req.headers();
  if (req.method() != "GET" || req.http_minor() < 1 || !h.contains("Host") ||
      !has_token(h.find("Upgrade"), "websocket") || !has_token(h.find("Connection"), "upgrade"))
    return WsError::HandshakeInvalid;
  if (trim_ows(h.find("Sec-WebSocket-Version")) != "13") {
    *reject_status = 426;  // §4.2.2: answer with the versions we support
    return WsError::HandshakeInvalid;
  }
  const std::string_view key = trim_ows(h.find("Sec-WebSocket-Key"));
  if (!valid_key(key)) return WsError::HandshakeInvalid;
  ws_accept_for_key(key, accept);
  *reject_status = 0;
  return WsError::None;
}

HttpError ws_encode_server_accept(std::string_view accept, TxBuffer& out) noexcept {
  return emit(
      [&](TextWriter& w) {
        w.put("HTTP/1.1 101 Switching Protocols\r\n");
        w.field("Upgrade", "websocket");
        w.field("Connection", "Upgrade");
        w.field("Sec-WebSocket-Accept", accept);
        w.crlf();
      },
      out);
}

HttpError ws_encode_server_reject(std::uint16_t status, TxBuffer& out) noexcept {
  return emit(
      [&](TextWriter& w) {
        w.put("HTTP/1.1 ");
        w.put_uint(status);
        w.put_char(' ');
        w.put(reason_phrase(status));
        w.crlf();
        if (status == 426) w.field("Sec-WebSocket-Version", "13");
        w.field("Content-Length", "0");
        w.field("Connection", "close");
        w.crlf();
      },
      out);
}

}  // namespace xtb::net
