// The sort, filters and search live in the URL (?sort=…&dir=…&purpose=…&status=…&q=…),
// so a reload or a shared link shows the same view. replaceState: each
// keystroke of a search is no step of the Back button.
import { viewToSearch } from './state.js';

export function keepViewInUrl(store) {
  store.subscribe((state) => {
    const search = viewToSearch(state);
    if (search === location.search) return;
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  });
}
