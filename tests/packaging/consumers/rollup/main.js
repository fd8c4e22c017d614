// A page bundled by Rollup 4 with @rollup/plugin-node-resolve only.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probePage } from './probe.mjs';

probePage({ Moonshot, AuthenticationError });
