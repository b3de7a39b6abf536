// Imports that esbuild's loaders turn into values.
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*.wasm" {
  const bytes: Uint8Array;
  export default bytes;
}
// The built-in catalog's texts document, bundled as text into single-file builds (www/build.mjs).
declare module "catalog-texts" {
  const text: string;
  export default text;
}
