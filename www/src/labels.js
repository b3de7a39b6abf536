// Words for the engine's codes. Display only: every figure comes from the engine's report.
import { h } from "./dom.js";

/** @typedef {import("../../pkg/ai_risk_map.js").Labels} Labels */

/** The engine's words for its codes (see `labels()` in the engine); set once it has loaded. */
let words = /** @type {Labels} */ ({ status: {}, state: {}, level: {}, responsibility: {}, responsibilityHelp: {}, plural: {} });

/**
 * Take the words from the engine, so that every face says what the reports say.
 * @param {{labels(): Labels}} api
 */
export function useLabels(api) {
  words = api.labels();
}

/** The control statuses as [code, label] pairs, in the engine's order, for pickers. */
export const statuses = () => /** @type {[import("../../pkg/ai_risk_map.js").ControlStatus, string][]} */ (Object.entries(words.status));

/** The shared-responsibility categories as [code, label] pairs, in the engine's order. */
export const responsibilities = () => /** @type {[import("../../pkg/ai_risk_map.js").Responsibility, string][]} */ (Object.entries(words.responsibility));

/**
 * What a responsibility category means, in the engine's words.
 * @param {string} responsibility
 */
export const responsibilityHelp = (responsibility) => /** @type {Record<string, string>} */ (words.responsibilityHelp)[responsibility] ?? "";

/** @param {string} status */
export const statusLabel = (status) => /** @type {Record<string, string>} */ (words.status)[status] ?? status;

/** @param {string} state */
export const stateLabel = (state) => /** @type {Record<string, string>} */ (words.state)[state] ?? state;

/** @param {string} responsibility */
export const responsibilityLabel = (responsibility) => /** @type {Record<string, string>} */ (words.responsibility)[responsibility] ?? responsibility;

/**
 * A count with its noun, the plural taken from the engine's table (`labels().plural`, the
 * one the reports use): count(1, "risk") is "1 risk", count(2, "open gap") is "2 open gaps".
 * @param {number} n
 * @param {string} noun the singular; with several words, the last one takes the plural
 */
export function count(n, noun) {
  if (n === 1) return `1 ${noun}`;
  const cut = noun.lastIndexOf(" ");
  const last = noun.slice(cut + 1);
  return `${n} ${noun.slice(0, cut + 1)}${words.plural[last] ?? `${last}s`}`;
}

/**
 * A coverage figure from the report, as the engine's own renderers print it.
 * @param {number | null} value
 */
export function pct(value) {
  return value == null ? "\u2013" : `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%`;
}

/**
 * The residual-risk band as a chip: colour and words together.
 * @param {string} level
 */
export function levelChip(level) {
  return h("span", { class: `arm-chip arm-level-${level}`, text: levelLabel(level) });
}

/** @param {string} level */
export const levelLabel = (level) => /** @type {Record<string, string>} */ (words.level)[level] ?? level;

/**
 * A risk state as a chip.
 * @param {string} state
 */
export function stateChip(state) {
  return h("span", { class: `arm-chip arm-state-${state}`, text: stateLabel(state) });
}
