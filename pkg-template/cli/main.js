// The command line: reads the arguments (util.parseArgs), runs one command,
// and turns its outcome into output and an exit status.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './args.js';
import { COMMANDS } from './commands/index.js';
import { describeError, EXIT, exitStatusOf, redact } from './errors.js';
import { formatCommandHelp, formatProgramHelp, GLOBAL_OPTIONS, PROGRAM, PROGRAM_OPTIONS, usageHint } from './help.js';

/**
 * parseArgs' errors, first sentence only (the rest suggests `--` tricks).
 * @param {import('node:util').ParseArgsConfig} config
 * @returns {{ values: Record<string, any>, positionals: string[] }}
 */
function parse(config) {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (err) {
    if (typeof err?.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(err.message.split(/\. (?=[A-Z])/)[0].replace(/\.$/, ''));
    }
    throw err;
  }
}

/**
 * Splits `[program flags] <command> [command args]`: the command is the
 * first argument that is no flag nor a flag's value.
 */
function splitCommand(argv) {
  const { tokens } = parseArgs({ args: argv, options: PROGRAM_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((token) => token.kind === 'positional' || token.kind === 'option-terminator');
  const at = first?.kind === 'positional' ? first.index : argv.length;
  return { programArgs: argv.slice(0, at), name: argv[at], commandArgs: argv.slice(at + 1) };
}

/**
 * Which command, with what: or a help text or version to print.
 * @param {string[]} argv
 * @returns {{ print: string } | { print?: undefined, command: import('./commands/index.js').Command, values: Record<string, any>, positionals: string[], baseURL?: string, apiVersion?: string }}
 */
function readArguments(argv) {
  const { programArgs, name, commandArgs } = splitCommand(argv);
  const program = parse({ args: programArgs, options: PROGRAM_OPTIONS }).values;
  if (program.version) return { print: `${readVersion()}\n` };
  if (name === undefined) {
    if (program.help) return { print: formatProgramHelp(COMMANDS) };
    throw new UsageError('no command given');
  }
  // `moonshot-files help [COMMAND]`, as git and npm take it.
  if (name === 'help') {
    const topic = commandArgs.length > 0 ? findCommand(commandArgs[0]) : undefined;
    return { print: topic ? formatCommandHelp(topic) : formatProgramHelp(COMMANDS) };
  }
  const command = findCommand(name);
  try {
    const { values, positionals } = parse({
      args: commandArgs,
      options: { ...command.options, ...GLOBAL_OPTIONS },
      allowPositionals: command.positionals.max > 0,
    });
    if (program.help || values.help) return { print: formatCommandHelp(command) };
    const { min, max, names } = command.positionals;
    if (positionals.length < min) throw new UsageError(`${command.name} needs ${names}`);
    if (positionals.length > max) throw new UsageError(`${command.name} takes one ${names}; got ${positionals.length}`);
    return {
      command,
      values,
      positionals,
      baseURL: values['base-url'] ?? program['base-url'],
      apiVersion: values['api-version'] ?? program['api-version'],
    };
  } catch (err) {
    // The hint after the error shows this command's usage.
    throw Object.assign(err, { command });
  }
}

function findCommand(name) {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}'`);
  return command;
}

function readVersion() {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

/**
 * The client: --base-url and --api-version as given; the package reads the
 * environment for the rest (MOONSHOT_API_VERSION among it, which the flag
 * overrides). A version it refuses is a usage error naming where it came from.
 */
function makeClient(Moonshot, { baseURL, apiVersion }) {
  try {
    return new Moonshot({ ...(baseURL === undefined ? {} : { baseURL }), ...(apiVersion === undefined ? {} : { apiVersion }) });
  } catch (err) {
    if (err?.name !== 'InvalidArgumentError' || !/^apiVersion\b/.test(err.message)) throw err;
    const from = apiVersion === undefined ? 'MOONSHOT_API_VERSION' : '--api-version';
    throw new UsageError(`${from} ${err.message.replace(/^apiVersion /, '').replace(/\.$/, '')}`);
  }
}

/**
 * Runs the command line `argv` (without node and the script) and resolves
 * to its exit status. Output goes to process.stdout and process.stderr.
 */
export async function main(argv) {
  const { stdout, stderr, env } = process;
  const apiKey = env.MOONSHOT_API_KEY;
  const fail = (err, command) => {
    stderr.write(redact(`${PROGRAM}: ${describeError(err)}\n`, apiKey));
    const status = exitStatusOf(err);
    if (status === EXIT.usage) stderr.write(`${usageHint(command ?? err.command)}\n`);
    return status;
  };
  // `ls | head -1` closes the pipe early: that is the reader's choice, not an error.
  stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw err;
  });

  let parsed;
  try {
    parsed = readArguments(argv);
  } catch (err) {
    return fail(err);
  }
  if (parsed.print !== undefined) {
    stdout.write(parsed.print);
    return EXIT.ok;
  }
  const { command, values, positionals, baseURL, apiVersion } = parsed;
  if (!apiKey) return fail(new UsageError('MOONSHOT_API_KEY is not set'), command);

  // Ctrl-C aborts the call under way (extract then deletes what it
  // uploaded); a second one leaves at once.
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    // The package (and its wasm) loads only for a command that calls the API:
    // help, version and usage errors answer at once.
    const { Moonshot } = await import('../index.mjs');
    const client = makeClient(Moonshot, { baseURL, apiVersion });
    const status = await command.run({
      client,
      values,
      positionals,
      // As given (--base-url); the client reads the environment for the rest.
      baseURL,
      stdout,
      stderr,
      signal: controller.signal,
      // The bar redraws one line in place: only when a person watches both streams.
      interactive: Boolean(stdout.isTTY && stderr.isTTY),
    });
    return status ?? EXIT.ok;
  } catch (err) {
    if (controller.signal.aborted) {
      stderr.write(`${PROGRAM}: interrupted\n`);
      return EXIT.interrupted;
    }
    return fail(err, command);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
