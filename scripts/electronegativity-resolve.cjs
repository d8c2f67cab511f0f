// Preloaded into electronegativity's process: its hoisted @typescript-eslint/typescript-estree
// would otherwise load the project's TypeScript 7 (which has no JS API) instead of the
// TypeScript 4.2 electronegativity ships with.
const Module = require('node:module');
const path = require('node:path');
const nested = path.join(path.dirname(require.resolve('@doyensec/electronegativity/package.json')), 'node_modules', 'typescript');
const original = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  if (request === 'typescript') return original.call(this, nested, parent, ...rest);
  return original.call(this, request, parent, ...rest);
};
