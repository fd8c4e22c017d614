// Child process for profile.mjs: one contender's files.list(), over and
// over, under --cpu-prof. Argument: JSON {origin, pkg, who, count, runs}.
import { hasFiles, listContenders } from './contenders.mjs';

const { origin, pkg, who, count, runs } = JSON.parse(process.argv[2]);
const { Moonshot } = await import(pkg);
const { OpenAI } = await import('openai');
const { call } = listContenders({ baseURL: `${origin}/n${count}/v1`, Moonshot, OpenAI }).find((c) => c.name === who);
const check = hasFiles(count);
const times = [];
for (let i = 0; i < runs + 2; i++) {
  const t0 = performance.now();
  if (!check(await call())) throw new Error(`${who} gave a wrong answer`);
  if (i >= 2) times.push(performance.now() - t0);
}
process.stdout.write(JSON.stringify({ times }));
