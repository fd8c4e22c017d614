// The three ways to list the files, as a user would write each. Used in
// Node and, loaded by the page, in Chromium; the classes are passed in.

export const API_KEY = 'sk-bench-key';

/**
 * @param {object} o
 * @param {string} o.baseURL  e.g. http://127.0.0.1:1234/n1000/v1
 * @param {Function} o.Moonshot  our client class
 * @param {Function} o.OpenAI    openai-node's client class
 */
export function listContenders({ baseURL, Moonshot, OpenAI }) {
  const url = `${baseURL}/files`;
  const headers = { authorization: `Bearer ${API_KEY}` };
  const common = { apiKey: API_KEY, baseURL, maxRetries: 0, dangerouslyAllowBrowser: true };
  const openai = new OpenAI(common);
  const ours = new Moonshot(common);
  return [
    {
      name: 'floor',
      call: async () => {
        const res = await fetch(url, { headers });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      },
    },
    { name: 'openai', call: () => openai.files.list() },
    { name: 'ours', call: () => ours.files.list() },
  ];
}

/** Every contender answers with `{ data: FileObject[] }` (openai: a page object holding it). */
export const hasFiles = (count) => (result) => result?.data?.length === count && typeof result.data[count - 1].id === 'string';
