// A Cloudflare Worker: the key and base URL are the Worker's environment
// (secrets; `.dev.vars` under `wrangler dev`), handed to the client.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from '../probe.mjs';

export default {
  async fetch(request, env) {
    const options = { apiKey: env.MOONSHOT_API_KEY, baseURL: env.MOONSHOT_BASE_URL };
    return Response.json(await probe({ Moonshot, AuthenticationError }, options));
  },
};
