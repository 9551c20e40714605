// conn_role.hpp — what each transport connection id (RawFrame::conn_id, EventHeader::conn_id)
// carries, so the sequencer routes events by role whatever venue produced them. A venue's
// live side assigns its connection ids and reports their roles (venue/live_venue.hpp).
// Plain data; any thread.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace xtb {

enum class ConnRole : std::uint8_t { Unknown = 0, Market, UserStream, OrderRest, ReconcileRest };

/// Connection ids are < kMaxConns (the sequencer's role table is indexed by them).
inline constexpr std::size_t kMaxConns = 64;
using ConnRoles = std::array<ConnRole, kMaxConns>;

}  // namespace xtb
