// A Worker answering GET / with your files' names and states. The key is a
// secret: `wrangler secret put MOONSHOT_API_KEY` (for `wrangler dev`: .dev.vars).
import { Moonshot } from 'moonshot-files';

export default {
  async fetch(request, env) {
    const client = new Moonshot({ apiKey: env.MOONSHOT_API_KEY, baseURL: env.MOONSHOT_BASE_URL });
    const { data } = await client.files.list();
    return Response.json(data.map(({ id, filename, status }) => ({ id, filename, status })));
  },
};
