// Bundled on its own into dist/yaml.js (see esbuild.mjs), loaded when a folder has style files. Named
// exports (not `export *`) so that Node's import() of this CommonJS file sees them.
export { parseDocument } from 'yaml';
