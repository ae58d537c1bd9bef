#!/usr/bin/env node
// CommonJS (bin/package.json), as is the module it loads: Node starts a CommonJS entry faster than an ES module (see
// src/cli/main.ts).
// Stack traces under --debug point into src/ through the bundle's source maps, which Node reads only when asked to
// before the bundle loads. Without --debug no map is read.
'use strict';
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
require('../dist/cli/main.cjs');
