// A typed user of the package. tsc must accept this file under "bundler" and
// "node16" resolution. Each @ts-expect-error line must really be an error: if
// the package's types were `any`, tsc would report the directive as unused.
import {
  Moonshot,
  Files,
  MoonshotError,
  APIError,
  AuthenticationError,
  InvalidResponseError,
  InvalidArgumentError,
} from 'moonshot-files';
import type { ClientOptions, FileList, FileObject, FileStatus, Purpose } from 'moonshot-files';

const options: ClientOptions = { apiKey: 'sk-example', baseURL: 'https://api.moonshot.cn/v1' };
const client = new Moonshot(options);
new Moonshot(); // options are optional: Node reads MOONSHOT_API_KEY / MOONSHOT_BASE_URL

// @ts-expect-error: apiKey is a string
new Moonshot({ apiKey: 42 });
// @ts-expect-error: a misspelt option is refused
new Moonshot({ apiKee: 'sk-example' });
// @ts-expect-error: a Files comes from client.files only
new Files();

export async function fileNames(): Promise<string[]> {
  const list: FileList = await client.files.list();
  const first: FileObject | undefined = list.data[0];
  if (first) {
    const purpose: Purpose = first.purpose;
    const status: FileStatus = first.status;
    const size: number = first.bytes;
    const details: string | null | undefined = first.status_details;
    void [purpose, status, size, details];
    // @ts-expect-error: bytes is a number
    first.bytes.toUpperCase();
  }
  // The documented purposes, and (as `string & {}`) ones the service adds later.
  const purposes: Purpose[] = ['file-extract', 'image', 'video', 'batch', 'some-future-purpose'];
  void purposes;
  return list.data.map((file) => file.filename);
}

// `instanceof` narrows to the class, whose fields are typed.
export function explain(err: unknown): string {
  if (err instanceof AuthenticationError) {
    const status: number | undefined = err.status;
    const requestId: string | undefined = err.requestId;
    return `check the API key (HTTP ${status}, request ${requestId})`;
  }
  if (err instanceof InvalidResponseError) {
    const path: string | undefined = err.path;
    return `unexpected answer at ${path}`;
  }
  if (err instanceof APIError) return `${err.name}: ${err.type ?? ''} ${err.code ?? ''} (${err.status})`;
  if (err instanceof InvalidArgumentError) return `bad option: ${err.message}`;
  if (err instanceof MoonshotError) {
    // @ts-expect-error: only InvalidResponseError has `path`
    void err.path;
    return err.message;
  }
  return String(err);
}

// The error classes are real Error subclasses users can construct in tests.
export const sample: MoonshotError = new AuthenticationError('no key', { status: 401, requestId: 'req-1' });
export const isError: Error = sample;
