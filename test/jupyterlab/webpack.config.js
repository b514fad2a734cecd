/*
 * Builds the JupyterLab 4 front end of the p53lab test harness into ./build:
 *   build/static/   the application (webpack, ModuleFederation host "CORE_FEDERATION")
 *   build/schemas/  settings schemas of the built-in extensions (served by jupyterlab_server)
 *   build/themes/   compiled light and dark themes
 *   build/style.js  CSS imports of the built-in extensions (generated, imported by src/index.js)
 *
 * Prebuilt extensions (output of @jupyterlab/builder's build-labextension with this folder's
 * package.json as --core-path) are loaded at run time: they consume the shared modules below.
 *
 *   npx webpack                     development build (default, about 20 s)
 *   npx webpack --mode=production   minified build (a few minutes)
 */
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const { Build } = require('@jupyterlab/builder');
const baseConfig = require('@jupyterlab/builder/lib/webpack.config.base');

const pkg = require('./package.json');
const jlab = pkg.jupyterlab;
const buildDir = path.resolve(__dirname, 'build');
const extensionNames = Object.keys(jlab.extensions);
const mimeExtensionNames = Object.keys(jlab.mimeExtensions);
const allExtensionNames = [...extensionNames, ...mimeExtensionNames];

// src/extensions.js holds the literal imports webpack needs: keep it in step with package.json.
{
  const text = fs.readFileSync(path.join(__dirname, 'src', 'extensions.js'), 'utf8');
  const listed = [...text.matchAll(/import\('([^']+)'\)/g)].map(m => m[1]).sort();
  const wanted = [...allExtensionNames].sort();
  if (JSON.stringify(listed) !== JSON.stringify(wanted)) {
    throw new Error(
      `src/extensions.js imports [${listed.join(', ')}] but package.json jupyterlab.extensions + mimeExtensions list [${wanted.join(', ')}]`
    );
  }
}

function installedVersion(name) {
  const file = path.join(__dirname, 'node_modules', name, 'package.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : null;
}

/**
 * The ModuleFederation share scope, as JupyterLab's dev_mode builds it: every dependency of
 * this package (core libraries and extensions), plus the dependencies of the extension packages,
 * so that prebuilt extensions find them; singletons from jupyterlab.singletonPackages.
 */
function createShared() {
  const shared = {};
  for (const [name, range] of Object.entries(pkg.dependencies)) {
    shared[name] = { requiredVersion: range };
  }
  for (const name of allExtensionNames) {
    const data = require(`${name}/package.json`);
    for (const [dep, range] of Object.entries(data.dependencies || {})) {
      if (!shared[dep]) {
        shared[dep] = { requiredVersion: range };
      }
    }
  }
  for (const name of jlab.singletonPackages) {
    if (shared[name]) {
      shared[name].singleton = true;
    }
  }
  // Only what is installed at the top level can be provided.
  for (const name of Object.keys(shared)) {
    const version = installedVersion(name);
    if (!version) {
      delete shared[name];
    } else {
      shared[name].version = version;
    }
  }
  return shared;
}

// Copies schemas, writes build/style.js and returns the webpack configs of the themes.
fs.mkdirSync(buildDir, { recursive: true });
const themeConfigs = Build.ensureAssets({
  packageNames: allExtensionNames,
  output: buildDir,
  schemaOutput: buildDir,
  themeOutput: buildDir
});

module.exports = (env, argv) => {
  const mode = (argv && argv.mode) || 'development';
  const app = {
    ...baseConfig,
    mode,
    devtool: mode === 'production' ? false : 'cheap-source-map',
    entry: { main: path.join(__dirname, 'src', 'bootstrap.js') },
    output: {
      ...baseConfig.output,
      path: path.join(buildDir, 'static'),
      publicPath: 'auto',
      filename: '[name].js',
      chunkFilename: '[name].[contenthash].js',
      clean: true
    },
    optimization: { moduleIds: 'deterministic' },
    performance: { hints: false },
    stats: 'errors-warnings',
    plugins: [
      ...baseConfig.plugins,
      new webpack.container.ModuleFederationPlugin({
        library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_LIBRARY_FEDERATION'] },
        name: 'CORE_FEDERATION',
        shared: createShared()
      })
    ]
  };
  return [app, ...themeConfigs.map(config => ({ ...config, stats: 'errors-warnings' }))];
};
