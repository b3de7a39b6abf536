/** A control's implementation status. */
export type ControlStatus = "implemented" | "partial" | "planned" | "not_implemented" | "not_applicable";
/** Shared-responsibility category of a control. */
export type Responsibility = "configuration" | "implementation" | "out_of_the_box" | "education";
/** Residual-risk band; always shown with its figure. */
export type Level = "none" | "low" | "medium" | "high";
/** How an evaluation sees a risk. */
export type RiskState = "covered" | "partial" | "uncovered" | "set_aside" | "not_applicable";

/** The assessment document (schema `ai-risk-map/assessment`, version 2; version 1 is read and migrated). */
export interface Assessment {
  schema: "ai-risk-map/assessment";
  schemaVersion?: 1 | 2;
  useCase?: { name?: string; description?: string; owner?: string };
  /** Catalog version: "1.0" or "2.0" (default "2.0"). */
  dasf?: string;
  /** Deployment model ids; empty means every risk applies. */
  deploymentModels?: string[];
  /** Component ids in scope; absent means all. */
  components?: string[];
  /** Risk id -> decision; unlisted risks are pertinent. */
  risks?: Record<string, { pertinent?: boolean; reason?: string }>;
  /** Control id -> state; unlisted controls are not implemented. */
  controls?: Record<string, { status: ControlStatus; owner?: string; note?: string }>;
  /** Set by `migrateAssessment`: the catalog version it came from and what the move added. */
  catalogMigration?: { from: string; newRisks: string[]; newControls: string[] };
}

export interface Stage { id: string; name: string; description: string; components: string[] }
export interface Component { id: string; name: string; stage: string; description: string }
export interface DeploymentModel { id: string; name: string; description: string }
export interface Risk {
  id: string; name: string; otherVersionName?: string; component: string; stage: string;
  kind: "ai" | "cyber"; introduced: string; deployment: string[]; controls: string[];
  /** Crosswalk key (see Catalog.crosswalks) -> entry ids. */
  crosswalk: Record<string, string[]>; description: string; notes?: string[];
}
export interface Control {
  id: string; name: string; introduced: string; controlType: string; kind: string;
  responsibility: Responsibility; operator: string; novelty: "novel" | "traditional";
  risks: string[]; crosswalk: Record<string, string[]>; description: string;
  implementation: string; notes?: string[];
}
export interface Crosswalk { id: string; name: string; threats: boolean; entries: Record<string, string> }
export interface Catalog {
  schema: "ai-risk-map/catalog"; schemaVersion: 1; framework: string; version: string;
  provenance: { published: string; source: string; compiled: string; notes: string[] };
  stages: Stage[]; components: Component[]; deploymentModels: DeploymentModel[];
  risks: Risk[]; controls: Control[]; crosswalks: Crosswalk[];
}

export interface Score {
  coverage: number | null; residual: number | null; level: Level; applicable: number;
  scored: number; covered: number; partial: number; uncovered: number; setAside: number;
}
export interface Report {
  schema: "ai-risk-map/report"; schemaVersion: 1; generator: string;
  useCase: { name: string; description: string; owner: string };
  framework: string; dasf: string; catalogSource: string; catalogNotes: string[];
  deploymentModels: string[]; scoring: string; overall: Score;
  stages: (Score & { id: string; name: string })[];
  components: (Score & { id: string; name: string; stage: string; inScope: boolean })[];
  risks: {
    id: string; name: string; component: string; state: RiskState; coverage: number | null;
    reason?: string; controls: { id: string; status: ControlStatus }[];
  }[];
  controls: { id: string; name: string; status: ControlStatus; responsibility: Responsibility; risks: string[]; open: boolean }[];
  gaps: {
    risk: string; riskName: string; component: string; control: string; controlName: string;
    status: ControlStatus; responsibility: Responsibility; owner: string; note: string;
  }[];
  nextControls: { id: string; name: string; status: ControlStatus; gain: number; risks: string[] }[];
  responsibility: { responsibility: Responsibility; label: string; controls: string[] }[];
  warnings: string[];
  /** After a catalog move: the new risks and controls not decided yet. */
  review?: { from: string; risks: string[]; controls: string[] };
}
/** Display words for the engine's codes: kind -> code -> label. */
export interface Labels {
  status: Record<ControlStatus, string>; state: Record<RiskState, string>;
  level: Record<Level, string>; responsibility: Record<Responsibility, string>;
}
export interface SearchHit {
  kind: "component" | "risk" | "control"; id: string; name: string;
  matched: string; crosswalk?: string[]; score: number;
}
export interface DiagramOptions { selected?: string; standalone?: boolean; dasf?: string }
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
}
