/** A control's implementation status. */
export type ControlStatus = "implemented" | "partial" | "planned" | "not_implemented" | "not_applicable" | "not_assessed";
/** Shared-responsibility category of a control. */
export type Responsibility = "configuration" | "implementation" | "out_of_the_box" | "education";
/** Residual-risk band; always shown with its figure. */
export type Level = "none" | "low" | "medium" | "high";
/** How an evaluation sees a risk. */
export type RiskState = "covered" | "partial" | "uncovered" | "set_aside" | "not_applicable";

/** A date written `YYYY-MM-DD`. */
export type IsoDate = string;
/** A risk's decision: set aside (`pertinent: false`), brought into scope (`true`), rated, with excluded controls. */
export interface RiskDecision {
  pertinent?: boolean; reason?: string;
  /** 1 (rare) to 5 (almost certain). */
  likelihood?: number;
  /** 1 (negligible) to 5 (severe). */
  impact?: number;
  /** Control id (one of the risk's) -> why the team does not rely on it for this risk. */
  excludedControls?: Record<string, string>;
}
/** A control's state; `status` is `not_assessed` when absent. */
export interface ControlState {
  status?: ControlStatus; owner?: string; note?: string;
  /** Links or statements showing the control is in place. */
  evidence?: string[];
  /** When a planned or partial control is due. */
  due?: IsoDate;
}
/** An erratum of a catalog: a published value and the corrected one, with the reason. */
export interface Erratum { risk: string; field: "deployment"; published: string[]; corrected: string[]; reason: string }

/** The assessment document (schema `ai-risk-map/assessment`, version 3; versions 1 and 2 are read and migrated). */
export interface Assessment {
  schema: "ai-risk-map/assessment";
  schemaVersion?: 1 | 2 | 3;
  useCase?: { name?: string; description?: string; owner?: string };
  /** Catalog version: "1.0" or "2.0" (default "2.0"). */
  dasf?: string;
  /** Use the catalog exactly as published, without its errata. */
  asPublished?: boolean;
  assessedOn?: IsoDate;
  assessor?: string;
  /** Deployment model ids; empty means every risk applies. */
  deploymentModels?: string[];
  /** Component ids in scope; absent means all. */
  components?: string[];
  /** Risk id -> decision; unlisted risks are pertinent when the deployment models flag them. */
  risks?: Record<string, RiskDecision>;
  /** Control id -> state; unlisted controls are not assessed. */
  controls?: Record<string, ControlState>;
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
  /** Corrections to the facts as published. */
  errata?: Erratum[];
  /** Whether the risks carry the corrected values (else as published). */
  errataApplied?: boolean;
}

export interface Score {
  coverage: number | null; residual: number | null; level: Level; applicable: number;
  scored: number; covered: number; partial: number; uncovered: number; setAside: number;
}
/** A next control: what implementing it would bring, who owns it, when it is due. */
export interface NextControl {
  id: string; name: string; status: ControlStatus; gain: number; risks: string[];
  owner: string; due: IsoDate | null;
}
export interface Report {
  schema: "ai-risk-map/report"; schemaVersion: 2; generator: string;
  useCase: { name: string; description: string; owner: string };
  framework: string; dasf: string; catalogSource: string; catalogNotes: string[];
  deploymentModels: string[];
  /** The catalog was used as published; `errata` are the corrections used (none then). */
  asPublished: boolean; errata: Erratum[];
  scoring: string;
  /** The first page: who, when, how far, what is most at risk, what next, what is in place. */
  summary: {
    assessedOn: IsoDate | null; assessor: string;
    /** Controls assessed out of the controls that matter. */
    progress: { assessed: number; total: number };
    /** Scored risks without likelihood and impact. */
    unrated: number;
    topRisks: {
      id: string; name: string; component: string; state: RiskState; coverage: number | null;
      likelihood: number | null; impact: number | null; priority: number | null; why: string;
    }[];
    topActions: NextControl[];
    inPlace: { id: string; name: string; owner: string; evidence: string[]; note: string }[];
  };
  overall: Score;
  stages: (Score & { id: string; name: string })[];
  components: (Score & { id: string; name: string; stage: string; inScope: boolean })[];
  risks: {
    id: string; name: string; component: string; state: RiskState;
    /** flagged by the deployment models, included by the team, not flagged, or its component out of scope. */
    scope: "flagged" | "included" | "not_flagged" | "component_out_of_scope";
    coverage: number | null; reason?: string;
    likelihood: number | null; impact: number | null;
    /** likelihood x impact x (1 - coverage), 0..25, when rated and scored. */
    priority: number | null;
    /** Scored with every control excluded. */
    noChosenControl: boolean;
    /** `excluded` is the reason when the team does not rely on the control for this risk. */
    controls: { id: string; status: ControlStatus; excluded?: string }[];
  }[];
  controls: {
    id: string; name: string; status: ControlStatus; responsibility: Responsibility; risks: string[]; open: boolean;
    owner: string; note: string; evidence: string[]; due: IsoDate | null;
  }[];
  /** By priority of their risk. */
  gaps: {
    risk: string; riskName: string; component: string; control: string; controlName: string;
    status: ControlStatus; responsibility: Responsibility; owner: string; note: string;
    evidence: string[]; due: IsoDate | null; priority: number | null;
  }[];
  nextControls: NextControl[];
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
/** One edit of a `Session`: the value to put at `path` (keys and array positions); null removes it. */
export interface Edit { path: (string | number)[]; value?: unknown }
/** What an edit changed. */
export interface SessionChange {
  /** Each touched entry (`["controls", "DASF 1"]`) or top-level member (`["useCase"]`) as it now reads; null when back to its default. */
  document: { path: string[]; value: unknown }[];
  /** The report members that changed, whole; and the changed items of its lists, as [position, item] pairs. */
  report: Partial<Report> & {
    items: {
      stages: [number, Report["stages"][number]][];
      components: [number, Report["components"][number]][];
      risks: [number, Report["risks"][number]][];
    };
  };
}
