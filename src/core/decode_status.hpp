// decode_status.hpp — the outcome of decoding one venue message, shared by every venue's
// decoder (src/venue/<name>/) and the decode stages (src/pipeline/decode/).
// Plain enum + names; no state. Any thread.
#pragma once
#include <cstdint>

namespace xtb {

enum class DecodeStatus : std::uint8_t {
  Ok = 0,         ///< events written (possibly zero for a valid empty list)
  Ignored,        ///< well-formed message we deliberately do not map (klines, subscribe acks)
  Unsupported,    ///< well-formed JSON of an unknown event type / shape (counted, not fatal)
  TooLarge,       ///< frame longer than the parser's preallocated capacity
  NoPadding,      ///< buffer capacity < len + the parser's padding
  BadJson,        ///< malformed or truncated JSON
  MissingField,   ///< a required field is absent
  WrongType,      ///< a field has an unexpected JSON type
  BadDecimal,     ///< a price/qty/amount string failed fixed-point parsing
  UnknownSymbol,  ///< symbol not in the SymbolTable
  UnknownEnum,    ///< an enum string (side, status, ...) we do not know
  SinkFull,       ///< the EventSink had no slot left for this message
  VenueError,     ///< a venue error answer (an OrderAck carries it)
};
inline constexpr int kDecodeStatusCount = 13;

/// Short lower-case name ("bad-json"); "?" for an out-of-range value.
const char* to_string(DecodeStatus s) noexcept;

}  // namespace xtb
