#!/usr/bin/env python3
"""Counts every test case in one or more meson testlog.json files.

meson 1.0 reports one result per test program; our GTest programs speak TAP,
so each subtest is a test case. A TAP program contributes its `ok` /
`not ok` lines (`# SKIP` counts as skipped); a plan line announcing more
cases than were reported (a crash mid-way) counts the missing ones as
failed; a program that failed without any `not ok` (crash, timeout) counts
one failure. A non-TAP test (the data validators, the fuzz run) is one case.

Prints one line per log, then the summary `N passed, N failed, N skipped`.
Exit status 1 when anything failed.
"""
import json
import re
import sys

RESULT = re.compile(r'^(not ok|ok)\b(.*)$')
PLAN = re.compile(r'^1\.\.(\d+)')


def count(path):
    passed = failed = skipped = 0
    failures = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            if not line.strip():
                continue
            test = json.loads(line)
            out = test.get('stdout') or ''
            result = test.get('result', 'FAIL')
            plan = None
            t_pass = t_fail = t_skip = 0
            tap = False
            for l in out.splitlines():
                m = PLAN.match(l)
                if m and plan is None:
                    plan = int(m.group(1))
                    tap = True
                    continue
                m = RESULT.match(l)
                if not m:
                    continue
                tap = True
                rest = m.group(2)
                if re.search(r'#\s*SKIP', rest, re.I):
                    t_skip += 1
                elif m.group(1) == 'ok':
                    t_pass += 1
                else:
                    t_fail += 1
                    failures.append('%s:%s' % (test['name'], rest.strip()))
            if not tap:
                if result in ('OK', 'EXPECTEDFAIL'):
                    t_pass = 1
                elif result == 'SKIP':
                    t_skip = 1
                else:
                    t_fail = 1
                    failures.append('%s: %s' % (test['name'], result))
            else:
                seen = t_pass + t_fail + t_skip
                if plan is not None and seen < plan:
                    t_fail += plan - seen
                    failures.append('%s: %d of %d cases never reported (%s)'
                                    % (test['name'], plan - seen, plan, result))
                elif result not in ('OK', 'SKIP', 'EXPECTEDFAIL') and t_fail == 0:
                    t_fail += 1
                    failures.append('%s: %s' % (test['name'], result))
            passed += t_pass
            failed += t_fail
            skipped += t_skip
    return passed, failed, skipped, failures


def main(paths):
    total = [0, 0, 0]
    for path in paths:
        p, f, s, failures = count(path)
        print('%s: %d passed, %d failed, %d skipped' % (path, p, f, s))
        for name in failures:
            print('  FAILED %s' % name)
        total = [total[0] + p, total[1] + f, total[2] + s]
    print('%d passed, %d failed, %d skipped' % tuple(total))
    return 1 if total[1] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
