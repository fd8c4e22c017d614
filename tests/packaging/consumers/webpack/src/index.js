// A page bundled by webpack 5 with no configuration file: src/index.js in,
// dist/main.js out.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probePage } from '../probe.mjs';

probePage({ Moonshot, AuthenticationError });
