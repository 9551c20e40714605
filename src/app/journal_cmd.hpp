// journal_cmd.hpp — `xtb journal inspect FILE` and `xtb journal repair FILE --out NEW`
// (docs/journal.md "Inspecting and repairing a journal").
//
//   inspect  what the file holds (records by type, seq range, time span, client order id
//            heads) and where and why it stops being valid — the same decision `xtb run`
//            takes at start-up (engine::check_journal). Exit 0: `xtb run` accepts it (valid,
//            empty, or a torn tail it cuts); 1: damaged or not a journal (`xtb run`
//            refuses it); 2: it cannot be read.
//   repair   copies the valid records (the prefix before the damage) into NEW — created
//            exclusively (refused if NEW exists), fdatasync'ed — and prints what was
//            dropped. FILE is only read, never changed. Exit 0: NEW written; 1: nothing to
//            salvage (no valid Version record first); 2: NEW exists or an I/O error.
// Neither ever writes FILE. Thread: main, cold.
#pragma once
#include <string>

namespace CLI { class App; }

namespace xtb {

/// Text report of `file`; returns the exit code described above.
int journal_inspect(const std::string& file, std::string& out);
/// Writes the valid prefix of `file` into `new_file`; returns the exit code above.
int journal_repair(const std::string& file, const std::string& new_file, std::string& out);

/// The `journal` subcommand with `inspect` and `repair` (xtb_main.cpp).
struct JournalCommand {
  CLI::App* inspect = nullptr;
  CLI::App* repair = nullptr;
  std::string file, out;
};
void add_journal_command(CLI::App& app, JournalCommand& cmd);
/// −1 when neither subcommand was given; else prints the report and returns the exit code.
int run_journal_command(const JournalCommand& cmd);

}  // namespace xtb
