// Bundled on its own into dist/syllable.js (see esbuild.mjs), loaded the first time a poem is measured.
export { syllable } from 'syllable';
