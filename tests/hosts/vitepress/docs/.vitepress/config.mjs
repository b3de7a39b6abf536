// The VitePress recipe of docs/embedding.md, built by scripts/test-hosts.sh (which copies the
// element's files into docs/public/risk-map/ first).
export default {
  title: "Risk map host test",
  head: [["script", { type: "module", src: "/risk-map/ai-risk-map.js" }]],
  vue: {
    template: {
      // Without this Vue takes <ai-risk-map> for a Vue component: it renders `<!---->` in its
      // place and logs a hydration mismatch.
      compilerOptions: { isCustomElement: (tag) => tag === "ai-risk-map" },
    },
  },
};
