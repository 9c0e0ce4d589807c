#!/usr/bin/env bash
# tests/workflow_test.sh WORKFLOW [OVP]: parses the GitHub Actions workflow
# (.github/workflows/ci.yml) as YAML and checks what no YAML linter can: it runs on
# push and pull_request; a step runs .ci/run; the JUnit action publishes the file
# `ovp verify --junit` writes, even after a failed verify; github-action-benchmark
# reads the file `ovp bench --json` writes, as customSmallerIsBetter, and never fails
# the build on an alert (speed is shown, not asserted); the artifacts hold both files;
# every action is pinned to a major version. With OVP, every option the workflow gives
# ovp must appear in that subcommand's --help (the workflow cannot drift from the CLI).
# Each check is also run on a broken copy of the workflow, which it must reject.
# Needs python3-yaml (Debian 12: apt-get install python3-yaml).
set -euo pipefail
workflow=$1 ovp=${2:-}
[ -f "$workflow" ] || { echo "FAIL: no workflow at $workflow"; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { echo "FAIL: python3-yaml is missing: apt-get install python3-yaml"; exit 1; }
repo=$(cd "$(dirname "$workflow")/../.." && pwd)
helps=()
trap 'rm -f "${TMPDIR:-/tmp}"/ovp-workflow-help.$$.*' EXIT
if [ -n "$ovp" ]; then
  for cmd in verify bench plot; do
    "$ovp" "$cmd" --help >"${TMPDIR:-/tmp}/ovp-workflow-help.$$.$cmd" 2>&1 || { echo "FAIL: $ovp $cmd --help"; exit 1; }
    helps+=("$cmd=${TMPDIR:-/tmp}/ovp-workflow-help.$$.$cmd")
  done
fi

python3 - "$workflow" "$repo" "${helps[@]}" <<'PY'
import copy, fnmatch, os, re, shlex, sys
import yaml

workflow, repo = sys.argv[1], sys.argv[2]
helps = {}
for arg in sys.argv[3:]:
    cmd, path = arg.split("=", 1)
    with open(path) as f:
        helps[cmd] = set(re.findall(r"--[a-z][a-z0-9-]*", f.read()))
with open(workflow) as f:
    doc = yaml.safe_load(f)


def norm(p):
    return os.path.normpath(str(p).strip())


def steps_of(job):
    return [s for s in (job.get("steps") or []) if isinstance(s, dict)]


def commands(run):
    """Each shell command of a run script as tokens: continuations joined, ; && || | split."""
    text = re.sub(r"\\\n", " ", run or "")
    out = []
    for line in text.splitlines():
        try:
            tokens = shlex.split(line, comments=True)
        except ValueError:
            continue
        cmd = []
        for t in tokens + [";"]:
            if t in (";", "&&", "||", "|"):
                if cmd:
                    out.append(cmd)
                cmd = []
            else:
                cmd.append(t)
    return out


def ovp_calls(run, sub):
    """(options dict, tokens) of every `.../ovp SUB ...` in a run script."""
    calls = []
    for cmd in commands(run):
        for i, t in enumerate(cmd[:-1]):
            if os.path.basename(t) == "ovp" and cmd[i + 1] == sub:
                rest, opts, k = cmd[i + 2:], {}, 0
                while k < len(rest):
                    if rest[k].startswith("--"):
                        key, eq, val = rest[k].partition("=")
                        if eq:
                            opts[key] = val
                        elif k + 1 < len(rest) and not rest[k + 1].startswith("--"):
                            opts[key] = rest[k + 1]
                            k += 1
                        else:
                            opts[key] = True
                    k += 1
                calls.append((opts, rest))
    return calls


def uses(step, action):
    return str(step.get("uses", "")).split("@")[0] == action


def runs_always(step):
    cond = str(step.get("if", ""))
    return "always()" in cond or "!cancelled()" in cond


def paths(value):
    return [norm(p) for p in re.split(r"[\n,]", str(value or "")) if p.strip() and not p.strip().startswith("!")]


def covers(pattern, path):
    return path == pattern or path.startswith(pattern + "/") or fnmatch.fnmatch(path, pattern)


def check(doc):
    fails = []
    if not isinstance(doc, dict) or not isinstance(doc.get("jobs"), dict) or not doc["jobs"]:
        return ["no jobs"]
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    on = doc.get("on", doc.get(True))
    triggers = [on] if isinstance(on, str) else list(on or [])
    for t in ("push", "pull_request"):
        if t not in triggers:
            fails.append(f"not triggered on {t} (on: {triggers})")

    jobs = doc["jobs"]
    for name, job in jobs.items():
        if not isinstance(job, dict) or "runs-on" not in job:
            fails.append(f"job {name}: no runs-on")
            continue
        for s in steps_of(job):
            if ("run" in s) == ("uses" in s):
                fails.append(f"job {name}: a step needs exactly one of run and uses: {s}")
            if "uses" in s and not re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", str(s["uses"])):
                fails.append(f"job {name}: {s['uses']} is not pinned to a major version (owner/repo@vN)")

    # The project's own CI entry point, on Debian 12 or an Ubuntu runner.
    ci_run = [(n, j) for n, j in jobs.items() if isinstance(j, dict) for s in steps_of(j)
              if any(norm(c[0]) == ".ci/run" or (c[0] in ("bash", "sh") and len(c) > 1 and norm(c[1]) == ".ci/run")
                     for c in commands(s.get("run")))]
    if not ci_run:
        fails.append("no step runs .ci/run")
    for n, j in ci_run:
        image = j.get("container")
        image = image.get("image") if isinstance(image, dict) else image
        if image != "debian:12" and not str(j.get("runs-on", "")).startswith("ubuntu"):
            fails.append(f"job {n} runs .ci/run on neither debian:12 nor an Ubuntu runner")
    if not os.path.isfile(os.path.join(repo, ".ci/run")):
        fails.append(".ci/run does not exist in the repository")

    # ovp verify --junit FILE, then the JUnit action on FILE, in the same job.
    found_verify = False
    for name, job in jobs.items():
        steps = steps_of(job) if isinstance(job, dict) else []
        for i, s in enumerate(steps):
            for opts, rest in ovp_calls(s.get("run"), "verify"):
                if "--junit" not in opts:
                    continue
                found_verify = True
                junit = norm(opts["--junit"])
                if "all" not in rest or opts.get("--scale") != "ci":
                    fails.append(f"job {name}: the JUnit verify is not 'ovp verify all --scale ci'")
                pubs = [p for p in steps[i + 1:] if uses(p, "mikepenz/action-junit-report")
                        or uses(p, "dorny/test-reporter")]
                if not pubs:
                    fails.append(f"job {name}: no JUnit publishing step after the verify step")
                for p in pubs:
                    w = p.get("with") or {}
                    given = paths(w.get("report_paths", w.get("path")))
                    if not any(covers(g, junit) for g in given):
                        fails.append(f"job {name}: the JUnit step reads {given}, the verify step writes {junit}")
                    if not runs_always(p):
                        fails.append(f"job {name}: the JUnit step does not run after a failed verify (if: !cancelled())")
    if not found_verify:
        fails.append("no step runs 'ovp verify ... --junit FILE'")

    # ovp bench --json FILE, then github-action-benchmark on FILE, in the same job.
    found_bench = False
    for name, job in jobs.items():
        steps = steps_of(job) if isinstance(job, dict) else []
        for i, s in enumerate(steps):
            for opts, rest in ovp_calls(s.get("run"), "bench"):
                if "--quick" in opts or "--list" in opts:
                    continue
                found_bench = True
                out = norm(opts.get("--json", "results/bench/latest.json"))
                if out == "results/bench/latest.json":
                    fails.append(f"job {name}: ovp bench overwrites the committed results/bench/latest.json")
                base = opts.get("--compare")
                if base and not os.path.isfile(os.path.join(repo, base)):
                    fails.append(f"job {name}: --compare {base} does not exist in the repository")
                trackers = [t for t in steps[i + 1:] if uses(t, "benchmark-action/github-action-benchmark")]
                if not trackers:
                    fails.append(f"job {name}: no github-action-benchmark step after ovp bench")
                for t in trackers:
                    w = t.get("with") or {}
                    if norm(w.get("output-file-path", "")) != out:
                        fails.append(f"job {name}: the benchmark step reads {w.get('output-file-path')}, "
                                     f"ovp bench writes {out}")
                    if w.get("tool") != "customSmallerIsBetter":
                        fails.append(f"job {name}: the benchmark tool is {w.get('tool')}, not customSmallerIsBetter")
                    if str(w.get("fail-on-alert", "false")).lower() != "false":
                        fails.append(f"job {name}: fail-on-alert would assert speed (shown by ovp bench, never asserted)")
                uploads = [p for u in steps if uses(u, "actions/upload-artifact")
                           for p in paths((u.get("with") or {}).get("path"))]
                if not any(covers(p, out) for p in uploads):
                    fails.append(f"job {name}: no artifact holds {out}")
    if not found_bench:
        fails.append("no step runs 'ovp bench' (other than --quick or --list)")

    for name, job in jobs.items():
        steps = steps_of(job) if isinstance(job, dict) else []
        for s in steps:
            for opts, _ in ovp_calls(s.get("run"), "verify"):
                if "--junit" in opts:
                    uploads = [p for u in steps if uses(u, "actions/upload-artifact") and runs_always(u)
                               for p in paths((u.get("with") or {}).get("path"))]
                    if not any(covers(p, norm(opts["--junit"])) for p in uploads):
                        fails.append(f"job {name}: no artifact (uploaded after a failure too) holds {opts['--junit']}")

    # Every option given to ovp exists in that subcommand's --help.
    for sub, known in helps.items():
        for job in jobs.values():
            for s in steps_of(job) if isinstance(job, dict) else []:
                for opts, _ in ovp_calls(s.get("run"), sub):
                    for o in opts:
                        if o not in known:
                            fails.append(f"'ovp {sub}' has no option {o} (ovp {sub} --help)")
    return fails


fails = check(doc)
for f in fails:
    print("FAIL:", f)


# Each check must reject a workflow broken in its way.
def step(doc, pred):
    for job in doc["jobs"].values():
        for s in steps_of(job):
            if pred(s):
                return s
    raise LookupError("no such step")


def is_verify(s):
    return any("--junit" in o for o, _ in ovp_calls(s.get("run"), "verify"))


def is_bench(s):
    return bool(ovp_calls(s.get("run"), "bench"))


def is_junit(s):
    return uses(s, "mikepenz/action-junit-report") or uses(s, "dorny/test-reporter")


def is_tracker(s):
    return uses(s, "benchmark-action/github-action-benchmark")


def set_with(pred, key, value):
    def mutate(d):
        step(d, pred).setdefault("with", {})[key] = value
    return mutate


def edit_run(pred, old, new):
    def mutate(d):
        s = step(d, pred)
        assert old in s["run"], old
        s["run"] = s["run"].replace(old, new)
    return mutate


def drop_trigger(t):
    def mutate(d):
        key = "on" if "on" in d else True
        on = d[key]
        if isinstance(on, dict):
            d[key] = {k: v for k, v in on.items() if k != t}
        elif isinstance(on, list):
            d[key] = [k for k in on if k != t]
        elif on == t:
            d[key] = []
    return mutate


def unpin(d):
    s = step(d, lambda s: "uses" in s)
    s["uses"] = s["uses"].split("@")[0] + "@main"


mutations = [
    ("no push trigger", drop_trigger("push"), "not triggered on push"),
    ("no pull_request trigger", drop_trigger("pull_request"), "not triggered on pull_request"),
    ("no .ci/run", edit_run(lambda s: ".ci/run" in str(s.get("run")), ".ci/run", "scripts/test.sh"),
     "no step runs .ci/run"),
    ("JUnit path", set_with(is_junit, "report_paths", "other.xml"), "the JUnit step reads"),
    ("JUnit only on success", lambda d: step(d, is_junit).pop("if", None), "does not run after a failed verify"),
    ("no --junit", edit_run(is_verify, "--junit", "--quiet"), "no step runs 'ovp verify ... --junit FILE'"),
    ("bench path", set_with(is_tracker, "output-file-path", "elsewhere.json"), "the benchmark step reads"),
    ("bench tool", set_with(is_tracker, "tool", "customBiggerIsBetter"), "not customSmallerIsBetter"),
    ("bench gate", set_with(is_tracker, "fail-on-alert", True), "fail-on-alert would assert speed"),
    ("unpinned", unpin, "is not pinned to a major version"),
]
if helps:
    mutations.append(("unknown option", edit_run(is_bench, "ovp bench", "ovp bench --no-such-option"),
                      "has no option --no-such-option"))
for what, mutate, expect in mutations:
    broken = copy.deepcopy(doc)
    try:
        mutate(broken)
    except (LookupError, AssertionError) as e:
        fails.append(f"negative control '{what}': cannot break the workflow that way ({e})")
        print(f"FAIL: negative control '{what}' could not be built ({e})")
        continue
    got = check(broken)
    if not any(expect in g for g in got):
        fails.append(what)
        print(f"FAIL: negative control '{what}' was not caught (expected '{expect}', got {got})")

if fails:
    sys.exit(1)
print(f"workflow test passed: {workflow} ({len(mutations)} broken copies rejected"
      f"{', options checked against ovp --help' if helps else ''})")
PY
