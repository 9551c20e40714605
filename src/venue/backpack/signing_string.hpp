// signing_string.hpp — Backpack's canonical signing string.
//
// Rules (https://docs.backpack.exchange/#section/Authentication/Signing-requests; copy in
// shared/venue-docs/backpack/authentication.md; bpx-api-client @dc5d8b1c client/src/lib.rs):
//   instruction=<instruction>&<k=v of the body or query params, keys sorted alphabetically>
//   &timestamp=<X-Timestamp ms>&window=<X-Window ms>
// JSON values are rendered without quotes ("0.5" → 0.5, true, 12). A batch body
// (POST /api/v1/orders) gives one `instruction=orderExecute&...` block per order, joined
// by '&', and timestamp/window once at the end. No params: instruction=X&timestamp=..&window=..
// The window defaults to 5000 ms and must be signed even when the header is omitted
// (max 60000). Private WS subscribe signs instruction=subscribe&timestamp=..&window=..
//
// Params are views into caller storage; sort_params sorts in place (insertion sort: at most
// a dozen keys). Nothing allocates. Any thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "venue/backpack/text_writer.hpp"

namespace xtb::backpack {

inline constexpr std::uint32_t kDefaultWindowMs = 5000;
inline constexpr std::uint32_t kMaxWindowMs = 60000;

/// One body field or query parameter. `quoted`: a JSON string in the body (the signing
/// string shows it without quotes either way).
struct Param {
  std::string_view key;
  std::string_view value;
  bool quoted = false;
};

/// Sorts params by key (byte order = the docs' alphabetical order for ASCII keys).
void sort_params(Param* params, std::size_t n) noexcept;

/// Appends "instruction=<instruction>[&k=v...]" for already sorted params; a second block
/// is preceded by '&' when the writer is not empty.
void append_block(TextWriter& w, std::string_view instruction, const Param* params, std::size_t n) noexcept;

/// Appends "&timestamp=<ts>&window=<window>".
void append_time_window(TextWriter& w, std::int64_t timestamp_ms, std::uint32_t window_ms) noexcept;

/// Appends the params as a query string "k=v&k=v" (values are URL-safe here: symbols,
/// decimals, integers, enum words).
void append_query(TextWriter& w, const Param* params, std::size_t n) noexcept;

/// Appends the params as a JSON object {"k":v,...} (quoted values in quotes).
void append_json_object(TextWriter& w, const Param* params, std::size_t n) noexcept;

}  // namespace xtb::backpack
