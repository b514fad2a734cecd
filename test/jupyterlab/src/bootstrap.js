/*
 * Entry point of the p53lab JupyterLab test front end.
 *
 * Works like JupyterLab's own bootstrap: before any shared module (Lumino, JupyterLab, React)
 * is used, load the remoteEntry of every prebuilt ("federated") extension that the server lists
 * in the page config, and let each container join webpack's default share scope. Only then is
 * the application code (./index.js) imported, so the share scope already knows every provider.
 */

// The page config is read by hand here: @jupyterlab/coreutils is a shared module and must not
// be loaded before the federated containers are registered.
let configData = null;
function getOption(name) {
  if (configData === null) {
    const el = document.getElementById('jupyter-config-data');
    configData = el ? JSON.parse(el.textContent || '{}') : {};
  }
  return configData[name] || '';
}

// Chunks (and shared modules) are served from the server's static URL of this app.
// eslint-disable-next-line no-undef
__webpack_public_path__ = getOption('fullStaticUrl') + '/';

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.onerror = () => reject(new Error(`Failed to load ${url}`));
    script.onload = resolve;
    script.async = true;
    script.src = url;
    document.head.appendChild(script);
  });
}

async function loadFederated(data) {
  const base = getOption('fullLabextensionsUrl');
  await loadScript(`${base}/${data.name}/${data.load}`);
  // eslint-disable-next-line no-undef
  await __webpack_init_sharing__('default');
  const container = window._JUPYTERLAB && window._JUPYTERLAB[data.name];
  if (!container) {
    throw new Error(`${data.name}: its remoteEntry did not register window._JUPYTERLAB[${JSON.stringify(data.name)}]`);
  }
  // eslint-disable-next-line no-undef
  await container.init(__webpack_share_scopes__.default);
}

void (async function bootstrap() {
  const federated = getOption('federated_extensions') || [];
  const results = await Promise.allSettled(federated.map(loadFederated));
  const loaded = [];
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      console.error(result.reason);
    } else {
      loaded.push(federated[i]);
    }
  });
  const { main } = await import('./index.js');
  const start = () => main(loaded).catch(err => console.error(err));
  if (document.readyState === 'complete') {
    void start();
  } else {
    window.addEventListener('load', () => void start());
  }
})();
