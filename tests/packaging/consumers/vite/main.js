// A page built by Vite with no configuration. The probe runs on the page, or
// (?in=worker) in a module worker built with Vite's default worker.format.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probePage } from './probe.mjs';

probePage({ Moonshot, AuthenticationError }, () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
