// The moonshot-files client, as an app uses it: no API key here. The page calls
// its own origin's /v1/files; the server that serves the page forwards those
// calls with the key (../vite.config.js).
import { Moonshot } from 'moonshot-files';
import { createRateLimitWatch } from './rate-limit.js';
import { loadServerInfo } from './upstream.js';

/** The client's waits for the service's rate limit (rate-limit-status.js shows them). */
export const rateLimits = createRateLimitWatch();

/** What the page's server says of itself (upstream.js): asked once, before the first call. */
export const serverInfo = loadServerInfo();

// (If the module cannot load, boot.js says so in the page.) The client learns
// the service's limits from its 429s and queues calls itself; it tells the
// page whenever a call waits, and when that wait is over. It speaks the dated
// API when the server says one is in use: the page sends kimi-api-version
// itself and reads the shapes it asked for (a server that added the header
// would hand it shapes it does not expect).
/** `client.files`, once the server has said which API version to speak. */
export const files = serverInfo.then(
  ({ apiVersion }) =>
    new Moonshot({
      baseURL: `${location.origin}/v1`,
      onRateLimit: (event) => rateLimits.waiting(event),
      ...(apiVersion ? { apiVersion } : {}),
    }).files,
);
