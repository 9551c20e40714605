// decode_fields.hpp — internal helpers of the Backpack decoders (not a public API).
//
// Pattern: one forward pass of simdjson On-Demand over a message object collects every
// scalar field as a view of its raw JSON token (strings without their quotes) into a
// FieldMap, and the `a`/`b`/`asks`/`bids` level arrays as views into a preallocated
// LevelScratch — Backpack sends keys in any order (e.g. `s` after `a`/`b` in depth), so the
// conversion to ticks/steps happens after the pass, once the symbol's grid is known. Views
// point into the caller's frame buffer and stay valid for the decode call.
// Numbers may come as JSON numbers or numeric strings (`E` is "1754517402450016" in some
// messages, 1747291031914525 in others; `lastUpdateId` string or int): u64_of accepts both.
// Threads: decode thread only. Nothing here allocates.
#pragma once
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/event_sink.hpp"
#include "market/symbol_table.hpp"
#include "venue/backpack/client_id.hpp"
#include "venue/backpack/decode_types.hpp"

/// Returns the DecodeStatus of `expr` from the enclosing function unless it is Ok.
#define XTB_BP_TRY(expr)                                                    \
  do {                                                                      \
    if (const ::xtb::DecodeStatus s_ = (expr); s_ != ::xtb::DecodeStatus::Ok) return s_; \
  } while (0)

namespace xtb::backpack::detail {

namespace od = simdjson::ondemand;

enum class JsonKind : std::uint8_t { Absent = 0, String, Number, Bool, Null, Object, Array };

struct Scalar {
  std::string_view text;  ///< string contents (no quotes) or the literal (12, true, null)
  JsonKind kind = JsonKind::Absent;
  bool present() const noexcept { return kind != JsonKind::Absent; }
  bool null_or_absent() const noexcept { return kind == JsonKind::Absent || kind == JsonKind::Null; }
};

struct FieldMap {
  static constexpr int kMax = 48;
  std::string_view keys[kMax];
  Scalar vals[kMax];
  int n = 0;
  Scalar get(std::string_view k) const noexcept {
    for (int i = 0; i < n; ++i)
      if (keys[i] == k) return vals[i];
    return {};
  }
};

struct RawLevel { std::string_view px, qty; };

/// Level views of one message in the decoder's preallocated array: bids in the first
/// half, asks in the second (Backpack sends `a` before `b`).
struct LevelScratch {
  RawLevel* data = nullptr;
  std::size_t cap = 0;  ///< total; each side holds cap / 2
  std::size_t n_bids = 0, n_asks = 0;
  bool bids_seen = false, asks_seen = false;
  const RawLevel* bids() const noexcept { return data; }
  const RawLevel* asks() const noexcept { return data + cap / 2; }
};

/// Collects the scalars of `o` into `fm` and its level arrays into `lv` (`lv` may be null:
/// arrays are then skipped). TooLarge when more levels than the scratch holds.
DecodeStatus scan_object(od::object& o, FieldMap& fm, LevelScratch* lv) noexcept;

/// Per-frame decode state: hands out sink slots and fills common headers.
struct Ctx {
  EventSink& sink;
  const SymbolTable& symbols;
  const ClientIdMap* ids;
  TscTicks rx;
  std::uint16_t conn;
  std::uint32_t n = 0;                     ///< slots handed out
  DecimalError decimal = DecimalError::Ok;  ///< first decimal error
  std::uint64_t skipped_rows = 0;
  /// Next slot, zeroed, header filled; nullptr when the sink is full.
  Event* next(EventType type, SymbolId sym, EpochMs venue_ms) noexcept;
};

/// Symbol id of a Backpack instrument name; kNoSymbol when unknown.
SymbolId find_symbol(const Ctx& c, Scalar s) noexcept;

/// u64 from a JSON number or a digit string; WrongType for anything else.
DecodeStatus u64_of(Scalar s, std::uint64_t& out) noexcept;
/// Venue µs timestamp → ms (0 when absent/null).
DecodeStatus us_to_ms(Scalar s, EpochMs& out) noexcept;
DecodeStatus bool_of(Scalar s, bool& out) noexcept;
/// Decimal on `scale` (absent/null → 0 when !required); records the DecimalError in c.
DecodeStatus dec_of(Ctx& c, Scalar s, DecimalScale scale, Rounding mode, std::int64_t& out,
                    bool required) noexcept;
/// Reads a required text field.
DecodeStatus text_of(Scalar s, std::string_view& out) noexcept;

}  // namespace xtb::backpack::detail
