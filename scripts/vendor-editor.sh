#!/bin/sh
# Fetch the SPARQL query editor (YASGUI, the maintained @zazuko fork) from the npm registry and
# copy its minified bundle, stylesheet and licence notices into src/roto/web/static/yasgui/,
# so that the endpoint's query page loads nothing from a CDN. Reproducible: the version and the
# tarball's integrity hash are pinned here and checked before anything is copied.
#
# The tarball holds no LICENSE file (package.json says "MIT", author Triply, contributors
# Zazuko GmbH), so LICENSE is written from those fields with the MIT text, and
# THIRD-PARTY-NOTICES lists every package bundled into the script (read from its source map)
# with the licence comment its source carries.
#
# Usage: scripts/vendor-editor.sh   (needs npm, node, openssl; run from anywhere)
set -eu
PACKAGE=@zazuko/yasgui
VERSION=4.6.2
INTEGRITY=sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/src/roto/web/static/yasgui"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "$PACKAGE@$VERSION" >/dev/null
TARBALL=$(ls ./*.tgz)
ACTUAL="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | openssl base64 -A)"
if [ "$ACTUAL" != "$INTEGRITY" ]; then
    echo "vendor-editor: $PACKAGE@$VERSION integrity $ACTUAL, expected $INTEGRITY" >&2
    exit 1
fi
tar xzf "$TARBALL"

mkdir -p "$OUT.new"
cp package/build/yasgui.min.js package/build/yasgui.min.css "$OUT.new/"
node - package "$OUT.new" "$PACKAGE" "$VERSION" "$INTEGRITY" <<'JS'
const fs = require("fs");
const [dir, out, name, version, integrity] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(`${dir}/package.json`, "utf8"));
const holders = [pkg.author, ...(pkg.contributors || []).map((c) => c.name || c)].join(", ");
if (pkg.license !== "MIT") throw new Error(`${name} is now licensed ${pkg.license}; review before vendoring`);
fs.writeFileSync(`${out}/LICENSE`, `${name} ${version} (${pkg.homepage}), licensed "MIT" by its package.json.
Copyright (c) ${holders}
npm tarball integrity: ${integrity}

The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
`);
const map = JSON.parse(fs.readFileSync(`${dir}/build/yasgui.min.js.map`, "utf8"));
const notices = new Map();
map.sources.forEach((source, i) => {
  const found = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (!found) return;
  const text = (map.sourcesContent || [])[i] || "";
  const comment = (text.match(/\/\*[\s\S]*?\*\//g) || []).find((c) => /licen[cs]e|copyright|\(c\)/i.test(c));
  if (!notices.has(found[1]) || (!notices.get(found[1]) && comment)) notices.set(found[1], comment || "");
});
const body = [...notices].sort(([a], [b]) => a.localeCompare(b)).map(([p, c]) =>
  `== ${p}\n${c || "(its bundled source carries no licence comment; see the package on npm)"}\n`).join("\n");
fs.writeFileSync(`${out}/THIRD-PARTY-NOTICES`,
  `Packages bundled into yasgui.min.js (${name} ${version}), from its source map, with the licence comment of each.\n\n${body}`);
JS
rm -rf "$OUT"
mv "$OUT.new" "$OUT"
echo "vendor-editor: $PACKAGE@$VERSION in $OUT"
