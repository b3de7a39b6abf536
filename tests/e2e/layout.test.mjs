// Layout at a desktop width (1400 px) and on a phone (390 x 844), light and dark, over every
// view of the page with the example assessment: nothing overflows sideways, no word is broken
// inside (a word split over two lines, as "Cover/ed" or a column one letter wide), no status
// is cut off in its picker, the diagram's text stays inside its boxes and reads on a phone,
// and the page's header leaves the phone most of its screen. Screenshots of each view go to
// tests/artifacts/layout/ (ignored by git) for a person to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setUp, openPage, ready, ROOT } from "./helpers.mjs";

const { srv, browser } = setUp();

const SHOTS = join(ROOT, "tests/artifacts/layout");
mkdirSync(SHOTS, { recursive: true });
const example = JSON.parse(readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8"));

/**
 * What is wrong with the layout as drawn, in words (empty when nothing is). Runs in the page;
 * walks the document and the element's shadow root.
 * @param {number} minTextPx the smallest size a diagram's component names may be drawn at
 */
function problems(minTextPx) {
  const out = /** @type {string[]} */ ([]);
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${vw}`);
  /** @param {Element} el */
  const shown = (el) => {
    const s = getComputedStyle(el);
    if (s.display === "none" || s.visibility === "hidden") return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  /** @param {Element} el */
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.classList.length ? `.${[...el.classList].join(".")}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
  // Inside a deliberate scroller or a visually hidden box, overflow is no fault.
  /** @param {Element} el */
  const clipped = (el) => {
    for (let p = el.parentElement ?? /** @type {any} */ (el.getRootNode()).host; p; p = p.parentElement ?? /** @type {any} */ (p.getRootNode()).host) {
      const s = getComputedStyle(p);
      if (/auto|scroll/.test(s.overflowX) || p.classList.contains("arm-sr") || p.classList.contains("skip")) return true;
    }
    return false;
  };
  /** @type {Element[]} */
  const all = [];
  /** @param {Document | ShadowRoot} root */
  const collect = (root) => {
    for (const el of root.querySelectorAll("*")) {
      all.push(el);
      if (el.shadowRoot) collect(el.shadowRoot);
    }
  };
  collect(document);
  const canvas = document.createElement("canvas").getContext("2d");
  for (const el of all) {
    if (el.closest("svg") || el.closest("template") || el.classList.contains("arm-sr") || el.classList.contains("skip") || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    if ((r.right > vw + 1 || r.left < -1) && !clipped(el)) out.push(`runs past the screen's edge (${Math.round(r.left)}..${Math.round(r.right)} of ${vw}): ${name(el)}`);
    if (el instanceof HTMLSelectElement && canvas) {
      // The chosen option's words, the padding and the arrow must fit the box.
      const s = getComputedStyle(el);
      canvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const text = el.selectedOptions[0]?.text ?? "";
      const need = canvas.measureText(text).width + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight) + 18;
      if (need > el.clientWidth + 1) out.push(`select cuts "${text}" off (${Math.round(need)} px needed, ${el.clientWidth} px wide)`);
    }
  }
  // Words broken inside: a word whose letters sit on two lines. Breaks at hyphens and
  // slashes are allowed, and so are long identifiers and links (they must break to fit).
  for (const el of all) {
    if (el.closest("svg") || el.closest("template") || el.closest(".arm-sr, .skip, option, script, style") || !shown(el)) continue;
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent) continue;
      const text = node.textContent;
      // Links and long identifiers must break to fit; other words are checked piece by
      // piece between the hyphens and slashes where a break is allowed.
      for (const token of text.matchAll(/\S+/g)) {
        if (token[0].length > 30 || /:\/\/|@|www\./.test(token[0])) continue;
        for (const m of token[0].matchAll(/[^\-\u2010-\u2014/]+/g)) {
          const word = m[0];
          if (word.length < 2) continue;
          const at = (token.index ?? 0) + (m.index ?? 0);
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          const tops = new Set([...range.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
          if (tops.size > 1) out.push(`"${word}" broken over ${tops.size} lines in ${name(el)}`);
        }
      }
    }
  }
  // The diagram's text stays inside its frame and boxes.
  for (const svg of all.filter((e) => e.tagName === "svg" && e.classList.contains("arm-diagram") && shown(e))) {
    /** @param {Element} text @param {Element | null} box */
    const inside = (text, box) => {
      if (!box) return;
      const t = text.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      const pad = 4 * (b.width / /** @type {SVGGraphicsElement} */ (box).getBBox().width);
      if (t.right > b.right - pad || t.left < b.left + pad) out.push(`"${text.textContent}" touches or leaves its box`);
    };
    for (const g of svg.querySelectorAll(".arm-stage")) for (const t of g.querySelectorAll("text")) inside(t, g.querySelector(".arm-stage-frame"));
    for (const g of svg.querySelectorAll(".arm-node")) for (const t of g.querySelectorAll("text")) inside(t, g.querySelector(".arm-node-box"));
    // Text that reads on screen: on a phone, the narrow layout rather than the wide one shrunk.
    const name = svg.querySelector(".arm-node-name");
    if (name) {
      const px = (parseFloat(getComputedStyle(name).fontSize) * svg.getBoundingClientRect().width) / /** @type {SVGSVGElement} */ (svg).viewBox.baseVal.width;
      if (px < minTextPx) out.push(`diagram: component names drawn at ${px.toFixed(1)} px`);
    }
  }
  return out;
}

/**
 * @param {import("playwright-core").Page} page
 * @param {string} file
 * @param {string} what
 */
async function check(page, file, what) {
  const minTextPx = (page.viewportSize()?.width ?? 0) < 600 ? 11 : 8;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(SHOTS, `${file}.png`), fullPage: true });
  const found = await page.evaluate(problems, minTextPx);
  return [...new Set(found)].map((p) => `${what}: ${p}`);
}

for (const scheme of /** @type {const} */ (["light", "dark"])) {
  for (const [width, height] of [[1400, 900], [390, 844]]) {
    test(`layout at ${width} px, ${scheme}: no sideways overflow, no broken word, readable diagram`, async () => {
      const p = await openPage(browser, srv.origin, { colorScheme: scheme, viewport: { width, height } });
      const { page } = p;
      await page.goto(srv.url(""));
      await ready(page);
      await page.evaluate((a) => {
        /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = a;
      }, example);
      const map = page.locator("ai-risk-map");
      const tag = `${scheme}-${width}`;
      const found = [];
      if (width === 390) {
        const head = await page.locator("header.head").boundingBox();
        if ((head?.height ?? 0) > height / 4) found.push(`the header takes ${Math.round(head?.height ?? 0)} of ${height} px`);
      }
      await page.getByRole("button", { name: "Assess", exact: true }).click();
      for (const step of [1, 2, 3, 4, 5]) {
        await map.locator(`.arm-step-button[data-step="${step}"]`).click();
        await map.locator(`section.arm-step[data-step="${step}"]`).waitFor();
        found.push(...(await check(page, `${tag}-step${step}`, `step ${step}`)));
      }
      await page.getByRole("button", { name: "Diagram", exact: true }).click();
      await map.locator('[data-component="8"]').waitFor();
      found.push(...(await check(page, `${tag}-diagram`, "diagram")));
      await map.locator('[data-component="9"]').click();
      await map.getByRole("region", { name: /Component 9/ }).waitFor();
      found.push(...(await check(page, `${tag}-panel`, "diagram with panel")));
      await page.getByRole("button", { name: "Catalog", exact: true }).click();
      await map.locator(".arm-results").first().waitFor();
      found.push(...(await check(page, `${tag}-catalog`, "catalog")));
      await map.locator('.arm-results [data-risk="9.12"] button').click();
      await map.locator('[data-item="risk:9.12"]').waitFor();
      found.push(...(await check(page, `${tag}-catalog-risk`, "catalog risk")));
      await page.getByRole("button", { name: "Report", exact: true }).click();
      await map.locator(".arm-report").waitFor();
      found.push(...(await check(page, `${tag}-report`, "report")));
      assert.deepEqual(found, []);
      await p.context.close();
    });
  }
}
