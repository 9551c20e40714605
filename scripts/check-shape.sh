#!/usr/bin/env bash
# Checks the shape of the code (seed 003, issue 14 "Gates"); see docs/code-shape.md.
#
#   scripts/check-shape.sh [BUILD_DIR]        # files ≤ 600 lines, functions ≤ 80 lines,
#                                             # no include cycle between src/ folders
#   scripts/check-shape.sh --self-test        # proves each check fails on a bad input
#   scripts/check-shape.sh --coverage BUILD_DIR
#                                             # gcovr line coverage of src/engine, src/venue
#                                             # (and src/pipeline) from a -Db_coverage=true
#                                             # build whose tests have run; gate ≥ 80 %
#
# BUILD_DIR (default build/) gives compile_commands.json for clang-tidy; it must be
# configured (meson setup), not necessarily built. Exceptions live in
# scripts/shape-allowlist.txt, one per line with a reason. Exit status: 0 clean,
# 1 a violation (listed), 2 a tool or input is missing. Installs nothing
# (scripts/setup-deps.sh does: clang-tidy-14, gcovr).
#   XTB_SHAPE_JOBS   parallel clang-tidy processes (default: nproc)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3               # Debian's python (stdlib only is used)
CLANG_TIDY=${CLANG_TIDY:-clang-tidy-14}
MAX_FILE_LINES=600
MAX_FUNCTION_LINES=80
COVERAGE_GATE=80
COVERAGE_FOLDERS=(src/engine src/venue src/pipeline)
JOBS=${XTB_SHAPE_JOBS:-$(nproc)}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Allowlist entries of one kind, "SUBJECT...<TAB-or-space>reason", comments and blanks dropped.
allow() {  # allow KIND FILE
  awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$2" 2>/dev/null || true
}

# Every allowlist line must be a known kind with a reason.
check_allowlist() {  # check_allowlist FILE
  local file=$1 bad
  [ -f "$file" ] || return 0
  bad=$(awk '
    /^[[:space:]]*(#|$)/ { next }
    $1 == "file" && NF >= 3 { next }
    $1 == "function" && NF >= 4 { next }
    $1 == "edge" && $2 ~ /->/ && NF >= 3 { next }
    $1 == "coverage" && NF >= 3 { next }
    { printf "  %s:%d: %s\n", FILENAME, NR, $0 }' "$file")
  if [ -n "$bad" ]; then
    echo "check-shape: malformed allowlist lines (need: file PATH reason | function PATH NAME reason | edge A->B reason | coverage FOLDER reason):"
    echo "$bad"
    return 1
  fi
}

# ---- 1. files ≤ 600 lines --------------------------------------------------------------
check_file_lines() {  # check_file_lines ROOT ALLOWLIST
  local root=$1 allowlist=$2 t0 over allowed fail=0 n
  t0=$(now)
  allowed=$(allow file "$allowlist" | awk '{ print $1 }')
  local dirs=() d
  for d in src tests bench fuzz; do [ -d "$root/$d" ] && dirs+=("$d"); done
  n=$(cd "$root" && find "${dirs[@]}" \( -name node_modules -o -path subprojects \) -prune -o \
        -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print | wc -l)
  over=$(cd "$root" && find "${dirs[@]}" \( -name node_modules -o -path subprojects \) -prune -o \
           -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print0 |
         xargs -0 -r wc -l | awk -v max=$MAX_FILE_LINES '$2 != "total" && $1 > max { print $2, $1 }' | sort)
  while read -r path lines; do
    [ -n "$path" ] || continue
    if grep -qxF "$path" <<<"$allowed"; then
      echo "file-lines: allowlisted $path: $lines lines"
    else
      echo "file-lines: VIOLATION $path: $lines lines (max $MAX_FILE_LINES)"
      fail=1
    fi
  done <<<"$over"
  [ $fail = 0 ] && echo "file-lines: OK, $n files, none over $MAX_FILE_LINES lines except the allowlist ($(elapsed "$t0") s)" \
                || echo "file-lines: FAILED ($(elapsed "$t0") s)"
  return $fail
}

# ---- 2. functions ≤ 80 lines (clang-tidy readability-function-size) ---------------------
# Runs on every src/ .cpp on disk (files not in the database get an interpolated command)
# and on the src/ headers that no src/ .cpp includes; headers reached from a .cpp are
# checked through it (header filter: src/). Findings are de-duplicated by file:line.
check_function_size() {  # check_function_size ROOT DB_DIR ALLOWLIST
  local root=$1 db=$2 allowlist=$3 t0 out files fail=0 nfiles
  t0=$(now)
  command -v "$CLANG_TIDY" >/dev/null || { echo "function-size: $CLANG_TIDY not found (scripts/setup-deps.sh installs clang-tidy-14)"; return 2; }
  [ -f "$db/compile_commands.json" ] || { echo "function-size: no $db/compile_commands.json (meson setup $db first)"; return 2; }
  db=$(cd "$db" && pwd)
  out=$(mktemp -d)
  files="$out/files.txt"
  (cd "$root" && find src -name node_modules -prune -o -type f -name '*.cpp' -print | sort) >"$files"
  "$PY" "$ROOT/scripts/include_graph.py" --src "$root/src" --unreached-headers >>"$files"
  nfiles=$(wc -l <"$files")
  # Header filter: src/ headers as the compiler spells them from the build dir
  # (../src/x.hpp, /abs/build/../src/x.hpp) or absolutely (/abs/root/src/x.hpp).
  local rootre
  rootre=$(printf '%s' "$root" | sed 's/[][\.*^$+?(){}|/]/\\&/g')
  local filter="^((\\.\\./)+src/|${rootre}/([^/]+/)*\\.\\./src/|${rootre}/src/)"
  local config="{CheckOptions: [{key: readability-function-size.LineThreshold, value: $MAX_FUNCTION_LINES}]}"
  (cd "$root" && xargs -a "$files" -P"$JOBS" -I{} sh -c '
      f=$1; log=$2/$(printf %s "$f" | tr / _).log
      echo "file=$f" >"$log"
      "$3" -p "$4" --quiet -checks="-*,readability-function-size" -config="$5" --header-filter="$6" \
        --extra-arg=-Wno-unknown-warning-option --extra-arg=-Wno-error "$f" >>"$log" 2>&1
      echo "rc=$?" >>"$log"' _ {} "$out" "$CLANG_TIDY" "$db" "$config" "$filter") || true
  # Parse: "FILE:L:C: warning: function 'NAME' exceeds ..." then "FILE:L:C: note: N lines ...".
  local report
  report=$("$PY" - "$out" "$db" "$root" "$allowlist" <<'EOF'
import glob, os, re, sys
out, db, root, allowlist = sys.argv[1:5]
warn = re.compile(r"^(.*?):(\d+):\d+: warning: function '([^']*)' exceeds recommended size/complexity thresholds \[readability-function-size\]")
note = re.compile(r"^(.*?):(\d+):\d+: note: (\d+) lines including whitespace and comments")
err = re.compile(r"^(.*?):(\d+):\d+: (?:fatal )?error: (.*)$")
def rel(p):
    p = os.path.normpath(os.path.join(db, p))
    return os.path.relpath(p, root)
allowed = {}
if os.path.isfile(allowlist):
    for line in open(allowlist):
        f = line.split(None, 3)
        if len(f) >= 4 and f[0] == 'function':
            allowed[(f[1], f[2])] = f[3].strip()
found, errors, crashed = {}, [], []
for log in sorted(glob.glob(os.path.join(out, '*.log'))):
    pending = None
    text = open(log, errors='replace').read().splitlines()
    if text and text[-1].startswith('rc=') and text[-1] != 'rc=0' and not any(err.match(l) for l in text):
        # non-zero without a compiler error: a crash or a missing tool
        crashed.append(text[0][5:] + ': ' + ' | '.join(text[1:-1][-3:]))
    for l in text:
        m = warn.match(l)
        if m:  # counted even if no "lines" note follows (another threshold tripped)
            pending = (rel(m.group(1)), int(m.group(2)), m.group(3))
            found.setdefault(pending, '?')
            continue
        m = note.match(l)
        if m and pending and rel(m.group(1)) == pending[0] and int(m.group(2)) == pending[1]:
            found[pending] = int(m.group(3))
            pending = None
            continue
        m = err.match(l)
        if m:
            errors.append(f'{rel(m.group(1))}:{m.group(2)}: {m.group(3)}')
fail = 0
for (path, line, name), n in sorted(found.items()):
    if (path, name) in allowed:
        print(f'function-size: allowlisted {path}:{line} {name}: {n} lines ({allowed[(path, name)]})')
    else:
        print(f'function-size: VIOLATION {path}:{line} {name}: {n} lines (max {os.environ["MAXF"]})')
        fail = 1
hit = {(p, n) for (p, _, n) in found}
for (path, name) in sorted(allowed):
    if (path, name) not in hit:
        print(f'function-size: note: allowlisted {path} {name} is no longer over the limit; drop it from the allowlist')
for e in sorted(set(errors))[:40]:
    print(f'function-size: ERROR (file not analysed; is {os.path.relpath(db, root)} configured for this tree?) {e}')
for c in crashed:
    print(f'function-size: ERROR clang-tidy failed on {c}')
if errors or crashed:
    fail = 1
print(f'function-size: {len(found)} function(s) over the limit, {len(allowed)} allowlist entries')
sys.exit(fail)
EOF
  ) || fail=1
  echo "$report"
  rm -rf "$out"
  [ $fail = 0 ] && echo "function-size: OK, $nfiles src files analysed, no function over $MAX_FUNCTION_LINES lines except the allowlist ($(elapsed "$t0") s, $JOBS jobs)" \
                || echo "function-size: FAILED ($(elapsed "$t0") s, $JOBS jobs)"
  return $fail
}

# ---- 3. no include cycle between the top-level folders of src/ -----------------------
check_cycles() {  # check_cycles SRC ALLOWLIST
  local t0 rc=0
  t0=$(now)
  "$PY" "$ROOT/scripts/include_graph.py" --src "$1" --allowlist "$2" || rc=$?
  echo "include-graph: $([ $rc = 0 ] && echo OK || echo FAILED) ($(elapsed "$t0") s)"
  return $rc
}

# ---- 4. coverage (gcovr) of the gated folders --------------------------------------------
check_coverage() {  # check_coverage BUILD_DIR ALLOWLIST [CSV]  (CSV: skip gcovr, read this file)
  local build=$1 allowlist=$2 csv=${3:-} t0 folders=() filters=() fail=0
  t0=$(now)
  for f in "${COVERAGE_FOLDERS[@]}"; do
    if [ -d "$ROOT/$f" ] || { [ -n "$csv" ] && grep -q "^$f/" "$csv"; }; then folders+=("$f"); filters+=(--filter "$f/"); fi
  done
  if [ -z "$csv" ]; then
    command -v gcovr >/dev/null || { echo "coverage: gcovr not found (scripts/setup-deps.sh installs it)"; return 2; }
    find "$build" -name '*.gcda' -print -quit | grep -q . ||
      { echo "coverage: no .gcda files in $build (configure it with -Db_coverage=true and run the tests)"; return 2; }
    csv="$build/coverage.csv"
    mkdir -p "$build/coverage"
    (cd "$ROOT" && gcovr -r . --object-directory "$build" -j "$JOBS" "${filters[@]}" \
       --csv "$csv" --html-details "$build/coverage/index.html" "$build" >/dev/null 2>"$build/coverage.log") ||
      { echo "coverage: gcovr failed:"; tail -20 "$build/coverage.log"; return 2; }
  fi
  local gated
  gated=$(allow coverage "$allowlist" | awk '{ print $1 }')
  # CSV: filename,line_total,line_covered,... (one row per source file)
  while read -r folder total covered; do
    local pct below=0
    pct=$(awk -v c="$covered" -v t="$total" 'BEGIN { printf "%.1f", t ? 100 * c / t : 0 }')
    awk -v p="$pct" -v g=$COVERAGE_GATE 'BEGIN { exit !(p < g) }' && below=1
    if [ "$total" = 0 ]; then
      echo "coverage: $folder: no coverage data (no instrumented object compiled it?): FAILED"
      fail=1
    elif [ $below = 0 ]; then
      echo "coverage: $folder: $pct % lines ($covered / $total), gate $COVERAGE_GATE %: OK"
    elif grep -qxF "$folder" <<<"$gated"; then
      echo "coverage: $folder: $pct % lines ($covered / $total), gate $COVERAGE_GATE %: BELOW GATE (allowlisted: $(allow coverage "$allowlist" | awk -v f="$folder" '$1 == f { $1 = ""; sub(/^ /, ""); print }'))"
    else
      echo "coverage: $folder: $pct % lines ($covered / $total), gate $COVERAGE_GATE %: BELOW GATE, FAILED"
      fail=1
    fi
  done < <(for f in "${folders[@]}"; do
             awk -F, -v f="$f/" 'NR > 1 && index($1, f) == 1 { t += $2; c += $3 } END { print f, t + 0, c + 0 }' "$csv" |
               sed 's|/ | |'
           done)
  [ -f "$build/coverage/index.html" ] && echo "coverage: HTML report $build/coverage/index.html"
  echo "coverage: $([ $fail = 0 ] && echo OK || echo FAILED) ($(elapsed "$t0") s)"
  return $fail
}

# ---- self-test: every check must fail on a bad input and pass on a good one ------------
self_test() {
  local tmp failures=0
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  expect() {  # expect RC DESCRIPTION COMMAND...
    local want=$1 what=$2 rc=0 log
    shift 2
    log=$("$@" 2>&1) || rc=$?
    if [ "$rc" = "$want" ]; then echo "self-test: ok   $what (exit $rc)"
    else echo "self-test: FAIL $what: exit $rc, expected $want"; sed 's/^/    /' <<<"$log"; failures=$((failures + 1)); fi
  }
  body() { local i; for ((i = 0; i < $1; i++)); do echo "  x += $i;"; done; }
  mkdir -p "$tmp/t/src/a" "$tmp/t/src/b" "$tmp/t/tests" "$tmp/t/bench" "$tmp/t/fuzz" "$tmp/t/build"
  : >"$tmp/allow"
  # file lines: 600 passes, 601 fails, an allowlisted 601 passes
  seq 600 | sed 's|^|// |' >"$tmp/t/src/a/ok.hpp"
  expect 0 "file of 600 lines passes" check_file_lines "$tmp/t" "$tmp/allow"
  seq 601 | sed 's|^|// |' >"$tmp/t/tests/big.cpp"
  expect 1 "file of 601 lines fails" check_file_lines "$tmp/t" "$tmp/allow"
  echo "file tests/big.cpp self-test reason" >"$tmp/allow.f"
  expect 0 "allowlisted file of 601 lines passes" check_file_lines "$tmp/t" "$tmp/allow.f"
  rm "$tmp/t/tests/big.cpp"
  # function size: clang-tidy counts a function as (line of its closing `}`) - (line of
  # its opening `{`); 80 passes, 81 fails. N body lines + `return` put the braces N + 2 apart.
  { echo 'int ok_fn(int x) {'; body 78; echo '  return x;'; echo '}'; } >"$tmp/t/src/a/fn.cpp"
  { echo '#pragma once'; echo 'inline int ok_inline(int x) {'; body 10; echo '  return x;'; echo '}'; } >"$tmp/t/src/a/fn.hpp"
  { echo '#include "a/fn.hpp"'; echo 'int user(int x) { return ok_inline(x); }'; } >"$tmp/t/src/b/user.cpp"
  printf '[{"directory": "%s", "file": "../src/b/user.cpp", "command": "clang++-14 -std=c++20 -Werror -Wno-interference-size -I../src -c ../src/b/user.cpp"}]\n' \
    "$tmp/t/build" >"$tmp/t/build/compile_commands.json"
  expect 0 "function of 80 lines passes" check_function_size "$tmp/t" "$tmp/t/build" "$tmp/allow"
  { echo 'int long_fn(int x) {'; body 79; echo '  return x;'; echo '}'; } >"$tmp/t/src/a/fn.cpp"
  expect 1 "function of 81 lines fails" check_function_size "$tmp/t" "$tmp/t/build" "$tmp/allow"
  echo "function src/a/fn.cpp long_fn self-test reason" >"$tmp/allow.fn"
  expect 0 "allowlisted function of 81 lines passes" check_function_size "$tmp/t" "$tmp/t/build" "$tmp/allow.fn"
  { echo 'int ok_fn(int x) {'; body 78; echo '  return x;'; echo '}'; } >"$tmp/t/src/a/fn.cpp"
  { echo '#pragma once'; echo 'inline int long_inline(int x) {'; body 79; echo '  return x;'; echo '}'; } >"$tmp/t/src/a/fn.hpp"
  { echo '#include "a/fn.hpp"'; echo 'int user(int x) { return long_inline(x); }'; } >"$tmp/t/src/b/user.cpp"
  expect 1 "header function of 81 lines (reached from a .cpp in the database) fails" \
    check_function_size "$tmp/t" "$tmp/t/build" "$tmp/allow"
  rm "$tmp/t/src/b/user.cpp"
  expect 1 "header function of 81 lines (no .cpp includes it) fails" check_function_size "$tmp/t" "$tmp/t/build" "$tmp/allow"
  { echo 'int ok_fn(int x) {'; echo '  return x +;'; echo '}'; } >"$tmp/t/src/a/fn.cpp"
  rm "$tmp/t/src/a/fn.hpp"
  expect 1 "a file clang-tidy cannot parse fails (never a silent pass)" check_function_size "$tmp/t" "$tmp/t/build" "$tmp/allow"
  rm "$tmp/t/src/a/fn.cpp"
  # include cycles: a -> b alone passes; a -> b -> a fails; allowlisting b -> a passes
  echo '#include "b/y.hpp"' >"$tmp/t/src/a/x.hpp"
  echo '#pragma once' >"$tmp/t/src/b/y.hpp"
  expect 0 "folder graph without a cycle passes" check_cycles "$tmp/t/src" "$tmp/allow"
  echo '#include "a/ok.hpp"' >>"$tmp/t/src/b/y.hpp"
  expect 1 "include cycle a -> b -> a fails" check_cycles "$tmp/t/src" "$tmp/allow"
  echo "edge b->a self-test reason" >"$tmp/allow.e"
  expect 0 "allowlisted edge b -> a passes" check_cycles "$tmp/t/src" "$tmp/allow.e"
  # coverage gate: 80 % passes, 79.9 % fails, an allowlisted folder below the gate passes
  printf 'filename,line_total,line_covered\nsrc/engine/a.cpp,600,480\nsrc/engine/b.hpp,400,320\nsrc/venue/x.cpp,1000,800\nsrc/pipeline/p.cpp,10,8\n' >"$tmp/cov.csv"
  expect 0 "coverage at 80 % passes" check_coverage "$tmp" "$tmp/allow" "$tmp/cov.csv"
  printf 'filename,line_total,line_covered\nsrc/engine/a.cpp,1000,800\nsrc/venue/x.cpp,1000,799\nsrc/pipeline/p.cpp,10,8\n' >"$tmp/cov.csv"
  expect 1 "coverage at 79.9 % fails" check_coverage "$tmp" "$tmp/allow" "$tmp/cov.csv"
  echo "coverage src/venue self-test reason" >"$tmp/allow.c"
  expect 0 "allowlisted folder below the gate passes (BELOW GATE printed)" check_coverage "$tmp" "$tmp/allow.c" "$tmp/cov.csv"
  # the allowlist itself: an entry without a reason is refused
  echo "function src/x.cpp f" >"$tmp/allow.bad"
  expect 1 "allowlist entry without a reason fails" check_allowlist "$tmp/allow.bad"
  if [ $failures = 0 ]; then echo "self-test: OK"; else echo "self-test: $failures FAILED"; fi
  [ $failures = 0 ]
}

export MAXF=$MAX_FUNCTION_LINES
ALLOWLIST="$ROOT/scripts/shape-allowlist.txt"
case "${1:-}" in
  --self-test) self_test ;;
  --coverage)
    [ -n "${2:-}" ] || { echo "usage: $0 --coverage BUILD_DIR" >&2; exit 2; }
    check_allowlist "$ALLOWLIST"
    check_coverage "$(cd "$2" && pwd)" "$ALLOWLIST" ;;
  -h|--help) sed -n '2,16p' "$0" ;;
  *)
    BUILD=${1:-$ROOT/build}
    echo "== code shape: files <= $MAX_FILE_LINES lines, functions <= $MAX_FUNCTION_LINES lines, no include cycle between src/ folders =="
    rc=0
    run() {  # the worst exit status wins: 2 (tool/input missing) over 1 (violation)
      local r=0
      "$@" || r=$?
      if [ $r -gt $rc ]; then rc=$r; fi
    }
    run check_allowlist "$ALLOWLIST"
    run check_file_lines "$ROOT" "$ALLOWLIST"
    run check_cycles "$ROOT/src" "$ALLOWLIST"
    run check_function_size "$ROOT" "$BUILD" "$ALLOWLIST"
    allowed_n=$(grep -cE '^(file|function|edge|coverage) ' "$ALLOWLIST" 2>/dev/null || true)
    echo "check-shape: $([ $rc = 0 ] && echo OK || echo FAILED) (${allowed_n:-0} allowlist entries in scripts/shape-allowlist.txt)"
    exit $rc ;;
esac
