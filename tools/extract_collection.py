#!/usr/bin/env python
"""Extract one collection from a wheel of the ``ansible`` community package.

Galaxy is not reachable from this project's machines, so dependencies such as ``amazon.aws``
are taken from the ``ansible`` package on PyPI, whose wheel ships every included collection
under ``ansible_collections/<namespace>/<name>/``.

Usage::

    extract_collection.py WHEEL NAMESPACE.NAME EXPECTED_VERSION DEST_COLLECTIONS_DIR

writes ``DEST_COLLECTIONS_DIR/ansible_collections/<namespace>/<name>/`` (replacing any previous
copy) and fails if the collection's MANIFEST.json does not report EXPECTED_VERSION.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile


def main():
    """Extract the requested collection and check its version."""
    if len(sys.argv) != 5:
        sys.exit('usage: %s WHEEL NAMESPACE.NAME EXPECTED_VERSION DEST_COLLECTIONS_DIR' % os.path.basename(sys.argv[0]))

    wheel, fqcn, expected_version, dest_root = sys.argv[1:]
    namespace, name = fqcn.split('.')
    prefix = 'ansible_collections/%s/%s/' % (namespace, name)
    dest = os.path.join(dest_root, 'ansible_collections', namespace, name)
    staging = dest + '.partial'

    with zipfile.ZipFile(wheel) as archive:
        members = [item for item in archive.infolist() if item.filename.startswith(prefix) and not item.is_dir()]

        if not members:
            sys.exit('%s: no %s collection found in %s' % (sys.argv[0], fqcn, wheel))

        manifest = json.loads(archive.read(prefix + 'MANIFEST.json'))
        version = manifest['collection_info']['version']

        if version != expected_version:
            sys.exit('%s: %s in %s is %s, expected %s' % (sys.argv[0], fqcn, wheel, version, expected_version))

        shutil.rmtree(staging, ignore_errors=True)

        for item in members:
            target = os.path.join(staging, item.filename[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)

            with archive.open(item) as src, open(target, 'wb') as dst:
                shutil.copyfileobj(src, dst)

    shutil.rmtree(dest, ignore_errors=True)
    os.rename(staging, dest)
    print('extracted %s %s (%d files) from %s into %s' % (fqcn, version, len(members), os.path.basename(wheel), dest))


if __name__ == '__main__':
    main()
