// The module worker: the package imported as on the page.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { answerProbes } from './probe.mjs';

answerProbes({ Moonshot, AuthenticationError });
