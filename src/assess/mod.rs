//! The assessment: the versioned JSON document a user fills in (use case, deployment models,
//! scope, risk decisions, control statuses), its parsing and validation against a catalog,
//! and its evaluation into a [`Report`].

mod document;
mod evaluate;
mod migrate;

pub use document::{
    Assessment, CatalogMigration, ControlState, ControlStatus, RiskDecision, UseCase,
    ASSESSMENT_SCHEMA, ASSESSMENT_SCHEMA_VERSION, DATE_PATTERN, OLDEST_ASSESSMENT_SCHEMA_VERSION,
};
pub(crate) use evaluate::corrected_as_follows;
pub use evaluate::{
    evaluate, evaluate_in, labels, one_decimal, ComponentScore, ControlRef, ControlResult,
    ErratumInForce, Gap, InPlace, Level, NextControl, Progress, Report, ResponsibilityShare,
    Review, RiskResult, RiskState, Scope, Score, StageScore, Summary, TopRisk, REPORT_SCHEMA,
    REPORT_SCHEMA_VERSION, SCORING_MODEL,
};
pub(crate) use evaluate::{evaluate_valid, Reuse};
