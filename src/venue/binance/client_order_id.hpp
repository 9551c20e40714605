// client_order_id.hpp — the engine's client order id scheme on Binance and its parser.
//
// Shape (design §4, seed 002 "<client_order_prefix>-{run_id}-", seed 004 generation token):
//
//     <prefix>-<run>-<gen>-<seq>        e.g.  "xtb-0k3x9a1b-2-1z"
//
//   prefix  1..8 chars of [A-Za-z0-9._] chosen per strategy/purpose in the config
//           (e.g. "xtb" for working orders, "xtbps" for protective stops that a restarted
//           process must find and take over).
//   run     exactly 8 base-36 digits [0-9a-z]: the process run id (make_run_id()).
//   gen     1..4 base-36 digits: generation / cycle token (seed 004). Replies and order
//           updates carrying another generation belong to an older cycle and are dropped.
//   seq     1..12 base-36 digits: per-run sequence number.
//
// Longest id: 8+1+8+1+4+1+12 = 35 chars, inside Binance's ^[\.A-Z\:/a-z0-9_-]{1,36}$
// (post_fapi_v1_order.md `newClientOrderId`; the same rule is applied to the algo
// service's `clientAlgoId`). '-' only appears as the separator, so parsing is exact.
// Numbers are written without leading zeros (except the run field, fixed width), so
// format and parse are inverse: parse(format(x)) == x and only canonical text parses.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/types.hpp"

namespace xtb::binance {

/// True when `s` matches Binance's `newClientOrderId` / `clientAlgoId` rule
/// `^[\.A-Z\:/a-z0-9_-]{1,36}$` (post_fapi_v1_order.md,
/// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api).
constexpr bool is_valid_client_order_id(std::string_view s) noexcept {
  if (s.empty() || s.size() > ClientOrderId::kMax) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == ':' || c == '/' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

/// Fields of a parsed id; `prefix` points into the parsed text.
struct ParsedClientOrderId {
  std::string_view prefix;
  std::uint64_t run_id = 0;
  std::uint64_t generation = 0;
  std::uint64_t seq = 0;
};

/// Who an id belongs to, relative to this process (see ClientOrderIdCodec::classify).
enum class Ownership : std::uint8_t {
  Foreign,          ///< not our scheme or another prefix: manual / other bot — never touch
  OtherRun,         ///< our prefix, another run id: left over from an earlier process
  StaleGeneration,  ///< this run, older/newer generation: stale async reply (seed 004)
  Current,          ///< this run, current generation
};

class ClientOrderIdCodec {
 public:
  static constexpr std::size_t kMaxPrefix = 8;
  static constexpr std::size_t kRunChars = 8;
  static constexpr std::size_t kMaxGenChars = 4;
  static constexpr std::size_t kMaxSeqChars = 12;
  static constexpr std::uint64_t kMaxRunId = 2821109907455ull;          ///< 36^8 - 1
  static constexpr std::uint64_t kMaxGeneration = 1679615ull;          ///< 36^4 - 1
  static constexpr std::uint64_t kMaxSeq = 4738381338321616895ull;     ///< 36^12 - 1

  /// Validates `prefix` (1..8 of [A-Za-z0-9._]) and `run_id` (≤ kMaxRunId) and builds
  /// a codec. Cold path (start-up).
  static bool create(std::string_view prefix, std::uint64_t run_id, ClientOrderIdCodec& out) noexcept;

  /// Writes "<prefix>-<run>-<gen>-<seq>" into `out`. False (out untouched) when
  /// generation > kMaxGeneration or seq > kMaxSeq. Hot path (sequencer); no allocation.
  bool format(std::uint64_t generation, std::uint64_t seq, ClientOrderId& out) const noexcept;

  /// Parses any id of this scheme (any prefix/run). False for anything else, including
  /// non-canonical numbers. Hot path; any thread.
  static bool parse(std::string_view id, ParsedClientOrderId& out) noexcept;

  /// Ownership of `id` for this codec's prefix and run at `current_generation`:
  /// decides "is this one of this run's orders?" (shutdown cancels only Current and
  /// StaleGeneration; OtherRun only when taking over e.g. protective stops). Hot path.
  Ownership classify(std::string_view id, std::uint64_t current_generation) const noexcept;

  std::string_view prefix() const noexcept { return {prefix_, prefix_len_}; }
  std::uint64_t run_id() const noexcept { return run_id_; }

 private:
  char prefix_[kMaxPrefix] = {};
  std::uint8_t prefix_len_ = 0;
  char run_text_[kRunChars] = {};
  std::uint64_t run_id_ = 0;
};

/// Derives a run id in [0, kMaxRunId] from entropy (e.g. wall-clock ns XOR
/// std::random_device) with splitmix64 mixing. Cold path.
std::uint64_t make_run_id(std::uint64_t entropy) noexcept;

}  // namespace xtb::binance
