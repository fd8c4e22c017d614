// A module worker with no bundler: the package's ES module entry by its
// path from the site's root (the page itself imports it relative to the page).
import { Moonshot, AuthenticationError } from '/node_modules/moonshot-files/index.js';
import { answerProbes } from './probe.mjs';

answerProbes({ Moonshot, AuthenticationError });
