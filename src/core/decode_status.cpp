// decode_status.cpp — names of decode result codes (logs, reports, counters).
#include "core/decode_status.hpp"

namespace xtb {

const char* to_string(DecodeStatus s) noexcept {
  switch (s) {
    case DecodeStatus::Ok: return "ok";
    case DecodeStatus::Ignored: return "ignored";
    case DecodeStatus::Unsupported: return "unsupported";
    case DecodeStatus::TooLarge: return "too-large";
    case DecodeStatus::NoPadding: return "no-padding";
    case DecodeStatus::BadJson: return "bad-json";
    case DecodeStatus::MissingField: return "missing-field";
    case DecodeStatus::WrongType: return "wrong-type";
    case DecodeStatus::BadDecimal: return "bad-decimal";
    case DecodeStatus::UnknownSymbol: return "unknown-symbol";
    case DecodeStatus::UnknownEnum: return "unknown-enum";
    case DecodeStatus::SinkFull: return "sink-full";
    case DecodeStatus::VenueError: return "venue-error";
  }
  return "?";
}

}  // namespace xtb
