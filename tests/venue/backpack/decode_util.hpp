// decode_util.hpp — runs one real message through the right decoder entry point.
#pragma once
#include <string>

#include "core/command.hpp"
#include "test_util.hpp"
#include "venue/backpack/decoder.hpp"

namespace xtb::backpack::test {

inline ResponseMeta meta(RestKind kind, CommandKind cmd, std::uint16_t http, const char* symbol = nullptr) {
  ResponseMeta m{};
  m.rest_kind = static_cast<std::uint8_t>(kind);
  m.command = static_cast<std::uint8_t>(cmd);
  m.http_status = http;
  m.symbol = symbol ? symbols().find(kVenueId, symbol) : kNoSymbol;
  m.generation = 9;
  m.client_id.assign("xtb-run1-k0-7");
  return m;
}

inline DecodeResult ws(Decoder& d, Events& out, const std::string& json) {
  Frame f(json);
  return d.decode_frame(f.data(), f.len, f.cap(), out.sink, 77, 3);
}

inline DecodeResult rest(Decoder& d, Events& out, const std::string& json, const ResponseMeta& m) {
  Frame f(json);
  return d.decode_response(f.data(), f.len, f.cap(), m, out.sink, 77, 3);
}

inline DecodeResult record(Decoder& d, Events& out, const std::string& json, const char* symbol) {
  Frame f(json);
  return d.decode_record(f.data(), f.len, f.cap(), symbols().find(kVenueId, symbol), out.sink, 77, 3);
}

}  // namespace xtb::backpack::test
