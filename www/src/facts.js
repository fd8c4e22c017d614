// The Files API's facts the page needs: the account's limits, the purposes,
// and the file types each purpose accepts, from the moonshot-files package,
// which declares them once (the mock reads the same). Imported through this
// module so the page has one place to look for them.
export { FORMATS, LIMITS, PURPOSES } from 'moonshot-files';
