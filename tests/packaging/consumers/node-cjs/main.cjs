// A Node CommonJS user: `require`, with the options passed explicitly.
'use strict';

const { Moonshot, AuthenticationError } = require('moonshot-files');

const options = { apiKey: process.env.MOONSHOT_API_KEY, baseURL: process.env.MOONSHOT_BASE_URL };

// The probe is the test's own ES module; the package itself came by require().
import('./probe.mjs')
  .then(({ probe }) => probe({ Moonshot, AuthenticationError }, options))
  .then((seen) => console.log(JSON.stringify(seen)));
