// The documents (Assessment, Catalog, Report and their parts) are generated from the Rust
// types into documents.d.ts; these are the binding's own shapes.
/** Display words for the engine's codes: kind -> code -> label. */
export interface Labels {
  status: Record<ControlStatus, string>; state: Record<RiskState, string>;
  level: Record<Level, string>; responsibility: Record<Responsibility, string>;
  /** What each responsibility category means, in a sentence. */
  responsibilityHelp: Record<Responsibility, string>;
  /** The plural of each noun the faces count (`risk` -> `risks`): the one table of plurals. */
  plural: Record<string, string>;
}
export interface SearchHit {
  kind: "component" | "risk" | "control"; id: string; name: string;
  matched: string; crosswalk?: string[]; score: number;
}
export interface DiagramOptions {
  selected?: string; standalone?: boolean; dasf?: string;
  /** One column that reads on a phone (about 400 px), instead of three stages side by side. */
  narrow?: boolean;
}
export interface AutosaveState {
  assessment: Assessment | null; movedAsideTo: string | null; error: string | null;
  /** A corrupt save that storage was too full to move aside: left in place; do not autosave over it. */
  keptInPlace: boolean;
}
/** Errors thrown by the engine. */
export interface AiRiskMapError extends Error {
  name: "AiRiskMapError";
  code: "invalid_json" | "invalid_document" | "unknown_id" | "unsupported_version" | "too_large" | "invalid_catalog" | "invalid_argument";
  /** Where in the document, segment by segment (`["risks", "9.11", "status"]`; numbers are
   * array positions); null when the error is not about one place. The message shows it too. */
  path: (string | number)[] | null;
  /** Every error found in the document, this one first (a document can have several; up to
   * `limits().maxErrors` are described). */
  errors: { message: string; code: AiRiskMapError["code"]; path: (string | number)[] | null }[];
  /** How many more errors were found beyond those listed in `errors`. */
  moreErrors: number;
}
/** One edit of a `Session`: the value to put at `path` (keys and array positions); null removes it. */
export interface Edit { path: (string | number)[]; value?: unknown }
/** What changed in an object, in a `SessionChange`: the members set (whole), the members no
 * longer there, the list members that changed (see `ListPatch`) and the object members that
 * changed, each patched in turn. Each part is there only when it has something. */
export interface ObjectPatch<T> {
  set?: Partial<T>;
  unset?: (keyof T & string)[];
  lists?: { [K in keyof T]?: ListPatch<T[K] extends (infer I)[] ? I : never> };
  objects?: { [K in keyof T]?: ObjectPatch<T[K]> };
}
/** A list that changed, item by item: the position of the same item in the list as it was;
 * a negative number -k for the k items, unchanged, after the previous item's old position
 * (from the first at the start); `[position, patch]` that item with a patch; or a new item. */
export type ListPatch<T> = (number | [number, ObjectPatch<T>] | T)[];
/** What an edit changed. */
export interface SessionChange {
  /** Each touched entry (`["controls", "DASF 1"]`) or top-level member (`["useCase"]`) as it now reads; null when back to its default. */
  document: { path: string[]; value: unknown }[];
  /** What changed in the report. */
  report: ObjectPatch<Report>;
}
