// A Node CommonJS user: `require`, with the options passed explicitly; it
// uploads a file from disk by fs.openAsBlob (a Blob backed by the file).
'use strict';

const { openAsBlob } = require('node:fs');
const { Moonshot, AuthenticationError } = require('moonshot-files');

const options = { apiKey: process.env.MOONSHOT_API_KEY, baseURL: process.env.MOONSHOT_BASE_URL };

// The probe is the test's own ES module; the package itself came by require().
import('./probe.mjs')
  .then(async ({ probe, UPLOAD_NAME }) =>
    probe({ Moonshot, AuthenticationError }, options, [{ how: 'openAsBlob', file: await openAsBlob(UPLOAD_NAME) }]),
  )
  .then((seen) => console.log(JSON.stringify(seen)));
