/*
 * The application: collects the plugins of the built-in extensions and of the federated
 * (prebuilt) extensions, then starts JupyterLab. Mirrors what JupyterLab's generated
 * index.js does, without the templating.
 */
import { PageConfig } from '@jupyterlab/coreutils';
import { PluginRegistry } from '@lumino/coreutils';

// CSS of every built-in extension (file written by @jupyterlab/builder's Build.ensureAssets).
import '../build/style.js';

import { extensions, mimeExtensions } from './extensions.js';

/** Get a module exposed by a federated extension container (`./extension`, `./mimeExtension`, `./style`). */
async function createModule(scope, module) {
  try {
    const factory = await window._JUPYTERLAB[scope].get(module);
    const instance = factory();
    instance.__scope__ = scope;
    return instance;
  } catch (e) {
    console.warn(`Failed to create module: package: ${scope}; module: ${module}`);
    throw e;
  }
}

function isTrue(name) {
  return String(PageConfig.getOption(name) || '').toLowerCase() === 'true';
}

/**
 * Start JupyterLab.
 *
 * @param federated - the `federated_extensions` page-config entries whose remoteEntry loaded.
 */
export async function main(federated) {
  const { JupyterLab } = await import('@jupyterlab/application');
  const { IConnectionStatus, IServiceManager } = await import('@jupyterlab/services');

  const pluginRegistry = new PluginRegistry();
  const disabled = [];
  const deferred = [];
  const ignorePlugins = [];
  const register = [];
  const mimePlugins = [];
  const allPlugins = [];

  // Plugins of one extension module (ES module default export or CommonJS), honouring the
  // disabled/deferred lists of the page config.
  function* activePlugins(extension) {
    const exports = Object.prototype.hasOwnProperty.call(extension, '__esModule') ? extension.default : extension;
    const plugins = Array.isArray(exports) ? exports : [exports];
    for (const plugin of plugins) {
      const isDisabled = PageConfig.Extension.isDisabled(plugin.id);
      allPlugins.push({
        id: plugin.id,
        description: plugin.description,
        requires: plugin.requires ?? [],
        optional: plugin.optional ?? [],
        provides: plugin.provides ?? null,
        autoStart: plugin.autoStart,
        enabled: !isDisabled,
        extension: extension.__scope__
      });
      if (isDisabled) {
        disabled.push(plugin.id);
        continue;
      }
      if (PageConfig.Extension.isDeferred(plugin.id)) {
        deferred.push(plugin.id);
        ignorePlugins.push(plugin.id);
      }
      yield plugin;
    }
  }

  // A federated extension replaces a built-in one of the same name.
  const federatedNames = new Set(federated.map(data => data.name));
  const federatedExtensions = [];
  const federatedMimeExtensions = [];
  const federatedStyles = [];
  for (const data of federated) {
    if (data.extension) {
      federatedExtensions.push(createModule(data.name, data.extension));
    }
    if (data.mimeExtension) {
      federatedMimeExtensions.push(createModule(data.name, data.mimeExtension));
    }
    if (data.style && !PageConfig.Extension.isDisabled(data.name)) {
      federatedStyles.push(createModule(data.name, data.style));
    }
  }

  async function addBuiltIn(table, target) {
    for (const [name, load] of Object.entries(table)) {
      if (federatedNames.has(name)) {
        continue;
      }
      try {
        const ext = await load();
        ext.__scope__ = name;
        for (const plugin of activePlugins(ext)) {
          target.push(plugin);
        }
      } catch (e) {
        console.error(e);
      }
    }
  }

  async function addFederated(promises, target) {
    for (const result of await Promise.allSettled(promises)) {
      if (result.status === 'fulfilled') {
        for (const plugin of activePlugins(result.value)) {
          target.push(plugin);
        }
      } else {
        console.error(result.reason);
      }
    }
  }

  // Mime renderers first (JupyterLab turns them into plugins: createRendermimePlugins).
  await addBuiltIn(mimeExtensions, mimePlugins);
  await addFederated(federatedMimeExtensions, mimePlugins);
  await addBuiltIn(extensions, register);
  await addFederated(federatedExtensions, register);
  for (const result of await Promise.allSettled(federatedStyles)) {
    if (result.status === 'rejected') {
      console.error(result.reason);
    }
  }

  pluginRegistry.registerPlugins(register);
  const connectionStatus = await pluginRegistry.resolveOptionalService(IConnectionStatus);
  const serviceManager = await pluginRegistry.resolveOptionalService(IServiceManager);

  const lab = new JupyterLab({
    pluginRegistry,
    serviceManager,
    connectionStatus,
    mimeExtensions: mimePlugins,
    disabled: {
      matches: disabled,
      patterns: PageConfig.Extension.disabled.map(val => val.raw)
    },
    deferred: {
      matches: deferred,
      patterns: PageConfig.Extension.deferred.map(val => val.raw)
    },
    availablePlugins: allPlugins
  });
  // For tests: which federated extensions were loaded and which plugins they brought.
  window.p53labFederated = federated.map(data => ({
    ...data,
    plugins: allPlugins.filter(p => p.extension === data.name).map(p => p.id)
  }));
  if (isTrue('exposeAppInBrowser') || isTrue('devMode')) {
    window.jupyterapp = lab;
  }
  await lab.start({ ignorePlugins, bubblingKeydown: true });
  await lab.restored;
  document.body.dataset.p53labRestored = 'true';
}
