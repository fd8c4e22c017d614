// Must NOT compile: a Purpose is a string. If the package's types were `any`
// (or missing), tsc would accept this file, and the test says so.
import type { Purpose } from 'moonshot-files';

export const purpose: Purpose = 42;
