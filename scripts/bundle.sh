#!/usr/bin/env bash
# bundle.sh — packs binaries with every shared library they load into one folder that runs
# on an x86-64 Linux machine without our Debian packages (liburing, simdjson, wslay,
# yaml-cpp, fmt, spdlog, OpenSSL, Google Benchmark, ...), e.g. the 16-core device machine.
#
#   scripts/bundle.sh [--system-libc] [--keep-debug] <out_dir> <binary>...
#   <out_dir>/run.sh <binary-name> [args...]      # e.g. taskset -c 2,4 out/run.sh xtb_bench_rings
#
# Layout: <out_dir>/bin/ (binaries, debug info stripped unless --keep-debug), <out_dir>/lib/
# (libraries resolved by ldd, named by soname), <out_dir>/run.sh, <out_dir>/MANIFEST.
# By default glibc and its loader travel too and run.sh starts the binary through the bundled
# loader (ld-linux --library-path lib/), so a host with an older glibc works as well.
# --system-libc leaves glibc (libc, libm, libpthread, libdl, librt, libresolv, ld-linux) to
# the host; run.sh then only sets LD_LIBRARY_PATH=lib/ and executes the binary.
# Only ldd-visible dependencies are copied (no dlopen()ed plugins). Warns above 64 MiB.
set -euo pipefail

system_libc=0
keep_debug=0
while [ $# -gt 0 ]; do
  case "$1" in
    --system-libc) system_libc=1; shift ;;
    --keep-debug) keep_debug=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: $0 [--system-libc] [--keep-debug] <out_dir> <binary>..." >&2; exit 2; }
out=$1; shift

is_glibc() {
  case "$1" in
    libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*|libutil.so.*|ld-linux*.so.*) return 0 ;;
    *) return 1 ;;
  esac
}

# Replace only an earlier bundle (it has a MANIFEST) or an empty folder, never other data.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/MANIFEST" ]; then
  echo "bundle.sh: '$out' exists, is not empty and is not a bundle; refusing to overwrite it" >&2
  exit 2
fi
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib"
manifest="$out/MANIFEST"
{
  echo "bundle made $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -srm), $(ldd --version 2>/dev/null | head -1)"
  echo "system libc: $([ $system_libc = 1 ] && echo yes || echo no)"
} >"$manifest"

loader=""
for bin in "$@"; do
  [ -x "$bin" ] && [ -f "$bin" ] || { echo "bundle.sh: '$bin' is not an executable file" >&2; exit 2; }
  name=$(basename "$bin")
  cp -L "$bin" "$out/bin/$name"
  [ $keep_debug = 1 ] || strip --strip-debug "$out/bin/$name" 2>/dev/null || true
  echo "bin/$name <- $bin" >>"$manifest"
  # ldd lines: "libfoo.so.1 => /path/libfoo.so.1 (0x...)", "/lib64/ld-linux-x86-64.so.2 (0x...)",
  # "linux-vdso.so.1 (0x...)" (kernel-provided: skipped), "libbar.so => not found" (fatal).
  while read -r line; do
    if [[ $line == *"not found"* ]]; then
      echo "bundle.sh: $name: unresolved dependency: $line" >&2
      exit 1
    fi
    if [[ $line =~ ^([^[:space:]]+)\ =\>\ ([^[:space:]]+)\ \( ]]; then
      soname=${BASH_REMATCH[1]}; path=${BASH_REMATCH[2]}
    elif [[ $line =~ ^(/[^[:space:]]+)\ \( ]]; then
      path=${BASH_REMATCH[1]}; soname=$(basename "$path"); loader=$soname
    else
      continue
    fi
    if is_glibc "$soname" && [ $system_libc = 1 ]; then continue; fi
    if [ ! -e "$out/lib/$soname" ]; then
      cp -L "$path" "$out/lib/$soname"
      echo "lib/$soname <- $path" >>"$manifest"
    fi
  done < <(ldd "$bin")
done

if [ $system_libc = 0 ] && [ -z "$loader" ]; then
  echo "bundle.sh: no dynamic loader found in ldd output (static binaries?); falling back to --system-libc mode" >&2
  system_libc=1
fi

cat >"$out/run.sh" <<EOF
#!/bin/sh
# Runs a bundled binary with the bundled shared libraries (made by scripts/bundle.sh).
# Usage: run.sh <binary-name> [args...]; binaries: \$(ls "\$(dirname "\$0")/bin")
here=\$(cd "\$(dirname "\$0")" && pwd)
[ \$# -ge 1 ] || { echo "usage: \$0 <binary> [args...]; binaries:" \$(ls "\$here/bin") >&2; exit 2; }
prog=\$1; shift
[ -x "\$here/bin/\$prog" ] || { echo "run.sh: no binary '\$prog' in \$here/bin" >&2; exit 2; }
EOF
if [ $system_libc = 0 ]; then
  cat >>"$out/run.sh" <<EOF
# Bundled glibc: start through its own loader with --library-path instead of exporting
# LD_LIBRARY_PATH, which child processes using the host's glibc would inherit (two glibcs mixed).
exec "\$here/lib/$loader" --library-path "\$here/lib" "\$here/bin/\$prog" "\$@"
EOF
else
  cat >>"$out/run.sh" <<'EOF'
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$here/bin/$prog" "$@"
EOF
fi
chmod +x "$out/run.sh"

size_kib=$(du -sk "$out" | cut -f1)
echo "bundle: $out ($(ls "$out/bin" | wc -l) binaries, $(ls "$out/lib" | wc -l) libraries, $((size_kib / 1024)) MiB)"
if [ "$size_kib" -gt $((64 * 1024)) ]; then
  echo "bundle.sh: warning: bundle is larger than 64 MiB" >&2
fi
