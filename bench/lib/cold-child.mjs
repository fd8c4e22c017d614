// Child process: a fresh Node importing one client and making its first
// files.list(). Argument: JSON {who: 'ours'|'openai'|'floor', baseURL, pkg, count}.
// Prints performance.now() (ms since this process started) at each step.
const startedAt = performance.now();
const { who, baseURL, pkg, count } = JSON.parse(process.argv[2]);
const apiKey = 'sk-bench-key';

let list;
if (who === 'ours') {
  const { Moonshot } = await import(pkg);
  const client = new Moonshot({ apiKey, baseURL, maxRetries: 0 });
  list = () => client.files.list();
} else if (who === 'openai') {
  const { OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0 });
  list = () => client.files.list();
} else {
  list = async () => (await fetch(`${baseURL}/files`, { headers: { authorization: `Bearer ${apiKey}` } })).json();
}
const importedAt = performance.now();
const page = await list();
const answeredAt = performance.now();
if (page.data.length !== count) throw new Error(`${who}: ${page.data.length} files, not ${count}`);
process.stdout.write(JSON.stringify({ startedAt, importedAt, answeredAt }));
