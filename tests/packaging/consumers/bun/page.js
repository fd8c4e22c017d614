// A page bundled by `bun build` (its default target: the browser).
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probePage } from './probe.mjs';

probePage({ Moonshot, AuthenticationError });
