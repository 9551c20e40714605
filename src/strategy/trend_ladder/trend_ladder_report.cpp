// trend_ladder_report.cpp — trend_ladder_summary (trend_ladder_stats.hpp).
#include <string>

#include "strategy/trend_ladder/trend_ladder_stats.hpp"

namespace xtb::strategy {
namespace {

void add(std::string& o, const char* label, std::uint64_t v, bool group) {
  if (group && o.back() != ':') o += ';';
  o += ' ';
  o += label;
  o += ' ';
  o += std::to_string(v);
}

}  // namespace

std::string trend_ladder_summary(const TrendLadderStats& s) {
  struct Item {
    const char* label;  ///< "; group" starts a group
    std::uint64_t value;
  };
  const Item items[] = {
      {"; entries placed", s.entries_placed},
      {"filled", s.entries_filled},
      {"fills", s.entry_fills},
      {"cancelled", s.entries_cancelled},
      {"rejected", s.entries_rejected},
      {"requotes", s.requotes},
      {"; TPs placed", s.tps_placed},
      {"partial", s.tps_partial},
      {"filled", s.tps_filled},
      {"cancelled at stop", s.tps_ended_at_stop},
      {"ended otherwise", s.tps_ended_other},
      {"; coverage checks", s.coverage_checks},
      {"gaps", s.gaps_seen},
      {"repairs", s.repairs},
      {"surplus cancels", s.surplus_cancels},
      {"confirmed imbalances", s.imbalances_confirmed},
      {"dropped TPs", s.tps_dropped},
      {"adopted TPs", s.tps_adopted},
      {"cancel/fill races", s.cancel_fill_races},
  };
  std::string o = "trend_ladder:";
  for (const Item& i : items) add(o, i.label[0] == ';' ? i.label + 2 : i.label, i.value, i.label[0] == ';');
  if (s.end_seen) {
    o += "; at stop position " + std::to_string(s.end_position) + " covered " + std::to_string(s.end_covered);
    o += s.end_position == s.end_covered ? " (held)" : " (NOT held)";
  }
  return o;
}

}  // namespace xtb::strategy
