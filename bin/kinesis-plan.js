#!/usr/bin/env node
// Stack traces under --debug point into src/ through the bundle's source maps, which Node reads only when asked to
// before the bundle loads (hence the dynamic import). Without --debug no map is read.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await import('../dist/cli/main.js');
