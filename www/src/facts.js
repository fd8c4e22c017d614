// The Files API's facts the page needs: the account's limits, the purposes,
// and the file types each purpose accepts. They belong to the moonshot-files
// package (its LIMITS, PURPOSES and FORMATS exports, which the mock reads too);
// until the package in ../pkg has them, they are declared here, once, with
// the same names and shapes, from /work/shared/moonshot-files-api.md.

/** Per account: 1,000 files, 100 MiB a file, 10 GiB in all (binary units, as the service counts). */
export const LIMITS = Object.freeze({ maxFiles: 1000, maxFileBytes: 104857600, maxTotalBytes: 10737418240 });

export const PURPOSES = Object.freeze(['file-extract', 'image', 'video', 'batch']);

// The upload reference's list ("the same as the Kimi assistant").
const DOCUMENTS = [
  '.pdf', '.txt', '.csv', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.md', '.jpeg', '.png', '.bmp', '.gif',
  '.svg', '.svgz', '.webp', '.ico', '.xbm', '.dib', '.pjp', '.tif', '.pjpeg', '.avif', '.dot', '.apng', '.epub',
  '.tiff', '.jfif', '.html', '.json', '.mobi', '.log', '.go', '.h', '.c', '.cpp', '.cxx', '.cc', '.cs', '.java',
  '.js', '.css', '.jsp', '.php', '.py', '.py3', '.asp', '.yaml', '.yml', '.ini', '.conf', '.ts', '.tsx',
];
const IMAGES = ['.jpeg', '.png', '.bmp', '.gif', '.svg', '.svgz', '.webp', '.ico', '.xbm', '.dib', '.pjp', '.tif',
  '.pjpeg', '.avif', '.apng', '.tiff', '.jfif', '.jpg'];
const VIDEOS = ['.mp4', '.mov', '.m4v', '.webm', '.mkv', '.avi', '.mpeg', '.mpg', '.wmv', '.flv', '.3gp'];

/** Each purpose's accepted extensions, lowercase, with the dot. */
export const FORMATS = Object.freeze({
  'file-extract': Object.freeze(DOCUMENTS),
  image: Object.freeze(IMAGES),
  video: Object.freeze(VIDEOS),
  batch: Object.freeze(['.jsonl']),
});
