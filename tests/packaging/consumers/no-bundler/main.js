// A page with no bundler: the browser loads the package's ES module entry by
// its path, served as it was installed. The probe runs on the page, or
// (?in=worker) in a module worker that imports the package the same way.
import { Moonshot, AuthenticationError } from './node_modules/moonshot-files/index.js';
import { probePage } from './probe.mjs';

probePage({ Moonshot, AuthenticationError }, () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
