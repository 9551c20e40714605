// journal_cmd.cpp — see journal_cmd.hpp.
#include "app/journal_cmd.hpp"

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "engine/journal.hpp"
#include "engine/recovery.hpp"

namespace xtb {
namespace {

using engine::JournalCheck;
using engine::JournalReader;
using engine::JournalRecord;
using engine::JournalVerdict;
using engine::RecordType;

std::string num(std::uint64_t v) { return std::to_string(v); }

/// Reads `file` for inspect/repair: false (message in `err`) when it does not exist or
/// cannot be read.
bool read_journal(const std::string& file, std::unique_ptr<JournalReader>& out, std::string& err) {
  struct stat st{};
  if (::stat(file.c_str(), &st) != 0) {
    err = "journal " + file + ": " + std::strerror(errno) + "\n";
    return false;
  }
  try {
    out = std::make_unique<JournalReader>(JournalReader::open(file));
  } catch (const std::exception& e) {
    err = std::string(e.what()) + "\n";
    return false;
  }
  return true;
}

/// "<head>" of a client order id: everything up to and including its last '-'.
std::string id_head(const ClientOrderId& id, std::uint64_t& seq) {
  const std::string_view v = id.view();
  const std::size_t dash = v.rfind('-');
  seq = 0;
  if (dash == std::string_view::npos) return std::string(v);
  for (char c : v.substr(dash + 1)) {
    if (c < '0' || c > '9' || seq > UINT64_MAX / 10 - 9) {
      seq = 0;
      break;
    }
    seq = seq * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return std::string(v.substr(0, dash + 1));
}

}  // namespace

int journal_inspect(const std::string& file, std::string& out) {
  std::unique_ptr<JournalReader> reader;
  if (!read_journal(file, reader, out)) return 2;
  const JournalCheck c = engine::check_journal(reader->data(), reader->size());
  const engine::JournalReadStats& r = c.read;
  // Counts over the valid prefix.
  static constexpr const char* kTypes[] = {"?", "Version", "Intent", "Update", "Ack", "Account", "Local"};
  std::uint64_t by_type[8] = {};
  std::int64_t t_first = 0, t_last = 0;
  struct Head {
    std::uint64_t n = 0, lo = UINT64_MAX, hi = 0;
  };
  std::map<std::string, Head> heads;
  JournalReader again(reader->data(), r.valid_end);
  JournalRecord rec;
  while (again.next(rec)) {
    const auto t = static_cast<std::uint16_t>(rec.h.type);
    ++by_type[t >= 1 && t <= 6 ? t : 7];
    if (rec.h.type != RecordType::Version) {
      if (t_first == 0) t_first = rec.h.t_ns;
      t_last = rec.h.t_ns;
    }
    OrderCommand cmd;
    if (rec.h.type == RecordType::Intent && engine::payload_as(rec, cmd) && cmd.client_id.len <= ClientOrderId::kMax) {
      std::uint64_t seq = 0;
      Head& h = heads[id_head(cmd.client_id, seq)];
      ++h.n;
      if (seq < h.lo) h.lo = seq;
      if (seq > h.hi) h.hi = seq;
    }
  }
  out += "journal " + file + ": " + num(r.size) + " bytes, " + num(r.records) + " valid records" +
         (r.records > 0 ? " (seq 1.." + num(r.last_seq) + ")" : "") + ", format version " +
         num(engine::kFormatVersion) + " expected\n";
  if (r.records > 0) {
    std::string types;
    for (int t = 1; t <= 6; ++t) types += std::string(t > 1 ? ", " : "") + kTypes[t] + " " + num(by_type[t]);
    if (by_type[7] > 0) types += ", unknown type " + num(by_type[7]);
    out += "  records      " + types + " (Dropped markers " + num(r.dropped_marks) + ")\n";
    if (t_last > t_first)
      out += "  time span    " + std::to_string(static_cast<double>(t_last - t_first) / 1e9) +
             " s of the sequencer's clock\n";
    if (!heads.empty()) {
      out += "  order ids    " + num(by_type[2]) + " intents:";
      int shown = 0;
      for (const auto& [head, h] : heads) {
        if (++shown > 8) {
          out += " … (" + num(heads.size() - 8) + " more)";
          break;
        }
        out += " " + head + (h.lo == h.hi ? num(h.lo) : "{" + num(h.lo) + ".." + num(h.hi) + "}") + " (" +
               num(h.n) + ")";
      }
      out += "\n";
    }
  }
  switch (c.verdict) {
    case JournalVerdict::Empty:
      out += "  verdict      EMPTY: 0 bytes; `xtb run` starts with a warning (no history)\n";
      return 0;
    case JournalVerdict::Valid:
      out += "  verdict      VALID: every byte is a valid record; `xtb run` accepts it\n";
      return 0;
    case JournalVerdict::TornTail:
      out += "  verdict      VALID WITH A TORN TAIL: " + c.problem + "; `xtb run` cuts these " +
             num(r.size - r.valid_end) + " bytes and continues\n";
      return 0;
    case JournalVerdict::Refuse: break;
  }
  if (r.stop == engine::JournalStop::VersionMismatch) {
    out += "  verdict      OTHER FORMAT VERSION: " + c.problem + "; `xtb run` refuses it (use the build that wrote it)\n";
  } else if (r.records == 0) {
    out += "  verdict      NOT A JOURNAL: " + c.problem + "; `xtb run` refuses it\n";
  } else {
    out += "  verdict      DAMAGED: " + c.problem + "; `xtb run` refuses it\n";
    out += "  repair       `xtb journal repair " + file + " --out NEW` keeps bytes 0.." + num(r.valid_end) + " (" +
           num(r.records) + " records) and drops " + num(r.size - r.valid_end) + " bytes\n";
  }
  return 1;
}

int journal_repair(const std::string& file, const std::string& new_file, std::string& out) {
  std::unique_ptr<JournalReader> reader;
  if (!read_journal(file, reader, out)) return 2;
  const JournalCheck c = engine::check_journal(reader->data(), reader->size());
  const engine::JournalReadStats& r = c.read;
  if (r.records == 0) {
    out += "journal " + file + ": nothing to salvage: " +
           (c.verdict == JournalVerdict::Empty ? std::string("the file is empty") : c.problem) +
           ". Nothing was written.\n";
    return 1;
  }
  const int fd = ::open(new_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int e = errno;
    out += "journal repair: " + new_file + ": " + std::strerror(e) +
           (e == EEXIST ? std::string(" (never overwritten: choose another --out)") : std::string()) + "\n";
    return 2;
  }
  std::size_t off = 0;
  int err = 0;
  while (off < r.valid_end) {
    const ssize_t w = ::write(fd, reader->data() + off, r.valid_end - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      err = w < 0 ? errno : EIO;
      break;
    }
    off += static_cast<std::size_t>(w);
  }
  if (err == 0 && ::fdatasync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(new_file.c_str());
    out += "journal repair: " + new_file + ": " + std::strerror(err) + " (removed)\n";
    return 2;
  }
  out += "journal " + file + " → " + new_file + ": kept " + num(r.records) + " records (bytes 0.." +
         num(r.valid_end) + ", seq 1.." + num(r.last_seq) + ")";
  if (c.verdict == JournalVerdict::Valid) {
    out += "; nothing dropped (the file was valid)\n";
  } else {
    out += "; dropped " + num(r.size - r.valid_end) + " bytes from byte offset " + num(r.valid_end) + ": " +
           c.problem + "\n";
    out += "  Orders recorded only in the dropped bytes are unknown to the engine until reconciliation adopts "
           "those still open at the venue; client order ids never repeat (new epoch). " +
           file + " was not changed.\n";
  }
  return 0;
}

void add_journal_command(CLI::App& app, JournalCommand& cmd) {
  CLI::App* j = app.add_subcommand("journal", "Inspect an order journal, or salvage its valid records into a new "
                                              "file (docs/journal.md); never changes the journal");
  j->require_subcommand(1);
  cmd.inspect = j->add_subcommand("inspect", "Records, seq range and where and why the journal stops being valid; "
                                             "exit 0 if `xtb run` accepts it, 1 if damaged or not a journal");
  cmd.inspect->add_option("FILE", cmd.file, "journal file (engine.journal)")->required();
  cmd.repair = j->add_subcommand("repair", "Copy the valid records of FILE into a new file --out (never "
                                           "overwritten); print what was dropped");
  cmd.repair->add_option("FILE", cmd.file, "damaged journal file (only read)")->required();
  cmd.repair->add_option("--out", cmd.out, "new journal to write (must not exist)")->required();
}

int run_journal_command(const JournalCommand& cmd) {
  std::string text;
  int rc = -1;
  if (cmd.inspect != nullptr && cmd.inspect->parsed()) rc = journal_inspect(cmd.file, text);
  else if (cmd.repair != nullptr && cmd.repair->parsed()) rc = journal_repair(cmd.file, cmd.out, text);
  else return -1;
  std::fputs(text.c_str(), rc == 2 ? stderr : stdout);
  return rc;
}

}  // namespace xtb
