#!/usr/bin/env node
// The `moonshot-files` command (a helper is writing it; see issue 12, item 4).
console.error('moonshot-files: not built yet');
process.exit(2);
