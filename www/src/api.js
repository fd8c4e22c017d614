// The moonshot-files client, as an app uses it: no API key here. The page calls
// its own origin's /v1/files; the server that serves the page forwards those
// calls with the key (../vite.config.js).
import { Moonshot } from 'moonshot-files';
import { createRateLimitWatch, trackCalls } from './rate-limit.js';

/** The client's waits for the service's rate limit, and the page's calls (rate-limit-status.js shows them). */
export const rateLimits = createRateLimitWatch();

// (If the module cannot load, boot.js says so in the page.) The client learns
// the service's limits from its 429s and queues calls itself; it tells the
// page whenever a call waits.
const client = new Moonshot({ baseURL: `${location.origin}/v1`, onRateLimit: (event) => rateLimits.waiting(event) });
const tracked = trackCalls(client.files, rateLimits);

/** `client.files`, its calls counted: async, as when the module was loaded on demand. */
export async function files() {
  return tracked;
}
