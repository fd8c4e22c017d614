// The page's entry: loads the dashboard's modules, and says so in the page
// when they cannot load (a missing package, a network error), instead of
// leaving it blank.
import('./main.js').catch((error) => {
  const state = /** @type {HTMLElement} */ (document.getElementById('state'));
  const box = document.createElement('div');
  box.className = 'error';
  box.setAttribute('role', 'alert');
  const title = document.createElement('p');
  title.className = 'error-title';
  title.textContent = 'The page could not load its modules';
  const message = document.createElement('p');
  message.className = 'error-message';
  message.textContent = `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
  const hint = document.createElement('p');
  hint.className = 'error-hint';
  hint.textContent = 'Reload the page; if it persists, restart the server that serves it.';
  box.append(title, message, hint);
  state.replaceChildren(box);
});
