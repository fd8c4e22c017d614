#!/usr/bin/env node
// The `moonshot-files` command. It lives in ../cli/ and uses the very package
// it ships in (../index.mjs), never another installed copy.
import { main } from '../cli/main.js';

process.exitCode = await main(process.argv.slice(2));
