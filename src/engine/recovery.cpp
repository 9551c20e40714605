// recovery.cpp — journal replay driver.
#include "engine/recovery.hpp"

#include <stdexcept>

namespace xtb::engine {

RecoveryReport recover_from_journal(const std::string& path, OrderManager& m) {
  JournalReader reader = JournalReader::open(path);
  JournalRecord rec;
  while (reader.next(rec)) m.replay(rec);
  RecoveryReport rep;
  rep.read = reader.stats();
  if (rep.read.version_mismatch != 0)
    throw std::runtime_error("journal " + path + " has another format version; not replayed");
  m.store().for_each([&](const Order& o) {
    if (o.live()) ++rep.live_orders;
    if (o.status == OrderStatus::Submitting) ++rep.submitting_orders;
  });
  rep.truncate_to = rep.read.valid_end;
  rep.next_seq = rep.read.last_seq + 1;
  return rep;
}

}  // namespace xtb::engine
