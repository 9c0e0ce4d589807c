#!/usr/bin/env bash
# tests/table_junit_test.sh OVP WORKDIR: issue 16's outputs for a paper and a CI.
# `ovp verify --junit` gives one testcase per claim record of summary.json, with
# failures and skips as its verdicts, in well-formed XML; `ovp table` prints the
# same records as LaTeX (compiled with pdflatex when it is installed), Markdown
# and RFC 4180 CSV, every text escaped; the exit codes: 0 all held, 4 only
# empirical claims failed, 1 a hypotheses-met claim failed, 2 bad input.
# Needs python3 (xml.etree, csv, json: the standard library only).
set -euo pipefail
ovp=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
command -v python3 >/dev/null || { echo "FAIL: table_junit_test.sh needs python3"; exit 1; }
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# code CMD...: runs CMD (its output into last.log) and prints its exit code
code() { local rc=0; "$@" >last.log 2>&1 || rc=$?; echo $rc; }

small="--widths 300 --iters 5 --quiet"   # n = 100, d = 50: about a second

# --- exit codes. 0: every claim holds at this instance.
rc=$(code "$ovp" verify du2019 $small --out pass --junit pass/junit.xml)
[ "$rc" = 0 ] || bad "a passing run exits $rc, not 0: $(head -c 400 last.log)"
# 4: a step of 100 breaks gradient descent; the claims it breaks (T4.1, C4.1, L3.2)
# are empirical at m = 300, the hypotheses-met ones still hold.
rc=$(code "$ovp" verify du2019 $small --step 100 --out emp --junit emp/junit.xml)
[ "$rc" = 4 ] || bad "an empirical-only FAIL exits $rc, not 4: $(head -c 400 last.log)"
cp last.log emp.log
# 1: a planted output, as the unit tests' negative controls plant them: the flow's
# rate exponent set to 0 in the saved task, whose checksum is redone, so the
# resumed run judges it. P3.L3.3.rate is hypotheses-met (the flow is certified).
cp -r pass met
python3 - met/du2019/ci/tasks/task-000000.txt <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path, 'rb').read()
body = text[:text.rindex(b'sum ')]
body, n = re.subn(rb'(?m)^value flow_exponent .*$', b'value flow_exponent 0x0p+0', body)
assert n == 1, 'no flow_exponent in the task file'
h = 0xcbf29ce484222325                      # FNV-1a 64, as verify/io/digest.c
for b in body:
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
open(path, 'wb').write(body + b'sum %016x\n' % h)
EOF
rc=$(code "$ovp" verify du2019 ${small/--quiet/} --out met --junit met/junit.xml)
[ "$rc" = 1 ] || bad "a hypotheses-met FAIL exits $rc, not 1: $(head -c 400 last.log)"
grep -q "all 1 tasks were already finished" last.log || bad "the planted task was not reused: $(head -c 400 last.log)"
grep -qE "^P3.L3.3.rate +m=300 +hypotheses-met .*FAIL" last.log || bad "P3.L3.3.rate did not FAIL: $(cat last.log)"

# --- the terminal table: margin (a ratio) and slack in columns of their own
grep -qE "^claim +scope +regime +bound +observed +margin +slack +verdict" last.log ||
  bad "no separate margin and slack columns: $(grep -m1 '^claim' last.log)"
# L3.2 at --step 100: a negative observed value, so no ratio ('-') but a slack
grep -qE "^P3.L3.2 +m=300 +empirical +>= +[0-9.e+-]+ +-?[0-9.e+-]+ +- +-[0-9.e+-]+ +FAIL" emp.log ||
  bad "P3.L3.2 at --step 100 does not show margin '-' and a negative slack: $(grep '^P3.L3.2 ' emp.log)"

# --- JUnit against summary.json: one testcase per record, failures and skips as the verdicts
check_junit() { # FILE SUMMARY...
  python3 - "$@" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
path, summaries = sys.argv[1], [json.load(open(p)) for p in sys.argv[2:]]
root = ET.parse(path).getroot()                      # well-formed, or it raises
def fail(msg):
    print('FAIL: %s: %s' % (path, msg)); sys.exit(1)
def xml_text(s):                                      # what XML 1.0 can carry of a note
    return ''.join(c if c in '\t\n' or ord(c) >= 0x20 else '?' for c in s)
if root.tag != 'testsuites': fail('root is <%s>' % root.tag)
suites = root.findall('testsuite')
if len(suites) != len(summaries): fail('%d testsuites for %d summaries' % (len(suites), len(summaries)))
total = {'tests': 0, 'failures': 0, 'skipped': 0}
for suite, s in zip(suites, summaries):
    h, claims = s['harness'], s['claims']
    cases = suite.findall('testcase')
    want = {'tests': len(claims), 'failures': sum(c['verdict'] == 'fail' for c in claims),
            'skipped': sum(c['verdict'] == 'skip' for c in claims)}
    for k, v in want.items():
        if int(suite.get(k)) != v: fail('%s: %s="%s", want %d' % (h, k, suite.get(k), v))
        total[k] += v
    if suite.get('name') != h or suite.get('errors') != '0': fail('suite %s errors %s' % (suite.get('name'), suite.get('errors')))
    if len(cases) != len(claims): fail('%d testcases for %d claims' % (len(cases), len(claims)))
    for case, c in zip(cases, claims):
        name = c['id'] + (' ' + c['scope'] if c['scope'] else '')
        if case.get('classname') != h + '.' + c['regime'] or case.get('name') != name:
            fail('testcase %s / %s for claim %s' % (case.get('classname'), case.get('name'), name))
        f, k = case.find('failure'), case.find('skipped')
        if (f is not None) != (c['verdict'] == 'fail') or (k is not None) != (c['verdict'] == 'skip'):
            fail('%s: verdict %s, failure %s, skipped %s' % (name, c['verdict'], f is not None, k is not None))
        e = f if f is not None else k
        if e is not None and c['note'] and e.get('message') != xml_text(c['note']):
            fail('%s: message %r is not the note %r' % (name, e.get('message'), c['note']))
for k, v in total.items():
    if int(root.get(k)) != v: fail('testsuites %s="%s", want %d' % (k, root.get(k), v))
EOF
}
for d in pass emp met; do
  check_junit $d/junit.xml $d/du2019/ci/summary.json || fails=$((fails + 1))
done
grep -q '<failure' emp/junit.xml || bad "emp/junit.xml has no failure"
[ -z "$(find pass emp met -name '*.tmp.*')" ] || bad "temporary files left: $(find pass emp met -name '*.tmp.*')"
# `ovp table --junit` is the same report from the saved results
"$ovp" table du2019 --results met --junit >table.xml && cmp -s table.xml met/junit.xml ||
  bad "'ovp table du2019 --junit' differs from 'ovp verify --junit'"
# refused: a shard checks no claims; a folder as the file
rc=$(code "$ovp" verify du2019 $small --shard 1/2 --out shard --junit j.xml)
[ "$rc" = 2 ] && grep -q "ovp table NAME --junit" last.log || bad "--junit with --shard: exit $rc, $(cat last.log)"
rc=$(code "$ovp" verify du2019 $small --out x --junit dir/)
[ "$rc" = 2 ] && grep -q "needs a file name" last.log || bad "--junit dir/: exit $rc, $(cat last.log)"

# --- texts that need escaping: a record's scope and note edited in summary.json
# (the manifest covers the CSVs, not the summary), so every format meets them
cp -r emp esc
python3 - esc/du2019/ci/summary.json <<'EOF'
import json, sys
path = sys.argv[1]
s = json.load(open(path))
s['claims'][0]['scope'] = 'a_b %c & d #e $f {g} ~h ^i \\j <k> |l| *m* `n` [o] "p" --q'
s['claims'][1]['note'] = 'note, with "quotes", a comma,\nnew line, tab\t, <tag> & amp, \u03bb, ctrl\u0001 end'
json.dump(s, open(path, 'w'), indent=1)
EOF

# --- ovp table: CSV (RFC 4180), every field as in summary.json
for d in emp esc; do
  "$ovp" table du2019 --results $d --csv >$d.csv || bad "ovp table --csv on $d"
  python3 - $d.csv $d/du2019/ci/summary.json <<'EOF' || fails=$((fails + 1))
import csv, json, math, sys
raw = open(sys.argv[1], 'rb').read()
claims = json.load(open(sys.argv[2]))['claims']
if not raw.endswith(b'\r\n') or not raw.startswith(b'claim,scope,regime,relation,bound,paper_bound,tolerance,observed,margin,slack,verdict,note\r\n'):
    print('FAIL: %s: not CRLF records' % sys.argv[1]); sys.exit(1)
rows = list(csv.reader(open(sys.argv[1], newline='')))
head = 'claim,scope,regime,relation,bound,paper_bound,tolerance,observed,margin,slack,verdict,note'.split(',')
if rows[0] != head: print('FAIL: header', rows[0]); sys.exit(1)
if len(rows) - 1 != len(claims): print('FAIL: %d rows for %d claims' % (len(rows) - 1, len(claims))); sys.exit(1)
for r, c in zip(rows[1:], claims):
    for k, v in zip(head, r):
        w = c.get('id' if k == 'claim' else k)   # paper_bound, tolerance: only in split records
        if k in ('bound', 'paper_bound', 'tolerance', 'observed', 'margin', 'slack'):
            ok = (v == '') if w is None else (v != '' and float(v) == w)   # exact, empty for null
        else:
            ok = v == w
        if not ok: print('FAIL: %s %s: %r, summary %r' % (c['id'], k, v, w)); sys.exit(1)
EOF
done

# --- a split bound (arora2019's P5.L5.3, P5.T5.1) shows its two parts, which sum to it
st=0
"$ovp" verify arora2019 --n 20 --widths 200 --iters 20 --n-test 50 --quiet --out split >/dev/null || st=$?
[ "$st" = 0 ] || [ "$st" = 4 ] || bad "the small arora2019 run exited $st"
"$ovp" table arora2019 --results split --csv >split.csv || bad "ovp table --csv on a split run"
python3 - split.csv <<'EOF' || fails=$((fails + 1))
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
split = [r for r in rows if r['claim'] in ('P5.L5.3', 'P5.T5.1')]
if not split: print('FAIL: no split records'); sys.exit(1)
for r in split:
    if r['paper_bound'] == '' or r['tolerance'] == '': print('FAIL: %s lost its parts' % r['claim']); sys.exit(1)
    if abs(float(r['paper_bound']) + float(r['tolerance']) - float(r['bound'])) > 1e-15 * float(r['bound']):
        print('FAIL: %s: the parts do not sum to the bound' % r['claim']); sys.exit(1)
for r in rows:
    if r['claim'] == 'P5.T4.1' and (r['paper_bound'] or r['tolerance']): print('FAIL: an unsplit bound has parts'); sys.exit(1)
EOF

# --- Markdown: a header, a rule, one row of 11 cells per claim; margin empty where undefined
"$ovp" table du2019 --results esc --markdown >esc.md || bad "ovp table --markdown"
python3 - esc.md esc/du2019/ci/summary.json <<'EOF' || fails=$((fails + 1))
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
claims = json.load(open(sys.argv[2]))['claims']
cells = lambda l: re.split(r'(?<!\\)\|', l)[1:-1]     # unescaped pipes only
if len(lines) != len(claims) + 2: print('FAIL: %d lines for %d claims' % (len(lines), len(claims))); sys.exit(1)
for l in lines:
    if len(cells(l)) != 11: print('FAIL: not 11 cells: %s' % l); sys.exit(1)
for l, c in zip(lines[2:], claims):
    x = [s.strip() for s in cells(l)]
    if (x[8] == '') != (c['margin'] is None): print('FAIL: margin cell %r for %r' % (x[8], c['margin'])); sys.exit(1)
    if (x[10] == '**FAIL**') != (c['verdict'] == 'fail'): print('FAIL: verdict cell %r' % x[10]); sys.exit(1)
EOF

# --- LaTeX: booktabs rules, one row of 11 cells per claim, and it compiles
"$ovp" table du2019 --results esc --latex >esc.tex || bad "ovp table --latex"
n_claims=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["claims"]))' esc/du2019/ci/summary.json)
for rule in toprule midrule bottomrule; do grep -q "^\\\\$rule\$" esc.tex || bad "no \\$rule"; done
[ "$(grep -c ' \\\\$' esc.tex)" = $((n_claims + 1)) ] || bad "esc.tex: not one row per claim plus the header"
grep -q 'a\\_b \\%c \\& d \\#e \\\$f \\{g\\}' esc.tex || bad "scope not escaped: $(grep -m1 'a.b' esc.tex)"
if command -v pdflatex >/dev/null; then
  printf '\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n\\input{esc.tex}\n\\end{document}\n' >doc.tex
  pdflatex -interaction=nonstopmode -halt-on-error doc.tex >pdflatex.log 2>&1 && [ -s doc.pdf ] ||
    bad "the LaTeX table does not compile: $(grep -m3 '^!' pdflatex.log)"
else
  echo "note: pdflatex not installed; the LaTeX table was not compiled"
fi
"$ovp" table du2019 --results esc --junit >esc.xml && check_junit esc.xml esc/du2019/ci/summary.json ||
  bad "the escaped notes break the JUnit report"

# --- bad input: one message naming the cause and the fix, exit 2
expect2() { # PATTERN CMD...
  local pattern=$1 rc; shift
  rc=$(code "$@")
  [ "$rc" = 2 ] && grep -qE -- "$pattern" last.log || bad "'$*' -> exit $rc (want 2 and '$pattern'): $(cat last.log)"
}
expect2 "no results in nowhere/du2019/ci .*run 'ovp verify du2019 --scale ci --out nowhere'" "$ovp" table du2019 --results nowhere --csv
expect2 "no results in emp/du2019/paper" "$ovp" table du2019 --results emp --scale paper --csv
mkdir -p wrong && cp -r emp/du2019 wrong/arora2019
expect2 "holds a run of du2019 at scale ci, not of arora2019" "$ovp" table arora2019 --results wrong --markdown
expect2 "unknown harness 'nope'" "$ovp" table nope --csv
expect2 "give a format: --latex, --markdown, --csv or --junit" "$ovp" table du2019 --results emp
expect2 "give one format, not several" "$ovp" table du2019 --results emp --csv --latex
expect2 "give one harness NAME" "$ovp" table --csv
echo "0,0" >>esc/du2019/ci/trace.csv
expect2 "trace.csv does not match summary.json" "$ovp" table du2019 --results esc --csv
rc=$(code "$ovp" table --help)
[ "$rc" = 0 ] && grep -q "margin   bound/observed" last.log && grep -q -- "--latex" last.log || bad "ovp table --help"
grep -q "table" <("$ovp" --help) || bad "'ovp --help' does not list table"

echo "table_junit: $fails failed"
[ "$fails" -eq 0 ]
