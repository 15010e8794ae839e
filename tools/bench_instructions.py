#!/usr/bin/env python3
"""Instructions per line of the `benches/parse.rs` routines, counted by valgrind's callgrind.

On a shared 2-core VM criterion's medians of one routine move by 20-40 % between runs, so a
5 % change on the per-line path, or a ratio of two routines, cannot be read from them.
Instruction counts are exact and repeatable: they do not replace the criterion figures (a
change can add instructions and still run faster), they tell whether a change did what it meant
to, and whether the ratio of two routines moved.

usage: bench_instructions.py --build | BENCH_BINARY [FILTER ...]
  --build: build the parse bench with symbols in target/prof (a separate directory, so the
  stripped release build in target/ stays as it is) and use that binary.
  BENCH_BINARY: a parse bench binary built with symbols.
  FILTER: criterion name filters; by default the ALB filtering ratio and every `parse`.
Prints `name: N instructions/line, M mispredicted branches/line` and, for the filtering group,
the ratio the #15 target is about (no rules / 90 pct excluded). The mispredictions come from
callgrind's branch simulator (a simple predictor, so more than a real core's, but repeatable):
the parse is branchy, and a change that removes data-dependent branches (a loop whose length
varies per field) saves more time than its instruction count shows.
"""
import json, os, re, shutil, subprocess, sys, tempfile

DEFAULT = ["alb_filter/no rules", "alb_filter/90 pct excluded", "alb/parse$", r"alb/parse\+encode",
           "classic/parse$", "nlb/parse$", "conn_log/parse$"]
ITER = re.compile(r"^(.*\S)\s+\S*benches/parse\.rs:criterion::bencher::Bencher<M>::iter")
CALLS = re.compile(r"=> \S*parse/(?:mod|detect)\.rs:elb_logstash::parse::(?:detect::)?parse_line \(([\d,]+)x\)")


def number(text):
    return int(text.replace(",", ""))


def columns(prefix):
    """The event counts of an annotate line (`1,234 (5.0%) . 56 (0.1%)` → [1234, 0, 56])."""
    return [0 if t == "." else number(t) for t in re.findall(r"(?<!\S)([\d,]+|\.)(?!\S)", prefix)]


def per_line(binary, name):
    """Instructions and mispredicted conditional branches in the measured routine (criterion's
    `iter`, inclusive) over lines parsed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        run = subprocess.run(["valgrind", "--tool=callgrind", "--branch-sim=yes", f"--callgrind-out-file={out}", binary,
                              "--bench", "--profile-time", "2", name], capture_output=True, text=True)
        if run.returncode != 0 or not os.path.exists(out):
            sys.exit(f"bench_instructions: valgrind on {binary} {name!r} failed:\n{run.stderr[-2000:]}")
        inclusive = subprocess.run(["callgrind_annotate", "--inclusive=yes", out],
                                   capture_output=True, text=True, check=True).stdout
        callers = subprocess.run(["callgrind_annotate", "--tree=caller", out],
                                 capture_output=True, text=True, check=True).stdout
    # events: Ir Bc Bcm Bi Bim; the outermost `iter` has the most instructions
    routine = max((columns(m.group(1)) for m in map(ITER.match, inclusive.splitlines()) if m),
                  default=[0, 0, 0])
    lines = sum(number(m.group(1)) for m in CALLS.finditer(callers))
    if not routine[0] or not lines:
        sys.exit(f"bench_instructions: no routine or no parse_line calls for {name!r}; "
                 "was the binary built with symbols (debug line tables, not stripped)?")
    return routine[0] / lines, routine[2] / lines


def build():
    """The bench binary, built with line tables and symbols (callgrind needs the names)."""
    env = dict(os.environ, CARGO_TARGET_DIR="target/prof", CARGO_PROFILE_BENCH_DEBUG="line-tables-only",
               CARGO_PROFILE_BENCH_STRIP="false")
    cargo = os.environ.get("CARGO", "cargo")
    run = subprocess.run([cargo, "bench", "--bench", "parse", "--no-run", "--message-format=json"],
                         env=env, stdout=subprocess.PIPE, text=True)
    if run.returncode != 0:
        sys.exit("bench_instructions: the bench build failed")
    for line in run.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
                and msg["target"]["name"] == "parse":
            return msg["executable"]
    sys.exit("bench_instructions: cargo built no `parse` bench executable")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for tool in ("valgrind", "callgrind_annotate"):
        if not shutil.which(tool):
            sys.exit(f"bench_instructions: `{tool}` not found; install Debian's valgrind (apt-get install valgrind)")
    binary = build() if sys.argv[1] == "--build" else sys.argv[1]
    filters = sys.argv[2:] or DEFAULT
    counts = {}
    for name in filters:
        counts[name], missed = per_line(binary, name)
        print(f"{name}: {counts[name]:.0f} instructions/line, {missed:.1f} mispredicted branches/line",
              flush=True)
    plain, filtered = counts.get("alb_filter/no rules"), counts.get("alb_filter/90 pct excluded")
    if plain and filtered:
        print(f"alb_filter ratio (no rules / 90 pct excluded): {plain / filtered:.2f}")


if __name__ == "__main__":
    main()
