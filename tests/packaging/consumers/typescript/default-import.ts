// Node's ESM entry (node/index.mjs) has no default export: `import m from
// 'moonshot-files'` throws a SyntaxError at run time. So under node16 tsc must
// refuse it too, making this @ts-expect-error used (the ESM types, index.d.mts,
// have no default export where CommonJS-flavoured ones would allow one).
// @ts-expect-error: the package has no default export
import moonshot from 'moonshot-files';

void moonshot;
