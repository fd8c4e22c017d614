// The help texts, made from the commands' own declarations so they cannot
// drift from what the parser accepts.

export const PROGRAM = 'moonshot-files';

// Flags every command takes; `--version` only before a command. Besides
// parseArgs' own fields, an option declares `value` (its placeholder in the
// help) and `description`.
/**
 * A flag: util.parseArgs' option (`type`, `short`), with what the help says
 * of it (`value`: the name its value goes by).
 * @typedef {{ type: 'string' | 'boolean', short?: string, value?: string, description: string }} Flag
 */

/** @type {Record<string, Flag>} */
export const GLOBAL_OPTIONS = {
  'base-url': { type: 'string', value: 'URL', description: 'the API base URL (default: $MOONSHOT_BASE_URL, then https://api.moonshot.cn/v1)' },
  'api-version': {
    type: 'string',
    value: 'V',
    description: 'speak the dated API of version V, such as 2026-09-01-beta\n(default: $MOONSHOT_API_VERSION; neither: the compatible API)',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};
/** @type {Record<string, Flag>} */
export const PROGRAM_OPTIONS = {
  ...GLOBAL_OPTIONS,
  version: { type: 'boolean', description: "print the CLI's version" },
};

/** `  -f, --force  text` lines, the descriptions aligned. */
function formatOptions(options) {
  const rows = Object.entries(options).map(([name, option]) => [
    `${option.short ? `-${option.short}, ` : '    '}--${name}${option.type === 'string' ? ` ${option.value}` : ''}`,
    option.description,
  ]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows
    .map(([flag, text]) => `  ${flag.padEnd(width)}  ${text.split('\n').join(`\n  ${' '.repeat(width)}  `)}\n`)
    .join('');
}

/** The one-line hint after a usage error. */
export function usageHint(command) {
  return command
    ? `usage: ${PROGRAM} ${command.usage} (see ${PROGRAM} ${command.name} --help)`
    : `usage: ${PROGRAM} <command> [flags] (see ${PROGRAM} --help)`;
}

/** `moonshot-files --help`. */
export function formatProgramHelp(commands) {
  const width = Math.max(...commands.map((command) => command.name.length));
  return (
    `${PROGRAM}: the Moonshot AI (Kimi) Files API from a shell\n\n` +
    `usage: ${PROGRAM} <command> [flags]\n\n` +
    'Commands:\n' +
    commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}\n`).join('') +
    '\nFlags:\n' +
    formatOptions(PROGRAM_OPTIONS) +
    '\nEnvironment:\n' +
    '  MOONSHOT_API_KEY      the API key (required)\n' +
    '  MOONSHOT_BASE_URL     the API base URL\n' +
    '  MOONSHOT_API_VERSION  the dated API version (as --api-version)\n' +
    '\nExit status: 0 done, 1 an API or network error, 2 bad arguments, 130 interrupted (Ctrl-C).\n' +
    `Data goes to stdout, messages and progress to stderr. "${PROGRAM} <command> --help" says more.\n`
  );
}

/** `moonshot-files <command> --help`. */
export function formatCommandHelp(command) {
  return (
    `usage: ${PROGRAM} ${command.usage}\n\n` +
    `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.\n${command.details}\n\n` +
    'Flags:\n' +
    formatOptions({ ...command.options, ...GLOBAL_OPTIONS }) +
    '\nExamples:\n' +
    command.examples.map((example) => `  ${example}\n`).join('')
  );
}
