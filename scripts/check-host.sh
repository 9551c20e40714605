#!/usr/bin/env bash
# check-host.sh — reports how well this host is set up for low-latency trading and what
# to fix: CPU model and topology (SMT), frequency governor, isolated / tickless / RCU-offloaded
# cores, IRQ affinity, transparent huge pages, virtualisation, TSC, swap.
# Read-only; needs no root (some facts are hidden without it); never fails (exit 0).
#
# Usage: scripts/check-host.sh [CPU_LIST]   CPU_LIST (e.g. "2-5") = the cores you intend to
#        pin hot threads to; default: the isolated cores, else all but CPU 0.
set -u

warns=0
say()  { printf '  %-26s %s\n' "$1" "$2"; }
warn() { printf '  WARN: %s\n' "$*"; warns=$((warns + 1)); }
read_file() { [ -r "$1" ] && cat "$1" 2>/dev/null || echo "?"; }

# Expands a Linux cpulist ("0-3,8") to one number per line.
expand_cpus() {
  local part a b
  IFS=',' read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    [ -z "$part" ] && continue
    if [[ $part == *-* ]]; then a=${part%-*}; b=${part#*-}; seq "$a" "$b"; else echo "$part"; fi
  done
}

echo "== CPU"
model=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')
ncpu=$(nproc --all 2>/dev/null || echo "?")
say "model" "${model:-unknown}"
say "logical CPUs" "$ncpu (online: $(read_file /sys/devices/system/cpu/online))"
if command -v lscpu >/dev/null 2>&1; then
  tpc=$(lscpu 2>/dev/null | awk -F: '/Thread\(s\) per core/ {gsub(/ /,"",$2); print $2}')
  sockets=$(lscpu 2>/dev/null | awk -F: '/Socket\(s\)/ {gsub(/ /,"",$2); print $2}')
  numa=$(lscpu 2>/dev/null | awk -F: '/NUMA node\(s\)/ {gsub(/ /,"",$2); print $2}')
  say "threads per core (SMT)" "${tpc:-?}"
  say "sockets / NUMA nodes" "${sockets:-?} / ${numa:-?}"
  [ "${tpc:-1}" != "1" ] && warn "SMT is on: pin hot threads to distinct physical cores and keep their siblings idle (or boot with nosmt)"
  hv=$(lscpu 2>/dev/null | awk -F: '/Hypervisor vendor/ {gsub(/^ +/,"",$2); print $2}')
  [ -n "$hv" ] && { say "hypervisor" "$hv"; warn "virtual machine ($hv): vCPUs can be descheduled or moved; latency tails will be noisy"; }
fi
smt=$(read_file /sys/devices/system/cpu/smt/control)
[ "$smt" != "?" ] && say "smt control" "$smt"
# Sibling pairs, so a reader can choose two distinct physical cores.
pairs=$(cat /sys/devices/system/cpu/cpu*/topology/thread_siblings_list 2>/dev/null | sort -u -V | tr '\n' ' ')
[ -n "$pairs" ] && say "core sibling groups" "$pairs"

echo "== TSC and clocks"
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
for f in constant_tsc nonstop_tsc tsc_reliable; do
  if grep -qw "$f" <<<"$flags"; then say "$f" "yes"; else say "$f" "no"; fi
done
grep -qw constant_tsc <<<"$flags" && grep -qw nonstop_tsc <<<"$flags" || warn "TSC not invariant: xtb's clock falls back to CLOCK_MONOTONIC"
cs=$(read_file /sys/devices/system/clocksource/clocksource0/current_clocksource)
say "clocksource" "$cs"
[ "$cs" != "tsc" ] && [ "$cs" != "?" ] && warn "clocksource is '$cs', not tsc: clock_gettime may be slower (echo tsc > .../current_clocksource)"

echo "== Frequency and idle"
govs=$(cat /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor 2>/dev/null | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')
if [ -n "$govs" ]; then
  say "scaling governor" "$govs"
  grep -qv performance <<<"$(cat /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor 2>/dev/null)" &&
    warn "governor is not 'performance' everywhere (cpupower frequency-set -g performance)"
else
  say "scaling governor" "not exposed (VM or cpufreq driver absent)"
fi
drv=$(read_file /sys/devices/system/cpu/cpuidle/current_driver)
say "cpuidle driver" "$drv"
maxc=$(grep -o 'intel_idle.max_cstate=[0-9]*\|processor.max_cstate=[0-9]*\|idle=poll' /proc/cmdline 2>/dev/null | tr '\n' ' ')
say "C-state limits (cmdline)" "${maxc:-none}"
[ -z "$maxc" ] && warn "deep C-states allowed: wake-up from idle adds µs (intel_idle.max_cstate=1 processor.max_cstate=1, or busy-poll)"
nt=$(read_file /sys/devices/system/cpu/intel_pstate/no_turbo)
[ "$nt" != "?" ] && say "turbo disabled" "$nt"

echo "== Isolation (kernel command line)"
cmdline=$(read_file /proc/cmdline)
iso=$(read_file /sys/devices/system/cpu/isolated)
nohz=$(read_file /sys/devices/system/cpu/nohz_full)
rcu=$(grep -o 'rcu_nocbs=[^ ]*' <<<"$cmdline")
[ "$nohz" = "?" ] && nohz=""   # file absent: kernel without CONFIG_NO_HZ_FULL
[ "$iso" = "?" ] && iso=""
rcu=${rcu#rcu_nocbs=}
say "isolcpus" "${iso:-none}"
say "nohz_full" "${nohz:-none}"
say "rcu_nocbs" "${rcu:-none}"
[ -z "$iso" ] && warn "no isolated cores: add isolcpus=<hot cores> (and nohz_full=, rcu_nocbs= the same list)"
{ [ -z "$nohz" ] || [ "$nohz" = "(null)" ]; } && warn "no nohz_full cores: the scheduler tick interrupts hot threads every 1-4 ms"
[ -z "$rcu" ] && warn "no rcu_nocbs: RCU callbacks may run on hot cores"

# The cores we care about for IRQ checks.
target=${1:-}
if [ -z "$target" ]; then
  if [ -n "$iso" ]; then target=$iso; elif [ "${ncpu:-1}" != "?" ] && [ "${ncpu:-1}" -gt 1 ]; then target="1-$((ncpu - 1))"; else target=0; fi
fi

echo "== IRQ affinity (hot cores: $target)"
hot=" $(expand_cpus "$target" | tr '\n' ' ')"
total=0; onhot=0; unreadable=0
for d in /proc/irq/[0-9]*; do
  [ -r "$d/smp_affinity_list" ] || { unreadable=$((unreadable + 1)); continue; }
  total=$((total + 1))
  for c in $(expand_cpus "$(cat "$d/smp_affinity_list" 2>/dev/null)"); do
    if [[ $hot == *" $c "* ]]; then onhot=$((onhot + 1)); break; fi
  done
done
say "IRQs readable" "$total (unreadable: $unreadable)"
say "IRQs allowed on hot cores" "$onhot"
[ "$onhot" -gt 0 ] && warn "$onhot IRQs may fire on hot cores: set /proc/irq/*/smp_affinity_list to housekeeping cores, stop irqbalance or give it IRQBALANCE_BANNED_CPULIST"
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet irqbalance 2>/dev/null; then
  say "irqbalance" "running"
fi
dflt=$(read_file /proc/irq/default_smp_affinity)
say "default_smp_affinity" "$dflt"

echo "== Memory"
thp=$(read_file /sys/kernel/mm/transparent_hugepage/enabled)
defrag=$(read_file /sys/kernel/mm/transparent_hugepage/defrag)
say "THP enabled" "$thp"
say "THP defrag" "$defrag"
grep -q '\[always\]' <<<"$thp" && warn "THP=always: khugepaged compaction can stall hot threads (echo madvise > .../transparent_hugepage/enabled)"
grep -q '\[always\]' <<<"$defrag" && warn "THP defrag=always: page faults may compact synchronously (echo defer+madvise or never)"
hp=$(awk '/HugePages_Total/ {print $2}' /proc/meminfo 2>/dev/null)
say "hugepages (2 MiB) reserved" "${hp:-?}"
sw=$(awk 'NR > 1 {n++} END {print n + 0}' /proc/swaps 2>/dev/null)
say "swap devices" "$sw"
[ "${sw:-0}" -gt 0 ] && warn "swap is on: use mlockall (xtb does at start-up) or swapoff"
say "memlock limit" "$(ulimit -l 2>/dev/null)"
[ "$(ulimit -l 2>/dev/null)" != "unlimited" ] && warn "RLIMIT_MEMLOCK is limited: mlockall may fail (LimitMEMLOCK=infinity in the systemd unit)"
say "rtprio limit" "$(ulimit -r 2>/dev/null)"
numab=$(read_file /proc/sys/kernel/numa_balancing)
[ "$numab" = "1" ] && warn "automatic NUMA balancing is on: it migrates pages under hot threads (sysctl kernel.numa_balancing=0)"
tm=$(read_file /proc/sys/kernel/timer_migration)
[ "$tm" = "1" ] && warn "timer_migration=1: timers may land on hot cores (sysctl kernel.timer_migration=0)"

echo "== Summary"
if [ "$warns" -eq 0 ]; then echo "  no warnings: host looks ready"; else echo "  $warns warning(s) above"; fi
exit 0
