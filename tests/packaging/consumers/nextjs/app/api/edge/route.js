// A route handler on the Edge runtime.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from '../../../probe.mjs';

export const runtime = 'edge';

export async function GET() {
  const options = { apiKey: process.env.MOONSHOT_API_KEY, baseURL: process.env.MOONSHOT_BASE_URL };
  return Response.json(await probe({ Moonshot, AuthenticationError }, options));
}
