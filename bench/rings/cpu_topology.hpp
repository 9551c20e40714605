// cpu_topology.hpp — just enough of /sys/devices/system/cpu to place the two benchmark
// threads on two distinct physical cores of one package, and to warn when a chosen pair
// shares a core (SMT siblings share L1/L2, so their "cross-core" numbers would be flattering).
// Cold path; Linux sysfs layout: cpuN/topology/{core_id,physical_package_id,thread_siblings_list}.
#pragma once
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "core/affinity.hpp"

namespace xtb::bench {

struct CpuPlace {
  int package = -1;  // -1: unknown (sysfs not readable)
  int core = -1;
};

inline std::string read_sysfs(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

inline CpuPlace cpu_place(int cpu) {
  const std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
  CpuPlace p;
  try {
    p.package = std::stoi(read_sysfs(base + "physical_package_id"));
    p.core = std::stoi(read_sysfs(base + "core_id"));
  } catch (...) {
    return CpuPlace{};
  }
  return p;
}

/// True when sysfs says `a` and `b` are hardware threads of one physical core.
inline bool smt_siblings(int a, int b) {
  const std::string list = read_sysfs("/sys/devices/system/cpu/cpu" + std::to_string(a) + "/topology/thread_siblings_list");
  if (list.empty()) return false;
  try {
    const std::vector<int> sib = parse_cpu_list(list);
    return std::find(sib.begin(), sib.end(), b) != sib.end();
  } catch (...) {
    return false;
  }
}

/// "--cpus=auto": two allowed CPUs on distinct physical cores of the same package, taken
/// from the isolated set when it has two such CPUs, else from the allowed set minus CPU 0
/// (housekeeping: interrupts and timers land there). Returns false if no such pair exists.
inline bool pick_two_cores(int& a, int& b) {
  const std::vector<int> allowed = allowed_cpus();
  std::vector<int> isolated;
  try {
    const std::string iso = read_sysfs("/sys/devices/system/cpu/isolated");
    if (!iso.empty()) isolated = parse_cpu_list(iso);
  } catch (...) {
  }
  auto try_from = [&](const std::vector<int>& pool) {
    for (int x : pool) {
      if (std::find(allowed.begin(), allowed.end(), x) == allowed.end()) continue;
      for (int y : pool) {
        if (y == x || std::find(allowed.begin(), allowed.end(), y) == allowed.end()) continue;
        const CpuPlace px = cpu_place(x), py = cpu_place(y);
        if (px.package == py.package && px.core != py.core && !smt_siblings(x, y)) {
          a = x;
          b = y;
          return true;
        }
      }
    }
    return false;
  };
  if (try_from(isolated)) return true;
  std::vector<int> rest;
  for (int c : allowed)
    if (c != 0 || allowed.size() < 3) rest.push_back(c);
  return try_from(rest);
}

}  // namespace xtb::bench
