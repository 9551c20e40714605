#!/usr/bin/python3
"""Include graph between the top-level folders of src/ (src/core, src/net, src/app, ...).

Reads every *.cpp, *.hpp and *.h under SRC, resolves each `#include "..."` the way the
compiler does for xtb (first beside the including file, then from src/, the project's
include root), and draws an edge A -> B when a file in src/A includes a file in src/B.
Angle-bracket includes are ignored: they name system or third-party headers
(<net/if.h> is not src/net).

A cycle is a strongly connected component of that folder graph with more than one folder.
Edges listed in the allowlist (lines `edge A->B reason...`) are left out before the cycles
are looked for, so an allowlisted edge hides exactly the cycles through it and no others.

Usage:
  include_graph.py [--src DIR] [--allowlist FILE] [--edges]
  include_graph.py [--src DIR] --unreached-headers
      prints the headers under SRC that no .cpp under SRC includes, directly or through
      other headers (scripts/check-shape.sh gives them to clang-tidy on their own)
Exit status: 0 no cycle, 1 a cycle (listed with the files that make each edge), 2 usage.
Standard library only (runs under Debian's /usr/bin/python3).
"""

import argparse
import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE_EXT = ('.cpp', '.hpp', '.h')


def top_folder(path, src):
    """The first path component under src, or None when path is outside src or a file
    directly in src (src/meson.build has no folder)."""
    rel = os.path.relpath(path, src)
    if rel.startswith('..'):
        return None
    parts = rel.split(os.sep)
    return parts[0] if len(parts) > 1 else None


def source_files(src):
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if d != 'node_modules')
        for name in sorted(filenames):
            if name.endswith(SOURCE_EXT):
                yield os.path.join(dirpath, name)


def resolve(include, including_file, src):
    """Where `#include "include"` lands: beside the file first, then under src/."""
    for base in (os.path.dirname(including_file), src):
        cand = os.path.normpath(os.path.join(base, include))
        if os.path.isfile(cand):
            return cand
    return None


def file_includes(path, src):
    """The project files that `path` includes (resolved), in order."""
    out = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = INCLUDE_RE.match(line)
            if m:
                target = resolve(m.group(1), path, src)
                if target is not None:
                    out.append(target)
    return out


def unreached_headers(src):
    files = list(source_files(src))
    includes = {p: file_includes(p, src) for p in files}
    seen = set()
    stack = [p for p in files if p.endswith('.cpp')]
    while stack:
        for t in includes.get(stack.pop(), ()):
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return [p for p in files if not p.endswith('.cpp') and p not in seen]


def build_graph(src):
    """{(A, B): [(file, line, include), ...]} for every cross-folder include A -> B."""
    edges = {}
    for path in source_files(src):
        a = top_folder(path, src)
        if a is None:
            continue
        with open(path, encoding='utf-8', errors='replace') as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                target = resolve(m.group(1), path, src)
                if target is None:
                    continue
                b = top_folder(target, src)
                if b is None or b == a:
                    continue
                edges.setdefault((a, b), []).append((os.path.relpath(path, os.path.dirname(src)), lineno, m.group(1)))
    return edges


def strongly_connected(nodes, succ):
    """Tarjan's algorithm, iterative; returns the components with more than one node."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(succ.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(succ.get(w, ())))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def shortest_cycle(comp, succ):
    """One shortest cycle through the component's first folder (breadth-first)."""
    start = comp[0]
    members = set(comp)
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(succ.get(v, ())):
            if w not in members:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return [start]


def read_allowlist(path):
    allowed = {}
    if not path or not os.path.isfile(path):
        return allowed
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.split(None, 2)
            if len(parts) >= 2 and parts[0] == 'edge' and '->' in parts[1]:
                a, b = parts[1].split('->', 1)
                allowed[(a, b)] = parts[2].strip() if len(parts) > 2 else ''
    return allowed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--src', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src'))
    ap.add_argument('--allowlist', default=None, help='file with lines "edge A->B reason"')
    ap.add_argument('--edges', action='store_true', help='also print every folder edge with its include count')
    ap.add_argument('--unreached-headers', action='store_true',
                    help='print the headers no .cpp includes (paths relative to the parent of SRC) and exit')
    args = ap.parse_args()
    src = os.path.normpath(os.path.abspath(args.src))
    if not os.path.isdir(src):
        print(f'include_graph: no such folder {src}', file=sys.stderr)
        return 2

    if args.unreached_headers:
        for p in unreached_headers(src):
            print(os.path.relpath(p, os.path.dirname(src)))
        return 0

    edges = build_graph(src)
    allowed = read_allowlist(args.allowlist)
    if args.edges:
        for (a, b), files in sorted(edges.items()):
            mark = '  (allowlisted)' if (a, b) in allowed else ''
            print(f'  {a} -> {b}: {len(files)} include(s){mark}')

    for (a, b), reason in sorted(allowed.items()):
        if (a, b) in edges:
            print(f'include-graph: allowlisted edge {a} -> {b} ({len(edges[(a, b)])} include(s)): {reason}')
        else:
            print(f'include-graph: note: allowlisted edge {a} -> {b} no longer exists; drop it from the allowlist')

    succ = {}
    nodes = {d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)) and d != 'node_modules'}
    for (a, b) in edges:
        nodes.update((a, b))
        if (a, b) not in allowed:
            succ.setdefault(a, set()).add(b)
    cycles = strongly_connected(nodes, succ)
    if not cycles:
        print(f'include-graph: OK, no include cycle between the {len(nodes)} folders of {os.path.relpath(src)} '
              f'({len(edges)} folder edges, {sum(len(v) for v in edges.values())} cross-folder includes)')
        return 0
    for comp in cycles:
        path = shortest_cycle(comp, succ)
        print(f'include-graph: CYCLE between {", ".join(comp)} (e.g. {" -> ".join(path)})')
        for a in comp:
            for b in sorted(succ.get(a, ())):
                if b not in comp:
                    continue
                files = edges[(a, b)]
                print(f'  edge {a} -> {b} ({len(files)} include(s)):')
                for f, lineno, inc in files:
                    print(f'    {f}:{lineno}: #include "{inc}"')
    return 1


if __name__ == '__main__':
    sys.exit(main())
