// A CommonJS TypeScript user (node16 only): `import = require` takes the types
// through the "require" condition.
import moonshot = require('moonshot-files');

const client = new moonshot.Moonshot({ apiKey: 'sk-example' });

export const names: Promise<string[]> = client.files
  .list()
  .then((list: moonshot.FileList) => list.data.map((file: moonshot.FileObject) => file.filename));

export function statusOf(err: unknown): number | undefined {
  return err instanceof moonshot.AuthenticationError ? err.status : undefined;
}
