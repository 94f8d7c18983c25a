#!/usr/bin/env python3
"""Translation checks, run by meson test (suite po).

  check-po.py pot SRCDIR POT XGETTEXT [XGETTEXT ARGS...]
      Regenerates the template into a temporary file with the arguments the
      batch-calls-pot target uses (po/meson.build passes the same list to
      both) and fails when xgettext warns or when its messages differ from
      the committed POT, naming every message added or removed. `ninja -C _build
      batch-calls-pot` refreshes the committed file.

  check-po.py linguas PODIR MSGFMT
      Every language in LINGUAS compiles with `msgfmt --check` and
      translates every message of the committed template: none missing,
      none fuzzy, none empty.

  check-po.py potfiles SRCDIR
      Every file under src/ and data/ with a translatable string is listed
      in POTFILES.in, and every listed file exists.

Messages are compared as (msgctxt, msgid, msgid_plural); the header and the
source references do not matter.
"""
import os
import re
import subprocess
import sys
import tempfile

ESCAPES = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': '\r', 'a': '\a'}


def unquote(text):
    body = text.strip()[1:-1]
    return re.sub(r'\\(.)', lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


class Entry:
    def __init__(self):
        self.fields = {}
        self.fuzzy = False
        self.obsolete = False

    def key(self):
        return (self.fields.get('msgctxt'), self.fields.get('msgid', ''),
                self.fields.get('msgid_plural'))

    def translations(self):
        return [v for k, v in self.fields.items() if k.startswith('msgstr')]


def parse_po(path):
    """The entries of a PO/POT file, without its header, by key."""
    entries = {}
    entry = Entry()
    current = None

    def finish():
        nonlocal entry
        if 'msgid' in entry.fields and entry.fields['msgid'] != '' \
           and not entry.obsolete:
            entries[entry.key()] = entry
        entry = Entry()

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                finish()
                current = None
                continue
            if line.startswith('#~'):
                entry.obsolete = True
                continue
            if line.startswith('#,'):
                flags = [w.strip() for w in line[2:].split(',')]
                entry.fuzzy = entry.fuzzy or 'fuzzy' in flags
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$',
                         line)
            if m:
                # A new msgctxt/msgid after a msgstr starts the next entry
                # even without a blank line between them.
                if m.group(1) in ('msgctxt', 'msgid') and \
                   any(k.startswith('msgstr') for k in entry.fields):
                    finish()
                current = m.group(1)
                entry.fields[current] = unquote(m.group(2))
            elif line.startswith('"') and current:
                entry.fields[current] += unquote(line)
    finish()
    return entries


def describe(key):
    ctxt, msgid, plural = key
    text = repr(msgid)
    if plural is not None:
        text += ' / ' + repr(plural)
    if ctxt is not None:
        text = '[%s] %s' % (ctxt, text)
    return text


def check_pot(srcdir, pot, xgettext, args):
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, 'fresh.pot')
        cmd = [xgettext, '--package-name=batch-calls',
               '-f', os.path.join(srcdir, 'po', 'POTFILES.in'),
               '-D', srcdir, '-k_', '-o', fresh] + args
        run = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            print(run.stderr)
            return 1
        want = set(parse_po(fresh))
    # xgettext warns when a message is not what the code prints, e.g. a
    # G_GINT64_FORMAT it cannot expand (the msgid stops at the macro).
    if 'warning' in run.stderr:
        print(run.stderr)
        print('xgettext warns about the sources: fix the strings above')
        return 1
    have = set(parse_po(pot))
    added = sorted(want - have, key=describe)
    removed = sorted(have - want, key=describe)
    for key in added:
        print('not in the committed template:', describe(key))
    for key in removed:
        print('no longer in the sources:', describe(key))
    if added or removed:
        print('%s is out of date (%d new, %d gone): run ninja -C _build batch-calls-pot'
              % (os.path.relpath(pot, srcdir), len(added), len(removed)))
        return 1
    print('%d messages, template up to date' % len(want))
    return 0


def read_linguas(podir):
    langs = []
    with open(os.path.join(podir, 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0]
            langs += line.split()
    return langs


def check_linguas(podir, msgfmt):
    template = parse_po(os.path.join(podir, 'batch-calls.pot'))
    langs = read_linguas(podir)
    failed = 0
    for lang in langs:
        path = os.path.join(podir, lang + '.po')
        if not os.path.exists(path):
            print('%s: listed in LINGUAS but %s.po is missing' % (lang, lang))
            failed += 1
            continue
        check = subprocess.run([msgfmt, '--check', '-o', os.devnull, path])
        problems = []
        if check.returncode != 0:
            problems.append('msgfmt --check fails')
        entries = parse_po(path)
        for key in template:
            e = entries.get(key)
            if e is None:
                problems.append('missing: ' + describe(key))
            elif e.fuzzy:
                problems.append('fuzzy: ' + describe(key))
            elif not e.translations() or not all(e.translations()):
                problems.append('untranslated: ' + describe(key))
        for p in problems:
            print('%s: %s' % (lang, p))
        if problems:
            failed += 1
        else:
            print('%s: complete, %d messages' % (lang, len(template)))
    if not langs:
        print('no languages in LINGUAS yet')
    return 1 if failed else 0


# What marks a translatable string in our sources: gettext calls in C,
# translatable properties in GtkBuilder files. The desktop file, metainfo
# and schema are translated through their ITS rules, so they are listed
# whenever they exist.
MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dpgettext2|g_dngettext|'
                     r'ngettext|dngettext|pgettext)\s*\(|translatable="yes"')
DATA_SUFFIXES = ('.desktop.in', '.metainfo.xml.in', '.gschema.xml')


def check_potfiles(srcdir):
    listed = []
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.append(line)
    needed = set()
    for top in ('src', 'data'):
        for dirpath, _dirs, files in os.walk(os.path.join(srcdir, top)):
            for name in files:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, srcdir)
                if name.endswith(DATA_SUFFIXES):
                    needed.add(rel)
                elif name.endswith(('.c', '.h', '.ui')):
                    with open(path, encoding='utf-8', errors='replace') as src:
                        if MARKERS.search(src.read()):
                            needed.add(rel)
    problems = 0
    for rel in sorted(needed - set(listed)):
        print('has translatable strings but is not in po/POTFILES.in:', rel)
        problems += 1
    for rel in listed:
        if not os.path.exists(os.path.join(srcdir, rel)):
            print('listed in po/POTFILES.in but does not exist:', rel)
            problems += 1
    if listed != sorted(listed):
        print('po/POTFILES.in is not sorted')
        problems += 1
    if not problems:
        print('%d files with translatable strings, all listed' % len(needed))
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 5 and argv[1] == 'pot':
        return check_pot(argv[2], argv[3], argv[4], argv[5:])
    if len(argv) == 4 and argv[1] == 'linguas':
        return check_linguas(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == 'potfiles':
        return check_potfiles(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
