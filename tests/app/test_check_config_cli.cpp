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

/// Runs `xtb check-config args...` with stdout+stderr into a file in `d`.
Outcome check_config(const TempDir& d, const std::vector<std::string>& args) {
  std::vector<std::string> argv_s{XTB_EXE, "check-config"};
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
