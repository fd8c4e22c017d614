// Every command, in the order the help lists them.
import ls from './ls.js';
import info from './info.js';
import upload from './upload.js';
import cat from './cat.js';
import download from './download.js';
import extract from './extract.js';
import rm from './rm.js';
import prune from './prune.js';
import ui from './ui.js';

export const COMMANDS = [ls, info, upload, cat, download, extract, rm, prune, ui];
