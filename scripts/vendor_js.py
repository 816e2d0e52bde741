#!/usr/bin/env python3
"""Check (or fetch) the JavaScript libraries the HTML view inlines, against the npm registry.

    python3 scripts/vendor_js.py            # fetch each pinned package with npm and compare
    python3 scripts/vendor_js.py --update   # write the files (after changing a version in vendor.json)

`src/newskb/data/vendor/vendor.json` pins each package: its version, the file of the package the
page inlines, npm's integrity of the package tarball and the SHA-256 of that file. The check
fetches the exact version with `npm pack`, verifies the tarball against the pinned integrity, and
the committed file and licence against the tarball's, byte for byte.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "newskb" / "data" / "vendor"


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(name: str, version: str, folder: Path) -> bytes:
    out = subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=folder, capture_output=True,
                         text=True, check=True).stdout.split()[-1]
    return (folder / out).read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the files and their hashes into vendor.json")
    args = parser.parse_args()
    manifest_path = VENDOR / "vendor.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, pin in manifest["packages"].items():
            tarball = fetch(name, pin["version"], Path(tmp))
            if not args.update and integrity(tarball) != pin["integrity"]:
                print(f"{name}@{pin['version']}: the registry's tarball is not the pinned one")
                failed = True
                continue
            path = Path(tmp) / f"{name}.tgz"
            path.write_bytes(tarball)
            with tarfile.open(path) as archive:
                files = {f"package/{pin['file']}": pin["saved_as"], f"package/{pin['license']}": pin["license_as"]}
                for member, saved in files.items():
                    data = archive.extractfile(member).read()
                    if args.update:
                        (VENDOR / saved).write_bytes(data)
                    elif (VENDOR / saved).read_bytes() != data:
                        print(f"{name}@{pin['version']}: {saved} differs from the package's {member}")
                        failed = True
            saved_hash = hashlib.sha256((VENDOR / pin["saved_as"]).read_bytes()).hexdigest()
            if args.update:
                pin["integrity"], pin["sha256"] = integrity(tarball), saved_hash
            elif saved_hash != pin["sha256"]:
                print(f"{name}@{pin['version']}: {pin['saved_as']} does not have the pinned SHA-256")
                failed = True
            else:
                print(f"{name}@{pin['version']}: {pin['saved_as']} matches the registry ({saved_hash[:16]}…)")
    if args.update:
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
