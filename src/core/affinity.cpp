#include "core/affinity.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace xtb {
namespace {

ThreadSetupError fail(std::string msg) { return ThreadSetupError{false, std::move(msg)}; }

int parse_int(std::string_view tok, std::string_view whole) {
  if (tok.empty() || tok.size() > 6) throw std::invalid_argument("bad CPU list '" + std::string(whole) + "'");
  int v = 0;
  for (char c : tok) {
    if (c < '0' || c > '9') throw std::invalid_argument("bad CPU number '" + std::string(tok) + "' in '" + std::string(whole) + "'");
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string format_cpus(const std::vector<int>& cpus) {
  std::string out;
  for (std::size_t i = 0; i < cpus.size(); ++i) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(cpus[i]);
    if (j > i) out += '-' + std::to_string(cpus[j]);
    i = j;
  }
  return out;
}

}  // namespace

std::vector<int> parse_cpu_list(std::string_view text) {
  std::vector<int> cpus;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view tok = text.substr(pos, comma - pos);
    const std::size_t dash = tok.find('-');
    if (dash == std::string_view::npos) {
      cpus.push_back(parse_int(tok, text));
    } else {
      const int lo = parse_int(tok.substr(0, dash), text), hi = parse_int(tok.substr(dash + 1), text);
      if (hi < lo) throw std::invalid_argument("descending CPU range '" + std::string(tok) + "'");
      for (int c = lo; c <= hi; ++c) cpus.push_back(c);
    }
    pos = comma + 1;
  }
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return out;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) out.push_back(c);
  return out;
}

ThreadSetupError pin_current_thread(int cpu) {
  const auto allowed = allowed_cpus();
  if (cpu < 0 || !std::binary_search(allowed.begin(), allowed.end(), cpu))
    return fail("CPU " + std::to_string(cpu) + " is not available: allowed set is " + format_cpus(allowed) +
                " (see taskset/isolcpus/cgroup cpuset)");
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  const int rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
  if (rc != 0) return fail("pthread_setaffinity_np(CPU " + std::to_string(cpu) + "): " + std::strerror(rc));
  return {};
}

void set_current_thread_name(std::string_view name) {
  char buf[16];
  const std::size_t n = std::min<std::size_t>(name.size(), 15);
  std::memcpy(buf, name.data(), n);
  buf[n] = '\0';
  pthread_setname_np(pthread_self(), buf);
}

ThreadSetupError set_realtime_priority(int priority) {
  if (priority < 1 || priority > 99) return fail("SCHED_FIFO priority must be 1..99, got " + std::to_string(priority));
  sched_param sp{};
  sp.sched_priority = priority;
  const int rc = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
  if (rc != 0) return fail("SCHED_FIFO priority " + std::to_string(priority) + ": " + std::strerror(rc) + " (needs CAP_SYS_NICE or an rtprio limit)");
  return {};
}

ThreadSetupError lock_all_memory() {
  if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
    return fail(std::string("mlockall: ") + std::strerror(errno) + " (needs CAP_IPC_LOCK or a larger RLIMIT_MEMLOCK)");
  return {};
}

void prefault(void* p, std::size_t bytes) noexcept {
  const long page = sysconf(_SC_PAGESIZE);
  auto* c = static_cast<volatile unsigned char*>(p);
  for (std::size_t off = 0; off < bytes; off += static_cast<std::size_t>(page)) c[off] = c[off];
  if (bytes) c[bytes - 1] = c[bytes - 1];
}

}  // namespace xtb
