#!/usr/bin/env python3
"""Packaging checks, run by meson test (suite packaging).

  check-packaging.py flatpak MANIFEST
      `flatpak-builder --show-manifest` with G_DEBUG=fatal-warnings, so an
      unknown key or a value of the wrong type fails. Skipped (77) only when
      flatpak-builder is not installed.

  check-packaging.py names SRCDIR MANIFEST DESKTOP METAINFO APP_ID BINARY
      The manifest's id and command, the desktop file, the metainfo, the
      icons and the schema all name the same app and the same binary; the
      sandbox gets nothing beyond the finish-args the packaging issue lists.

  check-packaging.py metainfo APPSTREAMCLI METAINFO
      `appstreamcli validate --no-net --pedantic`: any issue fails except
      the few listed in ACCEPTED, each with its reason.

  check-packaging.py install MESON BUILDDIR PREFIX BINDIR DATADIR LOCALEDIR PODIR APP_ID
      `meson install --destdir` into a temporary directory and checks that
      the tree holds everything a user or a packager needs.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77

# The only sandbox permissions the app needs (issue 8). Files arrive through
# the file chooser and document portals, the token through the Secret
# portal, so no --filesystem and no --talk-name.
FINISH_ARGS = ['--share=ipc', '--socket=wayland', '--socket=fallback-x11',
               '--device=dri', '--share=network']

# appstreamcli issues accepted, by (tag, hint); None matches any hint.
ACCEPTED = {
    # The app id is reverse DNS with the product's capitals, fixed by the
    # store, the schema and the resource paths.
    ('cid-contains-uppercase-letter', None): 'the app id is fixed',
    # AppStream 0.16 (Debian 12) predates <developer>; 1.0 requires it.
    ('unknown-tag', 'developer'): '<developer> is AppStream 1.0',
    # AppStream 1.0 deprecates the <developer_name> kept for 0.16 readers.
    ('developer-name-tag-deprecated', None): 'kept for AppStream 0.16',
}


class Checker:
    def __init__(self):
        self.problems = []

    def expect(self, ok, message):
        if not ok:
            self.problems.append(message)

    def finish(self, what):
        for p in self.problems:
            print('FAIL:', p)
        if self.problems:
            return 1
        print('ok:', what)
        return 0


def check_flatpak(manifest):
    builder = shutil.which('flatpak-builder')
    if builder is None:
        print('flatpak-builder is not installed: skipped')
        return SKIP
    env = dict(os.environ, G_DEBUG='fatal-warnings')
    run = subprocess.run([builder, '--show-manifest', manifest], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        print(run.stderr)
        print('flatpak-builder rejects %s (exit %d)' % (manifest, run.returncode))
        return 1
    print('ok: flatpak-builder reads the manifest without a warning')
    return 0


def desktop_entry(path):
    keys = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^([A-Za-z]+)=(.*)$', line.strip())
            if m:
                keys[m.group(1)] = m.group(2)
    return keys


def check_names(srcdir, manifest_path, desktop, metainfo, app_id, binary):
    c = Checker()
    with open(manifest_path, encoding='utf-8') as f:
        manifest = json.load(f)
    c.expect(manifest.get('id') == app_id,
             'manifest id %r, expected %r' % (manifest.get('id'), app_id))
    c.expect(manifest.get('command') == binary,
             'manifest command %r, the installed binary is %r'
             % (manifest.get('command'), binary))
    c.expect(manifest.get('finish-args') == FINISH_ARGS,
             'finish-args %r, expected exactly %r' % (manifest.get('finish-args'), FINISH_ARGS))
    app = manifest.get('modules', [{}])[-1]
    c.expect(app.get('buildsystem') == 'meson' and app.get('run-tests') is True,
             'the last module must be the app, built with meson, run-tests true')
    c.expect('-Dui_tests=false' in app.get('config-opts', []),
             'the app module must pass -Dui_tests=false (no display in flatpak-builder)')

    c.expect(os.path.basename(desktop) == app_id + '.desktop',
             'desktop file %s, expected %s.desktop' % (os.path.basename(desktop), app_id))
    entry = desktop_entry(desktop)
    exec_line = entry.get('Exec', '').split()
    c.expect(exec_line[:1] == [binary],
             'desktop Exec=%r does not start the binary %r' % (entry.get('Exec'), binary))
    c.expect(entry.get('Icon') == app_id,
             'desktop Icon=%r, expected %r' % (entry.get('Icon'), app_id))

    root = ET.parse(metainfo).getroot()
    c.expect(root.findtext('id') == app_id,
             'metainfo id %r, expected %r' % (root.findtext('id'), app_id))
    c.expect(root.findtext("launchable[@type='desktop-id']") == app_id + '.desktop',
             'metainfo launchable %r, expected %s.desktop'
             % (root.findtext("launchable[@type='desktop-id']"), app_id))
    binaries = [b.text for b in root.findall('provides/binary')]
    c.expect(binary in binaries,
             'metainfo provides %r, not the binary %r' % (binaries, binary))
    shots = root.findall('screenshots/screenshot/image')
    c.expect(len(shots) >= 3, 'metainfo has %d screenshots, at least 3 wanted' % len(shots))
    for image in shots:
        url = image.text or ''
        name = url.rsplit('/', 1)[-1]
        c.expect(url.startswith('https://'), 'screenshot %r is not https' % url)
        c.expect(os.path.exists(os.path.join(srcdir, 'data', 'screenshots', name)),
                 'screenshot %r is not committed under data/screenshots/' % url)

    icons = os.path.join(srcdir, 'data', 'icons', 'hicolor')
    for rel in ('scalable/apps/%s.svg' % app_id, 'symbolic/apps/%s-symbolic.svg' % app_id):
        c.expect(os.path.exists(os.path.join(icons, rel)), 'icon %s is missing' % rel)

    schema = ET.parse(os.path.join(srcdir, 'data', app_id + '.gschema.xml')).getroot()
    ids = [s.get('id') for s in schema.findall('schema')]
    c.expect(app_id in ids, 'no GSettings schema %r in %r' % (app_id, ids))
    return c.finish('%s: manifest, desktop file, metainfo, icons and schema agree' % app_id)


def check_metainfo(appstreamcli, metainfo):
    run = subprocess.run([appstreamcli, 'validate', '--no-net', '--pedantic',
                          '--format=yaml', metainfo],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(run.stdout)
    c = Checker()
    issue = None
    issues = []
    for line in run.stdout.splitlines():
        m = re.match(r'^- tag: (\S+)', line)
        if m:
            issue = {'tag': m.group(1)}
            issues.append(issue)
            continue
        m = re.match(r'^  (hint|severity|line): (.*)$', line)
        if m and issue is not None:
            issue[m.group(1)] = m.group(2).strip()
    for i in issues:
        accepted = (i['tag'], i.get('hint')) in ACCEPTED or (i['tag'], None) in ACCEPTED
        c.expect(accepted, '%s issue %s (%s) at line %s' % (i.get('severity'), i['tag'],
                                                             i.get('hint', ''), i.get('line', '?')))
    c.expect(run.returncode == 0, 'appstreamcli validate exits %d' % run.returncode)
    return c.finish('metainfo valid, pedantic (accepted: %d)' % len(issues))


def read_linguas(podir):
    with open(os.path.join(podir, 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f for w in line.split('#', 1)[0].split()]


def check_install(meson, builddir, prefix, bindir, datadir, localedir, podir, app_id):
    c = Checker()
    with tempfile.TemporaryDirectory() as destdir:
        run = subprocess.run([meson, 'install', '-C', builddir, '--no-rebuild',
                              '--quiet', '--destdir', destdir],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if run.returncode != 0:
            print(run.stdout)
            print('meson install failed (exit %d)' % run.returncode)
            return 1
        root = os.path.join(destdir, prefix.lstrip('/'))

        def has(rel, executable=False):
            path = os.path.join(root, rel)
            ok = os.path.isfile(path) and (not executable or os.access(path, os.X_OK))
            c.expect(ok, 'not installed: %s' % os.path.join(prefix, rel))

        for name in ('batch-calls', 'batch-calls-cli', 'uponai-sandbox'):
            has(os.path.join(bindir, name), executable=True)
        share = datadir
        has(os.path.join(share, 'applications', app_id + '.desktop'))
        has(os.path.join(share, 'metainfo', app_id + '.metainfo.xml'))
        has(os.path.join(share, 'glib-2.0', 'schemas', app_id + '.gschema.xml'))
        has(os.path.join(share, 'icons', 'hicolor', 'scalable', 'apps', app_id + '.svg'))
        has(os.path.join(share, 'icons', 'hicolor', 'symbolic', 'apps',
                         app_id + '-symbolic.svg'))
        has(os.path.join(share, 'batch-calls', 'batch-call-template.csv'))
        langs = read_linguas(podir)
        for lang in langs:
            has(os.path.join(localedir, lang, 'LC_MESSAGES', 'batch-calls.mo'))
        for dirpath, _dirs, files in sorted(os.walk(root)):
            for name in sorted(files):
                print(os.path.relpath(os.path.join(dirpath, name), destdir))
    return c.finish('meson install: binaries, data files, icons and %d translations'
                    % len(langs))


def main(argv):
    cmd, args = (argv[1], argv[2:]) if len(argv) > 1 else (None, [])
    if cmd == 'flatpak' and len(args) == 1:
        return check_flatpak(*args)
    if cmd == 'names' and len(args) == 6:
        return check_names(*args)
    if cmd == 'metainfo' and len(args) == 2:
        return check_metainfo(*args)
    if cmd == 'install' and len(args) == 8:
        return check_install(*args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
