// Serves the page and forwards its /v1/files calls to Moonshot with the key
// added: the key stays here, and the page (which anyone can read) has none.
//   MOONSHOT_API_KEY=sk-... node server.mjs     then open http://127.0.0.1:3000
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { proxy } from 'hono/proxy';

const apiKey = process.env.MOONSHOT_API_KEY;
if (!apiKey) throw new Error('Set MOONSHOT_API_KEY');
const port = Number(process.env.PORT ?? 3000);
const upstream = process.env.MOONSHOT_BASE_URL ?? 'https://api.moonshot.cn/v1';
const app = new Hono();

// Answer only under this machine's own names: another site whose name was
// made to point here (DNS rebinding) must not reach the key.
app.use(async (c, next) => {
  if (![`localhost:${port}`, `127.0.0.1:${port}`].includes(c.req.header('host'))) return c.text('Forbidden', 403);
  await next();
});
// No uploads from forms on other sites.
app.use(csrf());

// The Files API only, with none of the caller's headers but its body's type.
app.on(['GET', 'POST', 'DELETE'], ['/v1/files', '/v1/files/*'], (c) => {
  const { pathname, search } = new URL(c.req.url);
  return proxy(`${upstream}${pathname.slice('/v1'.length)}${search}`, {
    raw: c.req.raw,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': c.req.header('content-type') },
  });
});

// The page, and the package's browser module that it imports.
app.use('/moonshot-files/*', serveStatic({ root: './node_modules' }));
app.use('/*', serveStatic({ root: './public' }));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => console.log(`http://127.0.0.1:${port}`));
