// A server component on the Node runtime. new Moonshot() reads
// MOONSHOT_API_KEY and MOONSHOT_BASE_URL from the server's environment.
import { connection } from 'next/server';
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from '../probe.mjs';

export default async function Home() {
  await connection(); // rendered per request, with the server's key, never at build time
  const seen = await probe({ Moonshot, AuthenticationError, client: new Moonshot() });
  return <pre id="probe">{JSON.stringify(seen)}</pre>;
}
