// journal_open.cpp — see journal_open.hpp.
#include "app/run/journal_open.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <exception>

namespace xtb::run {
namespace {

std::string refusal(const std::string& path, const engine::JournalCheck& c) {
  const engine::JournalReadStats& r = c.read;
  std::string m = "journal " + path + ": refusing to start: " + c.problem + ". The file was not changed. Inspect it " +
                  "with `xtb journal inspect " + path + "`; ";
  if (r.records == 0) {
    m += "it holds no valid record, so `xtb journal repair " + path +
         " --out NEW` has nothing to salvage: if it is not this engine's journal, fix engine.journal; to start "
         "without history, move it away (client order ids stay unique: docs/journal.md).";
  } else {
    m += "`xtb journal repair " + path + " --out NEW` copies its " + std::to_string(r.records) +
         " valid records (bytes 0.." + std::to_string(r.valid_end) + ") into NEW, for engine.journal=NEW "
         "(docs/journal.md).";
  }
  return m;
}

}  // namespace

JournalStart prepare_journal(const std::string& path, engine::OrderManager& om, const SymbolTable& symbols) {
  JournalStart js;
  js.writer.path = path;
  js.writer.sync_interval_ns = kJournalSyncIntervalNs;
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    const int e = errno;
    if (e == ENOENT) {
      js.log.push_back("journal " + path + ": new file");
      js.writer.expect_size = 0;
      return js;
    }
    js.refused = true;
    js.message = "journal " + path + ": " + std::strerror(e);
    return js;
  }
  if (!S_ISREG(st.st_mode)) {
    js.refused = true;
    js.message = "journal " + path + ": not a regular file (" +
                 (S_ISDIR(st.st_mode) ? std::string("a directory") : std::string("a device, pipe or socket")) +
                 "); engine.journal must name a file";
    return js;
  }
  try {
    const engine::JournalReader file = engine::JournalReader::open(path);
    const engine::JournalCheck c = engine::check_journal(file.data(), file.size());
    js.writer.expect_size = file.size();
    switch (c.verdict) {
      case engine::JournalVerdict::Empty:
        js.log.push_back("WARNING: journal " + path +
                         " is empty (0 bytes): no history of earlier runs. If this run_id traded before, its "
                         "orders are known only to the venue: reconciliation adopts those still open, and new "
                         "client order ids cannot repeat old ones (new epoch).");
        return js;
      case engine::JournalVerdict::Refuse:
        js.refused = true;
        js.message = refusal(path, c);
        return js;
      case engine::JournalVerdict::Valid:
      case engine::JournalVerdict::TornTail: break;
    }
    js.report = engine::recover_from_bytes(file.data(), file.size(), om,
                                           [&symbols](Venue v, std::string_view n) { return symbols.find(v, n); });
  } catch (const std::exception& e) {  // I/O errors (messages name the path), a refusal race
    js.refused = true;
    js.message = e.what();
    return js;
  }
  const engine::RecoveryReport& rr = js.report;
  js.recovered = true;
  js.writer.truncate_to = rr.truncate_to;
  js.writer.next_seq = rr.next_seq;
  js.writer.expect_size = rr.size;
  if (rr.check.verdict == engine::JournalVerdict::TornTail)
    js.log.push_back("journal " + path + ": cutting " + std::to_string(rr.size - rr.truncate_to) +
                     " bytes at byte offset " + std::to_string(rr.truncate_to) + ": " + rr.check.problem +
                     " (the only bytes ever cut from a journal)");
  js.log.push_back("journal " + path + ": recovered " + std::to_string(rr.read.records) + " records (seq 1.." +
                   std::to_string(rr.read.last_seq) + "): " + std::to_string(rr.live_orders) + " live orders (" +
                   std::to_string(rr.submitting_orders) + " with unknown fate); reconciling before trading");
  const engine::SymbolRemapStats& sm = rr.symbols;
  if (sm.moved > 0)
    js.log.push_back("journal " + path + ": " + std::to_string(sm.moved) +
                     " symbol references mapped to this start's instrument ids (the venue's symbol list changed)");
  if (sm.unmapped > 0)
    js.log.push_back("journal " + path + ": " + std::to_string(sm.unmapped) +
                     " symbol references written before instrument records (format 1) taken as they are");
  if (!sm.lost_names.empty()) {
    std::string names;
    for (const std::string& n : sm.lost_names) names += (names.empty() ? "" : ", ") + n;
    js.log.push_back("WARNING: journal " + path + ": instruments no longer listed by their venue: " + names +
                     "; their orders are kept by client id and settled by reconciliation");
  }
  return js;
}

}  // namespace xtb::run
