// face_registry.hpp — the venue faces xtb-sim can serve (`xtb-sim --venue NAME`), by name.
//
// A face is a folder (src/venue/<v>/sim/) that defines a FaceMaker, plus one line in
// face_registry.cpp's table (with the maker's declaration beside it: the registry names
// the function, it does not include the face, so src/sim does not depend on src/venue).
//
// Shapes: a static table of {name, summary, maker}. Threads: any (constant data).
// Errors: find_face() returns nullptr for an unknown name; main answers exit 2 with
// face_names().
#pragma once
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "sim/server/venue_face.hpp"

namespace xtb::sim::server {

/// Builds a face (cold path; throws std::runtime_error with a readable reason).
using FaceMaker = std::unique_ptr<VenueFace> (*)(const FaceContext& ctx);

struct FaceEntry {
  std::string_view name;     ///< the --venue value
  std::string_view summary;  ///< one line for --help
  FaceMaker make;
};

/// Every registered face, in table order (the first is the default).
std::span<const FaceEntry> faces() noexcept;
/// The face named `name` ("" = the default, the table's first), nullptr when none is.
const FaceEntry* find_face(std::string_view name) noexcept;
/// "a, b, c": the registered names, for error messages.
std::string face_names();

}  // namespace xtb::sim::server
