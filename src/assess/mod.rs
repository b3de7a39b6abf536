//! The assessment: the versioned JSON document a user fills in (use case, deployment models,
//! scope, risk decisions, control statuses), its parsing and validation against a catalog,
//! and its evaluation into a [`Report`].

mod document;
mod evaluate;
mod migrate;

pub use document::{
    Assessment, CatalogMigration, ControlState, ControlStatus, RiskDecision, UseCase,
    ASSESSMENT_SCHEMA, ASSESSMENT_SCHEMA_VERSION, OLDEST_ASSESSMENT_SCHEMA_VERSION,
};
pub use evaluate::{
    evaluate, labels, ComponentScore, ControlResult, Gap, Level, NextControl, Report,
    ResponsibilityShare, Review, RiskResult, RiskState, Score, StageScore, REPORT_SCHEMA,
    SCORING_MODEL,
};
