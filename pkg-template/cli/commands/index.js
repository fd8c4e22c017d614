// Every command, in the order the help lists them.
import ls from './ls.js';
import info from './info.js';
import upload from './upload.js';
import cat from './cat.js';
import download from './download.js';
import extract from './extract.js';
import rm from './rm.js';
import prune from './prune.js';
import du from './du.js';
import ui from './ui.js';

/**
 * A command: its words for the help, its flags, and what it does.
 * @typedef {object} Command
 * @property {string} name
 * @property {string} summary  a line, lowercase, no full stop
 * @property {string} usage
 * @property {Record<string, import('../help.js').Flag>} options
 * @property {{ min: number, max: number, names?: string }} positionals
 * @property {string} details
 * @property {string[]} examples
 * @property {(context: CommandContext) => Promise<number | void>} run  resolves to the exit status (none: 0)
 */
/**
 * What a command runs with: the client, the arguments util.parseArgs read by
 * its flags, the output streams and Ctrl-C's signal.
 * @typedef {object} CommandContext
 * @property {import('moonshot-files').Moonshot<string> | import('moonshot-files').Moonshot<undefined>} client  of either API (--api-version)
 * @property {Record<string, any>} values
 * @property {string[]} positionals
 * @property {string | undefined} baseURL  as given (--base-url)
 * @property {NodeJS.WriteStream} stdout
 * @property {NodeJS.WriteStream} stderr
 * @property {AbortSignal} signal
 * @property {boolean} interactive  a person watches both streams
 */

/** @type {Command[]} */
export const COMMANDS = [ls, info, upload, cat, download, extract, rm, prune, du, ui];
