// Words for the engine's codes. Display only: every figure comes from the engine's report.
import { h } from "./dom.js";

/** @type {[import("../../pkg/ai_risk_map.js").ControlStatus, string][]} */
export const STATUSES = [
  ["implemented", "Implemented"],
  ["partial", "Partial"],
  ["planned", "Planned"],
  ["not_implemented", "Not implemented"],
  ["not_applicable", "Not applicable"],
];

/** @param {string} status */
export const statusLabel = (status) => STATUSES.find((s) => s[0] === status)?.[1] ?? status;

/** @type {Record<string, string>} */
const LEVELS = { none: "Not scored", low: "Low", medium: "Medium", high: "High" };
/** @type {Record<string, string>} */
const STATES = {
  covered: "Covered",
  partial: "Partly covered",
  uncovered: "Open",
  set_aside: "Set aside",
  not_applicable: "Not applicable",
};

/** @param {string} state */
export const stateLabel = (state) => STATES[state] ?? state;

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
  return h("span", { class: `arm-chip arm-level-${level}`, text: LEVELS[level] ?? level });
}

/**
 * A control status as a chip.
 * @param {string} status
 */
export function statusChip(status) {
  return h("span", { class: `arm-chip arm-status-${status}`, text: statusLabel(status) });
}

/**
 * A risk state as a chip.
 * @param {string} state
 */
export function stateChip(state) {
  return h("span", { class: `arm-chip arm-state-${state}`, text: stateLabel(state) });
}
