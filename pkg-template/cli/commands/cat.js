// `moonshot-files cat ID`: a processed file's extracted text, and nothing else.
export default {
  name: 'cat',
  summary: "print a file's extracted text",
  usage: 'cat ID',
  options: {},
  positionals: { min: 1, max: 1, names: 'ID' },
  details: 'The text of a file-extract file, as the service extracted it, to stdout as it is\n(no newline added).',
  examples: ['moonshot-files cat clg681objj8g9m7n4je0 > report.txt'],

  async run({ client, positionals, stdout, signal }) {
    stdout.write(await client.files.extractedText(positionals[0], { signal }));
  },
};
