// A page bundled by esbuild for the browser, as a classic script (the
// default iife format) and as an ES module (--format=esm).
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probePage } from './probe.mjs';

probePage({ Moonshot, AuthenticationError });
