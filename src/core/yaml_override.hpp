// yaml_override.hpp — one "dotted.path=value" assignment (xtb run / check-config --set)
// applied to a loaded YAML document, shared by every config loader.
//
//   "engine.run_id=r2"  → root["engine"]["run_id"] = "r2" (maps created on the way)
//   "venues.1.rest_url=https://h:1" → the second entry of the existing list `venues`
//
// Refused with a message (never an exception): no '=', an empty key or path part
// ("a..b=1", ".=x"), a document that is not a map, and a path that walks through a scalar or
// a list other than by an existing entry's index ("venue.rest_url.x=1": yaml-cpp's
// BadSubscript is caught here; "venues.7.x=1" with fewer entries).
// Thread: cold path (start-up). Allocates; throws nothing.
#pragma once
#include <string>

namespace YAML { class Node; }

namespace xtb::yaml {

/// Applies `assignment` to `root`. True with `field` = the dotted path; false with `error`
/// ("override 'x.y=1': ...") otherwise; `root` is then unchanged or changed only on the way.
bool apply_override(YAML::Node& root, const std::string& assignment, std::string& field, std::string& error);

}  // namespace xtb::yaml
