// signing_string.cpp — see signing_string.hpp.
#include "venue/backpack/signing_string.hpp"

namespace xtb::backpack {

void sort_params(Param* params, std::size_t n) noexcept {
  for (std::size_t i = 1; i < n; ++i) {
    const Param p = params[i];
    std::size_t j = i;
    for (; j > 0 && params[j - 1].key > p.key; --j) params[j] = params[j - 1];
    params[j] = p;
  }
}

void append_block(TextWriter& w, std::string_view instruction, const Param* params, std::size_t n) noexcept {
  if (w.size() != 0) w.ch('&');
  w.text("instruction=").text(instruction);
  for (std::size_t i = 0; i < n; ++i) w.ch('&').text(params[i].key).ch('=').text(params[i].value);
}

void append_time_window(TextWriter& w, std::int64_t timestamp_ms, std::uint32_t window_ms) noexcept {
  w.text("&timestamp=").i64(timestamp_ms).text("&window=").u64(window_ms);
}

void append_query(TextWriter& w, const Param* params, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) w.ch('&');
    w.text(params[i].key).ch('=').text(params[i].value);
  }
}

void append_json_object(TextWriter& w, const Param* params, std::size_t n) noexcept {
  w.ch('{');
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) w.ch(',');
    w.ch('"').text(params[i].key).text("\":");
    if (params[i].quoted) w.ch('"').text(params[i].value).ch('"');
    else w.text(params[i].value);
  }
  w.ch('}');
}

}  // namespace xtb::backpack
