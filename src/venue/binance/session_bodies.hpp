// session_bodies.hpp — parsers for the small REST answers the session consumes itself
// (they never travel to the decode stage):
//   POST/PUT /fapi/v1/listenKey   {"listenKey":"<key>"}  (PUT may answer {})
//   GET /fapi/v1/time             {"serverTime":<ms>}     → Decoder::decode_server_time
//   GET /fapi/v1/positionSide/dual {"dualSidePosition":b} → Decoder::decode_position_mode
//   any error                     {"code":<neg>,"msg":"..."} (error_codes.md)
// Bodies come from HttpMessageParser, which keeps 64 zero bytes after every body, so
// `capacity` >= len + SIMDJSON_PADDING holds and simdjson parses them in place.
//
// Threads: one instance per owning thread (egress). The constructor allocates two parsers
// for `max_body` bytes (cold); parsing allocates nothing. Bodies above max_body →
// DecodeStatus::TooLarge.
#pragma once
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "market/symbol_table.hpp"
#include "venue/binance/decode_frame.hpp"
#include "venue/binance/decode_types.hpp"

namespace xtb::binance {

class SessionBodies {
 public:
  static constexpr std::size_t kDefaultMaxBody = 64 * 1024;
  explicit SessionBodies(std::size_t max_body = kDefaultMaxBody);

  /// listenKey answer: `key` views into `bytes` (valid while they are). An answer without
  /// the field (PUT's {}) → Ok with an empty key.
  DecodeStatus listen_key(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                          std::string_view& key) noexcept;
  /// {"code":<int>,...} → Ok and `code`; MissingField when there is no "code".
  DecodeStatus error_code(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                          std::int32_t& code) noexcept;
  DecodeStatus server_time(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                           EpochMs& server_ms) noexcept {
    return decoder_.decode_server_time(bytes, len, capacity, server_ms);
  }
  DecodeStatus position_mode(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                             bool& hedge) noexcept {
    return decoder_.decode_position_mode(bytes, len, capacity, hedge);
  }

 private:
  DecodeStatus start(const std::uint8_t* bytes, std::size_t len, std::size_t capacity,
                     simdjson::ondemand::document& doc) noexcept;

  std::size_t max_body_;
  SymbolTable no_symbols_;  // the time / position-mode decoders need no symbol rules
  Decoder decoder_;
  simdjson::ondemand::parser parser_;
};

}  // namespace xtb::binance
