"""Writes benches/REPORT.md from one run's results (benches/report.sh calls it).

    python3 benches/report.py RESULTS_DIR > benches/REPORT.md

RESULTS_DIR holds machine.json, criterion/ (criterion's estimates of the `report` bench),
allocs.jsonl, python.jsonl, load.jsonl, faults.jsonl and versions.jsonl. Only the standard
library is used. Every ratio is computed here from figures of the same run.
"""

import json
import os
import sys


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def criterion(results, group, function, parameter):
    """Median and its 95% confidence interval, in nanoseconds, or None."""
    path = os.path.join(results, "criterion", group, function, parameter, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        median = json.load(f)["median"]
    ci = median["confidence_interval"]
    return median["point_estimate"], ci["lower_bound"], ci["upper_bound"]


def ns(value):
    if value is None:
        return "n/a"
    if value >= 1e6:
        return f"{value / 1e6:.2f} ms"
    if value >= 1e3:
        return f"{value / 1e3:.2f} µs"
    return f"{value:.0f} ns"


def with_ci(estimate):
    if estimate is None:
        return "n/a"
    point, low, high = estimate
    return f"{ns(point)} ({ns(low)}–{ns(high)})"


def py_ns(row):
    return None if row is None else row["median_s"] * 1e9


def with_range(row):
    if row is None:
        return "n/a"
    return f"{ns(row['median_s'] * 1e9)} ({ns(row['min_s'] * 1e9)}–{ns(row['max_s'] * 1e9)})"


def read_instructions(path):
    """`benches/instructions.sh` output: case -> instructions per parse (empty when not run)."""
    counts = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[1].isdigit():
                    counts[parts[0]] = int(parts[1])
    except FileNotFoundError:
        pass
    return counts


# The callgrind cases of each parse goal: typed, baseline.
INSTRUCTION_CASES = {
    "jamf_json": ("json:ComputerCheckIn", "value:ComputerCheckIn"),
    "jamf_xml": ("xml:ComputerCheckIn", "rawwalk:ComputerCheckIn"),
    "cmdop_event": ("cmdop", "cmdopvalue"),
}


def instruction_note(instructions, key):
    """The same ratio in instructions (callgrind), which the machine's load does not move."""
    typed, base = INSTRUCTION_CASES.get(key, (None, None))
    if typed not in instructions or base not in instructions:
        return ""
    a, b = instructions[typed], instructions[base]
    return f"in instructions (callgrind, load-independent): {a / b:.2f}× ({a:,} vs {b:,})"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(r, suffix="×"):
    return "n/a" if r is None else f"{r:.2f}{suffix}"


def verdict(ok):
    if ok is None:
        return "not measured"
    return "**met**" if ok else "**missed**"


class Goals:
    def __init__(self):
        self.rows = []

    def add(self, goal, measured, ok, note=""):
        self.rows.append((goal, measured, verdict(ok), note))

    def table(self):
        out = ["| goal | measured | verdict | note |", "| --- | --- | --- | --- |"]
        out += [f"| {g} | {m} | {v} | {n} |" for g, m, v, n in self.rows]
        return "\n".join(out)


def machine_section(machine, versions):
    lines = [
        f"- CPU: **{machine.get('cpu', '?')}**, {machine.get('cores', '?')} cores; "
        f"{machine.get('memory', '?')} of memory; kernel {machine.get('kernel', '?')}",
        f"- Date: {machine.get('date', '?')}; commit `{machine.get('commit', '?')}`"
        f"{' (with uncommitted changes)' if machine.get('dirty') else ''}",
        f"- Toolchain: {machine.get('rustc', '?')}",
        f"- Load average before the measurements: {machine.get('load_before', '?')}; "
        f"after: {machine.get('load_after', '?')}. {machine.get('quiet_note', '')}",
    ]
    for v in versions:
        lines.append(f"- {v['tool']}: {v['version']}")
    return "\n".join(lines)


LOAD_NAMES = {
    "bare": "bare handler (serve's HTTP stack, no work)",
    "serve-devnull": "`serve`, output `/dev/null`",
    "serve-file": "`serve`, durable output to a file",
    "serve-exec": "`serve --exec true` (`exec_concurrency` 4, the default)",
    "webhook": "adnanh/webhook, `execute-command` `true` (answers before the command, its default)",
    "webhook-wait": "adnanh/webhook, `include-command-output-in-response` (answers after the command, like `serve`)",
    "python": "Python receiver (FastAPI + uvicorn, `compare_digest`, `json.loads`, append + fsync)",
}


def load_section(load, goals):
    if not load:
        return "No load results in this run.", {}
    # Each (target, concurrency) ran once per round: keep the median round, note the range.
    steps = {}
    best = {}
    for row in load:
        steps.setdefault((row["label"], row["concurrency"]), []).append(row)
        # Other work on the machine only ever slows a step down: the best round is the other
        # honest estimate of what a target sustains, so every throughput goal is judged on both.
        best[row["label"]] = max(best.get(row["label"], 0.0), row["events_per_s"])
    load = []
    for rows in steps.values():
        rows.sort(key=lambda r: r["events_per_s"])
        median = dict(rows[(len(rows) - 1) // 2])
        median["range"] = (rows[0]["events_per_s"], rows[-1]["events_per_s"])
        median["rounds"] = len(rows)
        load.append(median)
    out = [
        "| target | concurrency | events/s | p50 | p99 | max | non-2xx | no answer | server CPU | server peak RSS | loadgen CPU | others' CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_target = {}
    for row in load:
        by_target.setdefault(row["label"], []).append(row)
        other = sum(row["other_status"].values())
        other_text = str(other)
        if other:
            other_text += " (" + ", ".join(f"{k}: {v}" for k, v in row["other_status"].items()) + ")"
        cpu = row["server_tree_cpu_pct"] if row["label"] in ("serve-exec", "webhook", "webhook-wait") else row["server_cpu_pct"]
        rss = row.get("server_peak_rss_kib")
        out.append(
            f"| {row['label']} | {row['concurrency']} | {row['events_per_s']:,.0f} "
            f"({row['range'][0]:,.0f}–{row['range'][1]:,.0f}) | {row['p50_ms']:.2f} ms | "
            f"{row['p99_ms']:.2f} ms | {row['max_ms']:.1f} ms | {other_text} | {row['no_answer']} | "
            f"{cpu:.0f}% | {rss / 1024 if rss else 0:.1f} MiB | {row['loadgen_cpu_pct']:.0f}% | "
            f"{row.get('others_cpu_pct', 0):.0f}% |"
        )
    others = [r.get("others_cpu_pct", 0.0) for r in load]
    legend = [
        "",
        f"Across the {len(load)} steps, everything else on the machine used "
        f"{sum(others) / len(others):.0f}% CPU on average (of 200%; {min(others):.0f}–{max(others):.0f}%)"
        " beside the server and the generator: other builds and tests, and the kernel's own work"
        " for the fsync-heavy targets.",
        "",
        "Targets:",
    ]
    for name in by_target:
        legend.append(f"- `{name}`: {LOAD_NAMES.get(name, name)}")
    peaks = {name: max(rows, key=lambda r: r["events_per_s"]) for name, rows in by_target.items()}

    def step(name, c):
        return next((r for r in by_target.get(name, []) if r["concurrency"] == c), None)

    # Goal 1: serve without a durable sink >= 80% of the bare handler.
    if "bare" in peaks and "serve-devnull" in peaks:
        r = peaks["serve-devnull"]["events_per_s"] / peaks["bare"]["events_per_s"]
        rb = best["serve-devnull"] / best["bare"]
        per_step = []
        for row in by_target["serve-devnull"]:
            b = step("bare", row["concurrency"])
            if b:
                per_step.append(f"c={row['concurrency']}: {row['events_per_s'] / b['events_per_s']:.0%}")
        goals.add(
            "`serve` (output `/dev/null`) ≥ 80% of the bare handler",
            f"{r:.0%} at peak of the medians ({peaks['serve-devnull']['events_per_s']:,.0f} vs {peaks['bare']['events_per_s']:,.0f} events/s), "
            f"{rb:.0%} best round against best round ({best['serve-devnull']:,.0f} vs {best['bare']:,.0f}); medians per step: "
            + ", ".join(per_step),
            r >= 0.8 and rb >= 0.8,
            "met only if met on both",
        )
    if "python" in peaks and "serve-file" in peaks:
        r = peaks["serve-file"]["events_per_s"] / peaks["python"]["events_per_s"]
        rb = best["serve-file"] / best["python"]
        goals.add(
            "durable output ≥ 10× the Python receiver",
            f"{r:.1f}× at peak of the medians ({peaks['serve-file']['events_per_s']:,.0f} vs {peaks['python']['events_per_s']:,.0f} events/s), "
            f"{rb:.1f}× best round against best round ({best['serve-file']:,.0f} vs {best['python']:,.0f})",
            r >= 10 and rb >= 10,
            "met only if met on both",
        )
    for peer in ("webhook", "webhook-wait"):
        if peer in peaks and "serve-exec" in peaks:
            ours, theirs = peaks["serve-exec"], peaks[peer]
            r = ours["events_per_s"] / theirs["events_per_s"]
            rb = best["serve-exec"] / best[peer]
            same = []
            all_ok = True
            for row in by_target["serve-exec"]:
                t = step(peer, row["concurrency"])
                if t:
                    ok = row["events_per_s"] >= t["events_per_s"] and row["p99_ms"] < t["p99_ms"]
                    all_ok = all_ok and ok
                    same.append(
                        f"c={row['concurrency']}: {row['events_per_s'] / t['events_per_s']:.2f}× events/s, "
                        f"p99 {row['p99_ms']:.1f} vs {t['p99_ms']:.1f} ms"
                    )
            goals.add(
                f"`--exec true` ≥ `{peer}` events/s with a lower p99",
                f"peak of the medians {r:.2f}× ({ours['events_per_s']:,.0f} vs {theirs['events_per_s']:,.0f} events/s, "
                f"p99 {ours['p99_ms']:.1f} vs {theirs['p99_ms']:.1f} ms); best rounds {rb:.2f}× "
                f"({best['serve-exec']:,.0f} vs {best[peer]:,.0f}); medians per step: " + "; ".join(same),
                r >= 1 and rb >= 1 and ours["p99_ms"] < theirs["p99_ms"],
                "met on both, and at every step" if all_ok else "not at every step",
            )
    return "\n".join(out + legend), peaks


def faults_section(faults):
    if not faults:
        return "No fault results in this run."
    out = [
        "| fault | events | 2xx | 2xx stored once | 2xx missing | stored twice | not 2xx, stored | retried | wrong answers | cut mid-body (stored) | answers | passed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for f in faults:
        c = f["check"]
        answers = ", ".join(f"{k}: {v}" for k, v in c.get("answers", {}).items())
        out.append(
            f"| {f['fault']} | {c['events']} | {c['acknowledged']} | {c['acknowledged_stored_once']} | "
            f"{c['acknowledged_missing']} | {c['acknowledged_stored_more_than_once']} | "
            f"{c['not_acknowledged_but_stored']} | {c['events_retried']} | {c['wrong_answers']} | "
            f"{c.get('aborted_mid_body', 0)} ({c.get('aborted_but_stored', 0)}) | {answers} | "
            f"{'yes' if c['passed'] else '**no**: ' + '; '.join(c.get('problems', []))} |"
        )
    out.append("")
    out.append("How each run went:")
    for f in faults:
        out.append(f"- {f['fault']}: {f['note']}")
    return "\n".join(out)


def library_section(results, python, allocs, instructions, goals):
    py = {(r["job"], r["impl"]): r for r in python}
    c = lambda g, f, p: criterion(results, g, f, p)  # noqa: E731
    out = []

    # Verify.
    out.append("### Verify (HMAC-SHA256 signature check)\n")
    out.append("| body | `SignatureVerifier::verify_value` | raw HMAC (pre-keyed) | ratio | raw SHA-256 | throughput vs SHA-256 | Python `hmac` + `compare_digest` | Python / ours |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in ("1KiB", "64KiB"):
        ours = c("report_verify", "fleethooks_verify", size)
        raw = c("report_verify", "raw_hmac", size)
        sha = c("report_verify", "raw_sha256", size) if size == "64KiB" else None
        p = py.get((f"verify_{size}", "stdlib"))
        out.append(
            f"| {size} | {with_ci(ours)} | {with_ci(raw)} | {fmt_ratio(ratio(ours and ours[0], raw and raw[0]))} | "
            f"{with_ci(sha)} | {fmt_ratio(ratio(sha and sha[0], ours and ours[0]), '') if sha else 'n/a'} | "
            f"{with_range(p)} | {fmt_ratio(ratio(py_ns(p), ours and ours[0]))} |"
        )
        if size == "1KiB" and ours and raw:
            r = ours[0] / raw[0]
            goals.add("verify 1 KiB ≤ 1.10× raw HMAC", f"{r:.2f}×", r <= 1.10)
        if sha and ours:
            r = sha[0] / ours[0]
            goals.add("verify 64 KiB ≥ 95% of raw SHA-256 throughput", f"{r:.0%}", r >= 0.95,
                      "HMAC hashes the body once plus two 64-byte blocks: the bound is the hash itself")
    out.append("")

    # Verify + parse.
    out.append("### Verify + parse, per payload\n")
    out.append("Ours: `verify_value` + the typed parse. Baseline: pre-keyed HMAC + `verify_slice` + `serde_json::Value` (Jamf XML: + a raw quick-xml walk). Python: `hmac` + `compare_digest` + the parser named.\n")
    out.append("| payload | ours | Rust baseline | ours / baseline | Python stdlib | orjson | jamf-pro-sdk | stdlib / ours | orjson / ours | sdk / ours |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    payloads = (
        ("jamf_json", "Jamf JSON ComputerCheckIn", "hmac_value"),
        ("jamf_xml", "Jamf XML ComputerCheckIn (Python: ElementTree)", "hmac_raw_walk"),
        ("jumpcloud_alert", "JumpCloud alert", "hmac_value"),
        ("cmdop_event", "cmdop command.completed (1 KB)", "hmac_value"),
    )
    for key, label, baseline in payloads:
        ours = c("report_receive", "fleethooks", key)
        base = c("report_receive", baseline, key)
        std = py.get((f"receive_{key}", "stdlib"))
        orj = py.get((f"receive_{key}", "orjson"))
        sdk = py.get((f"receive_{key}", "jamf-pro-sdk"))
        o = ours and ours[0]
        out.append(
            f"| {label} | {with_ci(ours)} | {with_ci(base)} | {fmt_ratio(ratio(o, base and base[0]))} | "
            f"{with_range(std)} | {with_range(orj)} | {with_range(sdk)} | {fmt_ratio(ratio(py_ns(std), o))} | "
            f"{fmt_ratio(ratio(py_ns(orj), o))} | {fmt_ratio(ratio(py_ns(sdk), o))} |"
        )
        if orj is not None and o:
            r = py_ns(orj) / o
            goals.add(f"{label}: verify + parse ≥ 2× faster than Python + orjson", f"{r:.1f}×", r >= 2)
        if key == "jamf_json" and sdk is not None and o:
            r = py_ns(sdk) / o
            goals.add("Jamf JSON ≥ 4× faster than jamf-pro-sdk (verify + parse)", f"{r:.1f}×", r >= 4)
        if key == "jamf_xml" and std is not None and o:
            r = py_ns(std) / o
            goals.add("Jamf XML ≥ 5× faster than ElementTree (verify + parse)", f"{r:.1f}×", r >= 5)
            goals.add("verify + parse of Jamf XML ≥ 2× faster than Python (no orjson for XML: ElementTree)", f"{r:.1f}×", r >= 2)
    out.append("")

    # Parse only.
    out.append("### Parse only\n")
    out.append("| payload | typed | `serde_json::Value` (XML: raw walk) | typed / baseline | Python stdlib | orjson | jamf-pro-sdk | allocations typed / baseline (bytes) |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    al = {(a["job"], a["impl"]): a for a in allocs}
    parse_goals = {
        "jamf_json": ("Jamf JSON typed parse ≤ 0.6× `Value`", 0.6),
        "jamf_xml": ("Jamf XML typed parse ≤ 2× the raw quick-xml walk", 2.0),
        "jumpcloud_alert": ("JumpCloud alert typed parse ≤ 1.0× `Value`", 1.0),
        "cmdop_event": ("cmdop event typed parse faster than `Value` (< 1.0×)", 1.0),
        "flatten_20_keys": ("flattening (20-key trigger body) ≤ 0.8× `Value`", 0.8),
    }
    for key, label in (
        ("jamf_json", "Jamf JSON ComputerCheckIn"),
        ("jamf_xml", "Jamf XML ComputerCheckIn"),
        ("jumpcloud_alert", "JumpCloud alert"),
        ("cmdop_event", "cmdop command.completed"),
        ("flatten_20_keys", "JumpCloud trigger body, 20 keys → environment"),
    ):
        baseline = "raw_walk" if key == "jamf_xml" else "value"
        typed = c("report_parse", "typed", key)
        base = c("report_parse", baseline, key)
        r = ratio(typed and typed[0], base and base[0])
        ta, ba = al.get((key, "typed")), al.get((key, baseline))
        alloc = "n/a"
        if ta and ba:
            alloc = f"{ta['allocations']:.0f} ({ta['bytes']:,.0f} B) / {ba['allocations']:.0f} ({ba['bytes']:,.0f} B)"
        out.append(
            f"| {label} | {with_ci(typed)} | {with_ci(base)} | {fmt_ratio(r)} | "
            f"{with_range(py.get(('parse_' + key, 'stdlib')))} | {with_range(py.get(('parse_' + key, 'orjson')))} | "
            f"{with_range(py.get(('parse_' + key, 'jamf-pro-sdk')))} | {alloc} |"
        )
        goal, bound = parse_goals[key]
        if r is not None:
            ok = r < bound if key == "cmdop_event" else r <= bound
            goals.add(goal, f"{r:.2f}×", ok, instruction_note(instructions, key))
    verify_alloc = al.get(("verify_1KiB", "fleethooks_verify"))
    if verify_alloc:
        out.append("")
        out.append(f"`verify_value` allocates {verify_alloc['allocations']:.0f} times ({verify_alloc['bytes']:.0f} B) per call.")
    return "\n".join(out)


def main():
    results = sys.argv[1]
    with open(os.path.join(results, "machine.json"), encoding="utf-8") as f:
        machine = json.load(f)
    versions = list({v["tool"]: v for v in read_jsonl(os.path.join(results, "versions.jsonl"))}.values())
    python = read_jsonl(os.path.join(results, "python.jsonl"))
    allocs = read_jsonl(os.path.join(results, "allocs.jsonl"))
    instructions = read_instructions(os.path.join(results, "instructions.txt"))
    load = read_jsonl(os.path.join(results, "load.jsonl"))
    faults = read_jsonl(os.path.join(results, "faults.jsonl"))
    load_goals, lib_goals = Goals(), Goals()
    load_table, _ = load_section(load, load_goals)
    library = library_section(results, python, allocs, instructions, lib_goals)
    settings = machine.get("settings", {})
    print(f"""# fleethooks benchmark report

Regenerate with **one command** from the repository root (builds, installs the Python side into a
venv, runs everything below, rewrites this file; about 15 minutes on 2 cores):

```sh
benches/report.sh
```

Every figure and ratio below comes from the same run. Medians; the spread is criterion's 95%
confidence interval of the median for Rust, and min–max over {settings.get('python_repeat', '?')}
repetitions for Python. Criterion ran with `{settings.get('criterion_args', '?')}`; each load step
ran {settings.get('load_seconds', '?')} s after a 1 s warm-up.

## Machine

{machine_section(machine, versions)}

## Load: `serve` and its peers on loopback

`loadgen` (`benches/src/bin/loadgen.rs`, one thread) keeps C keep-alive connections busy, each
sending its next event when the last is answered: Jamf JSON, Jamf XML, a JumpCloud alert and a
signed cmdop event in turn, every one distinct (no deduplication short-cut). Latencies are of
the 2xx answers. Server CPU is of the server process (with its exec children where it runs
commands), 100% = one core; peak RSS is the server's `VmHWM`. The load generator shares the
two cores with the server, so its own CPU is shown too, and so is what everything else on the
machine used meanwhile ("others' CPU", from `/proc/stat`): figures from a step where others
used much of the 200% are not the server's own. Every step ran once per round, the rounds
interleaving the targets; the table shows the median round's figures and, beside events/s, the
range over the rounds.

{load_table}

### Load goals

{load_goals.table()}

### Reading the load figures

- **The ceiling is shared.** Server and `loadgen` run on the same two cores; at the bare
  handler's peak the generator needs most of one core (column "loadgen CPU"), so the ceiling is
  partly the generator's and every ratio to it is, if anything, flattered.
- **What `serve` does that the bare handler does not**, per event: authenticate, parse, insert
  the dedup key (and register it as in flight, so a repeat waits for the outcome), build the
  summary line, hand the event to a task of its own (a client that disconnects cannot stop an
  accepted event half-way), write the line (the request that finds no write under way writes
  every line that has arrived meanwhile, syncs once for all of them where the output is a
  file, answers their requests and hands the lead on), count it, log one line. A profile of an
  earlier version, which passed every line to a writer thread and back, put most of the extra
  CPU in the kernel's scheduler and futex wake-ups and in `malloc`; the leading request and
  mimalloc as the binary's allocator are what came of it. What is left is the work listed.
- **Durable output** groups concurrent events into one `fdatasync` (group commit), so it gains
  with concurrency while the Python receiver, one `fsync` per event inside a single uvicorn
  worker, stays flat.
- **Exec.** Both `serve --exec true` (`/bin/sh -c true`) and adnanh/webhook (`/bin/true`) start
  one process per event, and on two cores starting processes is the bound: the server-tree CPU
  column sits near 180% for both. adnanh/webhook's default answers *before* its command runs
  (a goroutine per request), so its events/s count answers, not commands run, and its RSS grows
  with the backlog; with `include-command-output-in-response` it answers after the command, as
  `serve` does (an event is acknowledged only when its command exited 0).

## Faults under load, checked by counting

`loadgen` as senders that retry (on 5xx, 408, 429 and no answer, every 100 ms, up to a
deadline), ledger checked against what was stored (`loadgen check`: the output files, or the
JetStream stream). Rule: every event that got a 2xx is stored exactly once, and every other
answer makes its sender retry. The same faults, smaller, run in CI as
`crates/fleethooks-cli/tests/faults.rs`.

{faults_section(faults)}

## Library: verify and parse beside raw baselines and Python

Inputs are the crates' fixtures (`computer_check_in.json` / `.xml`, `alert_open_critical.json`,
`command_completed_1kb.json`, `trigger_body_twenty_keys.json`); Rust in
`benches/benches/report.rs`, allocations counted by `benches/src/bin/allocs.rs`, Python
{machine.get('python', '3.11')} in `benches/python/bench.py` on the same files.

{library}

### Library goals

{lib_goals.table()}
""")


if __name__ == "__main__":
    main()
