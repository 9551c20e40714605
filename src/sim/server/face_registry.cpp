// face_registry.cpp — see face_registry.hpp. The only file under src/sim that names a
// venue: one declaration and one table line per face.
#include "sim/server/face_registry.hpp"

namespace xtb::sim {
namespace binance_usdm {
std::unique_ptr<server::VenueFace> make_face(const server::FaceContext& ctx);  // its usdm_face.cpp
}  // namespace binance_usdm
namespace backpack_sim {
std::unique_ptr<server::VenueFace> make_face(const server::FaceContext& ctx);  // its backpack_face.cpp
}  // namespace backpack_sim

namespace server {
namespace {

constexpr FaceEntry kFaces[] = {
    {"binance_usdm", "Binance USD-M futures: REST /fapi, WebSocket market and user data streams",
     &binance_usdm::make_face},
    {"backpack", "Backpack Exchange perpetuals: REST /api/v1, WebSocket streams (BTCUSDT capture as BTC_USDC_PERP)",
     &backpack_sim::make_face},
};

}  // namespace

std::span<const FaceEntry> faces() noexcept { return kFaces; }

const FaceEntry* find_face(std::string_view name) noexcept {
  if (name.empty()) return &kFaces[0];
  for (const FaceEntry& f : kFaces)
    if (f.name == name) return &f;
  return nullptr;
}

std::string face_names() {
  std::string out;
  for (const FaceEntry& f : kFaces) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

}  // namespace server
}  // namespace xtb::sim
