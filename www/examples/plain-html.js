// The embedding page's own script: listen to the element and set its assessment.
const map = /** @type {any} */ (document.getElementById("map"));
const score = /** @type {HTMLOutputElement} */ (document.getElementById("score"));

/** @param {any} report */
function showScore(report) {
  const o = report.overall;
  const pct = (x) => (x == null ? "n/a" : `${Math.round(x * 100)}%`);
  score.value = `${report.useCase.name || "Untitled"}: coverage ${pct(o.coverage)}, residual risk ${o.level} (${pct(o.residual)}), ${report.gaps.length} open gaps.`;
}

map.addEventListener("ai-risk-map-change", (/** @type {CustomEvent} */ e) => showScore(e.detail.report));

document.getElementById("load")?.addEventListener("click", async () => {
  const res = await fetch(new URL("./rag-chatbot.assessment.json", import.meta.url));
  await map.ready;
  map.assessment = await res.json();
  showScore(map.report);
});
document.getElementById("clear")?.addEventListener("click", async () => {
  await map.ready;
  map.assessment = null;
  showScore(map.report);
});
map.ready.then(() => showScore(map.report));
