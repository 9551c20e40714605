// test_check_config_cli.cpp — `xtb check-config` as a user runs it (the xtb binary as a child
// process): it promises exit 0 for a valid config and 1 for an invalid one, with every error
// on stdout; the probe found exit 2 and raw library messages for a directory (C28) and for
// `--set` through a scalar (C30), and no file name for an empty file (C14).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config_test_files.hpp"

extern char** environ;

using xtb::configtest::kMinimal;
using xtb::configtest::TempDir;

namespace {

struct Outcome {
  int rc = -1;      ///< exit status; -1 = did not exit normally
  std::string out;  ///< stdout and stderr together
};

/// Runs `xtb <sub> args...` with stdout+stderr into a file in `d`.
Outcome xtb_cli(const TempDir& d, const std::string& sub, const std::vector<std::string>& args) {
  std::vector<std::string> argv_s{XTB_EXE, sub};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out_path = d.path() + "/cli.out";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  Outcome o;
  pid_t pid = 0;
  const int err = posix_spawn(&pid, XTB_EXE, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err != 0) return o;
  int status = 0;
  if (::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) o.rc = WEXITSTATUS(status);
  std::stringstream ss;
  ss << std::ifstream(out_path).rdbuf();
  o.out = ss.str();
  return o;
}

Outcome check_config(const TempDir& d, const std::vector<std::string>& args) { return xtb_cli(d, "check-config", args); }

}  // namespace

TEST_CASE("D16/C28: check-config on a directory exits 1 naming it (was exit 2, a raw libstdc++ message)") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string dir = d.path() + "/confdir";
  REQUIRE(std::filesystem::create_directory(dir));
  const Outcome o = check_config(d, {dir});
  CHECK(o.rc == 1);
  CHECK_MESSAGE(o.out == dir + ": (file): is a directory, not a file\n", o.out);
}

TEST_CASE("D16/C30: check-config --set through a scalar exits 1 with an <override> error (was exit 2)") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("c.yaml", std::string(kMinimal) + "venue:\n  rest_url: https://127.0.0.1:8443\n");
  const Outcome o = check_config(d, {p, "--set", "venue.rest_url.x=1"});
  CHECK(o.rc == 1);
  CHECK_MESSAGE(o.out.find(p + ": <override> (override): override 'venue.rest_url.x=1'") == 0, o.out);
  CHECK(o.out.find("yaml-cpp") == std::string::npos);
}

TEST_CASE("D14/D16: check-config exits 1 for C14 (empty), C19 (duplicate), C27 (missing) and 0 for a valid file") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string empty = d.write("empty.yaml", "# nothing\n");
  Outcome o = check_config(d, {empty});
  CHECK(o.rc == 1);
  CHECK_MESSAGE(o.out.find(empty + ": (file): has no YAML content") == 0, o.out);
  const std::string dup = d.write("dup.yaml", std::string(kMinimal) + "engine:\n  run_id: a\n  run_id: run1\n");
  o = check_config(d, {dup});
  CHECK(o.rc == 1);
  CHECK_MESSAGE(o.out.find(dup + ":5:3: engine.run_id: duplicate key") == 0, o.out);
  o = check_config(d, {d.path() + "/missing.yaml"});
  CHECK(o.rc == 1);
  CHECK_MESSAGE(o.out.find("missing.yaml: (file): cannot be read: No such file or directory") != std::string::npos,
                o.out);
  o = check_config(d, {d.write("good.yaml", kMinimal)});
  CHECK(o.rc == 0);
  CHECK_MESSAGE(o.out.rfind("OK ", 0) == 0, o.out);
}

TEST_CASE("B4: run_id with '_' is refused the same way by check-config and run") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("us.yaml", std::string(kMinimal) + "engine:\n  run_id: my_run\n");
  const std::string want = p + ":4:11: engine.run_id: must be 1..12 chars of [A-Za-z0-9]";
  const Outcome c = check_config(d, {p});
  CHECK(c.rc == 1);
  CHECK_MESSAGE(c.out.find(want) == 0, c.out);
  // `xtb run` refuses it at load, with the same file:line message, before any venue call
  // (it used to pass the loader and throw in the id allocator after the start-up REST calls).
  const Outcome r = xtb_cli(d, "run", {"--config", p, "--rest-url", "https://127.0.0.1:1", "--ws-url", "wss://127.0.0.1:1"});
  CHECK(r.rc == 2);
  CHECK_MESSAGE(r.out.find(want) != std::string::npos, r.out);
  CHECK(r.out.find("bad character") == std::string::npos);
}

TEST_CASE("B9: check-config shows a run id generated per start; a journal without run_id is refused at its line") {
  TempDir d;
  REQUIRE(d.ok());
  const std::string p = d.write("gen.yaml", kMinimal);
  const Outcome a = check_config(d, {p});
  const Outcome a2 = check_config(d, {p});
  CHECK(a.rc == 0);
  const std::string head = "OK " + p + ": 1 symbol(s), venue https://fapi.binance.com, engine run_id ";
  REQUIRE_MESSAGE(a.out.rfind(head, 0) == 0, a.out);
  REQUIRE(a2.out.rfind(head, 0) == 0);
  const std::string id = a.out.substr(head.size(), 8), id2 = a2.out.substr(head.size(), 8);
  CHECK(a.out.substr(head.size() + 8) ==
        " (generated: xtb run makes a new one at every start), logs logs\n");  // 8 characters, the label
  CHECK(id.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyz") == std::string::npos);
  CHECK(id != id2);  // every start its own run: two instances never share one
  const std::string j = d.write("j.yaml", std::string(kMinimal) + "engine:\n  journal: /tmp/x.journal\n");
  const Outcome b = check_config(d, {j});
  CHECK(b.rc == 1);
  CHECK_MESSAGE(b.out.find(j + ":4:12: engine.journal: a journal resumes one run: set engine.run_id too") == 0, b.out);
  CHECK(check_config(d, {j, "--set", "engine.run_id=r7"}).rc == 0);
}
