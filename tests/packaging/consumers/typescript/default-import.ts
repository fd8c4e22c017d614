// `import Moonshot from 'moonshot-files'`, openai-node's habit: the default
// export is the class, in Node's ESM entry (index.mjs, which exports it at
// run time) and in the types tsc reads under node16.
import Moonshot from 'moonshot-files';

export const client: Moonshot = new Moonshot({ apiKey: 'sk-example' });
