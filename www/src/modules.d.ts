// Imports that esbuild's loaders turn into values.
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*.wasm" {
  const bytes: Uint8Array;
  export default bytes;
}
