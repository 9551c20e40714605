// capture_symbols.hpp — which symbols a capture holds: the `<symbol>` of every combined-
// stream record `{"stream":"<symbol>@<kind>",...}`, upper case, in order of first
// appearance. Used by the replay summary to say "no data for symbol X (the capture has
// Y)" and "capture symbol Z is not in the exchange info" (issue 12, K8 / X14) instead of
// only counting decode errors. Cold path.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "sim/capture.hpp"

namespace xtb {

/// Symbols of the first `max_records` records (all when SIZE_MAX); at most 64 names.
std::vector<std::string> capture_stream_symbols(const Capture& cap, std::size_t max_records = SIZE_MAX);

}  // namespace xtb
