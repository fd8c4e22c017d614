// A route handler on the Node runtime (the default).
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from '../../../probe.mjs';

export async function GET() {
  return Response.json(await probe({ Moonshot, AuthenticationError }));
}
