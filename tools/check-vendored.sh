#!/usr/bin/env bash
# Checks that the page's vendored QR encoder is exactly the file the npm registry publishes: fetches the package
# with `npm pack` (the registry checks its sha512 integrity), compares the registry integrity with the one recorded
# below, then the sha256 of its dist/qrcode.mjs with the recorded one and with the vendored copy.
# --update copies the fetched file over the vendored one (then update the hashes here and in vendor/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=qrcode-generator
VERSION=2.0.4
INTEGRITY='sha512-mZSiP6RnbHl4xL2Ap5HfkjLnmxfKcPWpWe/c+5XxCuetEenqmNFf1FH/ftXPCtFG5/TDobjsjz6sSNL0Sr8Z9g=='
SHA256=ea91d7118a5395289170da848b7c6758b996163bfbccf312591ab65a4911b7c0
VENDORED=server/src/main/resources/web/assets/vendor/qrcode-generator/qrcode.mjs

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
got_integrity=$(cd "$tmp" && npm view "$PACKAGE@$VERSION" dist.integrity)
tar -xzf "$tmp/$PACKAGE-$VERSION.tgz" -C "$tmp"
fetched="$tmp/package/dist/qrcode.mjs"
got=$(sha256sum "$fetched" | cut -d' ' -f1)

if [ "${1:-}" = "--update" ]; then
  cp "$fetched" "$VENDORED"
  echo "copied $PACKAGE@$VERSION dist/qrcode.mjs (sha256 $got, integrity $got_integrity) to $VENDORED"
  exit 0
fi

fail=0
[ "$got_integrity" = "$INTEGRITY" ] || { echo "registry integrity of $PACKAGE@$VERSION is $got_integrity, recorded $INTEGRITY"; fail=1; }
[ "$got" = "$SHA256" ] || { echo "dist/qrcode.mjs of $PACKAGE@$VERSION has sha256 $got, recorded $SHA256"; fail=1; }
cmp -s "$fetched" "$VENDORED" || { echo "$VENDORED is not the published dist/qrcode.mjs of $PACKAGE@$VERSION"; fail=1; }
[ $fail -eq 0 ] && echo "ok: $VENDORED is $PACKAGE@$VERSION dist/qrcode.mjs (sha256 $SHA256)"
exit $fail
