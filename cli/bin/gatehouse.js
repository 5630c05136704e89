#!/usr/bin/env node
'use strict';
// The compiled CLI (npm builds it when the package is installed: the `prepare` script).
require('../dist/main.js').run(process.argv);
