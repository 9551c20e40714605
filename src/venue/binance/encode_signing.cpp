// encode_signing.cpp — see encode_signing.hpp.
#include "venue/binance/encode_signing.hpp"

namespace xtb::binance {

EncodeError finish_signed(RequestBuffer& out, const HmacSha256Signer& signer, std::int64_t recv_window_ms,
                          EpochMs timestamp_ms) noexcept {
  if (!signer.has_key()) return EncodeError::NoSigningKey;
  ParamWriter w = out.resume();
  w.key("recvWindow");
  w.put_int(recv_window_ms);
  w.key("timestamp");
  w.put_int(timestamp_ms);
  if (w.overflowed()) return out.commit(w);
  // The MAC covers exactly the bytes sent before "&signature=" (totalParams).
  char hex[HmacSha256Signer::kHexChars];
  signer.sign_hex(w.view(), hex);
  w.key("signature");
  w.put(std::string_view(hex, sizeof hex));
  return out.commit(w);
}

}  // namespace xtb::binance
