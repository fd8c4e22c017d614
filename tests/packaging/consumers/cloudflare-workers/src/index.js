// A Cloudflare Worker: the key (and, for the test, the base URL: the mock)
// is the Worker's environment (secrets; `.dev.vars` under `wrangler dev`),
// handed to the client.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from '../probe.mjs';

export default {
  async fetch(request, env) {
    const client = new Moonshot({ apiKey: env.MOONSHOT_API_KEY, baseURL: env.MOONSHOT_BASE_URL });
    const options = { apiKey: env.MOONSHOT_API_KEY, baseURL: env.MOONSHOT_BASE_URL }; // for the probe's wrong-key client
    return Response.json(await probe({ Moonshot, AuthenticationError, client }, options));
  },
};
