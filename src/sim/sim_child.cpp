// sim_child.cpp — see sim_child.hpp.
#include "sim/sim_child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace xtb {

bool SimChild::start(const std::string& exe, const std::vector<std::string>& args, const std::string& dir,
                     int timeout_ms, const std::string& cert_dir) {
  log_ = dir + "/xtb-sim.log";
  dump_ = dir + "/sim-dump.json";
  int out[2];
  if (pipe2(out, O_CLOEXEC) < 0) return error_ = "pipe failed", false;
  std::vector<std::string> argv{exe};
  argv.insert(argv.end(), args.begin(), args.end());
  for (const std::string& a : {std::string("--port"), std::string("0"), std::string("--cert-dir"),
                               cert_dir.empty() ? dir : cert_dir, std::string("--dump"), dump_})
    argv.push_back(a);
  pid_ = fork();
  if (pid_ < 0) return error_ = "fork failed", false;
  if (pid_ == 0) {
    const int err = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out[1], 1);
    if (err >= 0) dup2(err, 2);
    std::vector<char*> av;
    for (std::string& a : argv) av.push_back(a.data());
    av.push_back(nullptr);
    execv(av[0], av.data());
    _exit(127);
  }
  ::close(out[1]);
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  const std::size_t at = line.find("ws=wss://127.0.0.1:"), c = line.find(" cert=");
  if (line.rfind("ready rest=", 0) != 0 || at == std::string::npos || c == std::string::npos) {
    stop(2000);
    error_ = "xtb-sim (" + exe + ") did not become ready; its log: " + log_;
    port_ = 0;
    return false;
  }
  port_ = std::atoi(line.c_str() + at + 19);
  cert_ = line.substr(c + 6, line.find('\n') - c - 6);
  return true;
}

int SimChild::stop(int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string find_sim_exe() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const auto& c : {self.parent_path() / "xtb-sim", self.parent_path() / ".." / "sim" / "server" / "xtb-sim"})
      if (std::filesystem::exists(c, ec)) return c.lexically_normal().string();
  }
  if (const char* path = std::getenv("PATH")) {
    std::string p(path);
    for (std::size_t b = 0, e; b <= p.size(); b = e + 1) {
      e = p.find(':', b);
      if (e == std::string::npos) e = p.size();
      const std::filesystem::path c = std::filesystem::path(p.substr(b, e - b)) / "xtb-sim";
      if (::access(c.c_str(), X_OK) == 0) return c.string();
    }
  }
  return {};
}

}  // namespace xtb
