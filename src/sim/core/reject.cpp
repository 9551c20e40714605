// reject.cpp — see reject.hpp.
#include "sim/core/reject.hpp"

#include <cstring>

namespace xtb::sim {

void Reject::store(RejectCode c, std::int32_t face_code, std::string_view text, bool is_arg) noexcept {
  code = c;
  venue_code = face_code;
  arg = is_arg;
  len = static_cast<std::uint8_t>(text.size() < kMaxMsg ? text.size() : kMaxMsg);
  if (len != 0) std::memcpy(msg, text.data(), len);
}

}  // namespace xtb::sim
