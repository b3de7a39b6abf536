// Type declarations for the `<ai-risk-map>` custom element (the package's "." and
// "./standalone" entry points). The engine's own types (Assessment, Report, Catalog, ...) come
// from ai_risk_map.d.ts, which the build copies beside this file from pkg/.
import type * as EngineModule from "./ai_risk_map.js";
import type { Assessment, Report, AiRiskMapError } from "./ai_risk_map.js";

export type * from "./ai_risk_map.js";

/** The engine API once the wasm is loaded: every function of the engine module. */
export type Engine = Omit<typeof EngineModule, "default" | "initSync">;

/** Which screen the element shows. */
export type AiRiskMapView = "diagram" | "assessment" | "catalog" | "report";
/** Colour theme; `auto` follows the host page's light or dark (its attribute and class conventions, `color-scheme`, then `prefers-color-scheme`: docs/embedding.md, section 4). */
export type AiRiskMapTheme = "light" | "dark" | "auto";
/** DASF catalog versions built in. */
export type AiRiskMapDasf = "1.0" | "2.0";

/** Attributes of `<ai-risk-map>` (all strings in HTML; changing one updates the element). */
export interface AiRiskMapAttributes {
  /** `diagram` (default), `assessment`, `catalog` or `report`. */
  view?: AiRiskMapView;
  /** Catalog version: a built-in DASF one (`2.0` when absent), or that of a catalog loaded with `catalog` or `registerCatalog`. */
  dasf?: AiRiskMapDasf | (string & {});
  /** URL of a catalog document of one's own (`ai-risk-map import-compendium`, `import-cosai`), relative to the page; read when the element starts, and the blank assessment is on it unless `dasf` says otherwise. */
  catalog?: string;
  /** Comma-separated deployment model ids, for example `rag_llm,fine_tuned_llm`. */
  deployment?: string;
  /** A component id to focus, for example `9`. */
  component?: string;
  /** URL of an assessment JSON to show (read-only); relative to the page. */
  src?: string;
  /** Present: the reader can look but not edit. */
  readonly?: boolean | "";
  /** `light`, `dark` or `auto` (default). */
  theme?: AiRiskMapTheme;
}

/** `event.detail` of `ai-risk-map-change`: the assessment after the change and its report. */
export interface AiRiskMapChangeDetail {
  assessment: Assessment;
  report: Report;
}

/** `event.detail` of `ai-risk-map-select`: what the reader chose. */
export interface AiRiskMapSelectDetail {
  kind: "component" | "risk" | "control";
  id: string;
}

/** `event.detail` of `ai-risk-map-navigate`, and the argument of `navigate()`: where the element is. */
export interface AiRiskMapPlace {
  view: AiRiskMapView;
  /** The assessment's step, 1 to 5. */
  step?: number;
  /** The catalog's item; null for the list. */
  item?: { kind: "risk" | "control"; id: string } | null;
}

export interface AiRiskMapEventMap extends HTMLElementEventMap {
  "ai-risk-map-change": CustomEvent<AiRiskMapChangeDetail>;
  "ai-risk-map-select": CustomEvent<AiRiskMapSelectDetail>;
  /** The view, step or catalog item changed (a page writes it in its address for Back). */
  "ai-risk-map-navigate": CustomEvent<AiRiskMapPlace>;
}

/** The `<ai-risk-map>` element. Importing the module defines it (once per page). */
export declare class AiRiskMap extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Settles when the engine has loaded and the first view is drawn (rejections are shown inside the element). */
  readonly ready: Promise<void>;
  /** The view shown; setting it sets the `view` attribute. */
  view: AiRiskMapView;
  /**
   * A copy of the assessment shown; null before the engine has loaded when none was set.
   * Setting validates it with the engine: an invalid document throws {@link AiRiskMapError}
   * and changes nothing. Setting null starts a blank assessment from the attributes.
   */
  get assessment(): Assessment | null;
  set assessment(value: Assessment | null);
  /** A copy of the report of the current assessment; null before the engine has loaded. */
  readonly report: Report | null;
  /** Open a risk or a control in the catalog view. */
  show(kind: "risk" | "control", id: string): void;
  /** The assessment view's step, 1 to 5. */
  readonly step: number;
  /** Go to a view, a step or a catalog item; settles once it is drawn. */
  navigate(place: AiRiskMapPlace): Promise<void>;
  /** Take back the latest edit (as Ctrl/Cmd+Z does inside the element); false when there is none. */
  undo(): boolean;
  /** Make again the latest edit taken back (Shift+Ctrl/Cmd+Z); false when there is none. */
  redo(): boolean;
  /** Show a message inside the element (null clears it). */
  showError(error: unknown): void;

  addEventListener<K extends keyof AiRiskMapEventMap>(
    type: K,
    listener: (this: AiRiskMap, ev: AiRiskMapEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof AiRiskMapEventMap>(
    type: K,
    listener: (this: AiRiskMap, ev: AiRiskMapEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The page's one engine instance (shared with every element), loaded on first call. */
export declare function engine(): Promise<Engine>;

declare global {
  interface HTMLElementTagNameMap {
    "ai-risk-map": AiRiskMap;
  }
  interface DocumentEventMap {
    "ai-risk-map-change": CustomEvent<AiRiskMapChangeDetail>;
    "ai-risk-map-select": CustomEvent<AiRiskMapSelectDetail>;
  }
}
