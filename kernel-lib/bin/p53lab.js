#!/usr/bin/env node
"use strict";
require("../dist/cli/main").main(process.argv).then((code) => process.exit(code));
