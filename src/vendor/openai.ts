// Bundled on its own into dist/openai.js (see esbuild.mjs) and loaded on the first request.
export * from 'openai';
export { default } from 'openai';
