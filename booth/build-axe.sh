#!/bin/sh
# Copy axe-core (the accessibility checker the browser tests run on every page) from the
# pinned npm package into tests/e2e/vendor/axe.min.js. The output file is committed, like
# the booth's noble.js, so the tests need neither node nor the network.
# Usage: sh booth/build-axe.sh   (needs node and npm)
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
out=../tests/e2e/vendor/axe.min.js
version=$(node -p 'require("./node_modules/axe-core/package.json").version')
mkdir -p "$(dirname "$out")"
{
  printf '/*! Copied by booth/build-axe.sh from axe-core %s (MPL-2.0, Deque Systems). Do not edit. */\n' "$version"
  cat node_modules/axe-core/axe.min.js
} > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
