//! Moving an assessment between catalog versions (DASF 1.0 to 2.0, or to an organisation's
//! own catalog): every decision is kept, what the target adds is listed for review, and a
//! move that would drop a decision is refused rather than done.

use super::document::{Assessment, CatalogMigration};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::idmap::IdIndex;

impl Assessment {
    /// This assessment, made on `from`, moved to `to`. Statuses, owners, notes and reasons
    /// carry over unchanged (ids are stable across DASF versions); the risks and controls
    /// that `to` adds are recorded in `catalogMigration` so the report can ask for a review.
    ///
    /// Fails, changing nothing, when `to` lacks something the assessment has decided on: a
    /// move must never lose work silently.
    pub fn migrate(&self, from: &Catalog, to: &Catalog) -> Result<Assessment> {
        self.validate(from)?;
        if from.version == to.version {
            return Ok(self.clone());
        }
        let mut lost: Vec<String> = Vec::new();
        let mut check = |kind: &str, id: &str, exists: bool| {
            if !exists {
                lost.push(format!("{kind} `{}`", crate::limits::excerpt(id)));
            }
        };
        // Indexed, so that moving a large assessment stays linear.
        let models = IdIndex::new(to.deployment_models.iter().map(|d| d.id.as_str()));
        let components = IdIndex::new(to.components.iter().map(|c| c.id.as_str()));
        let to_risks = IdIndex::new(to.risks.iter().map(|r| r.id.as_str()));
        let to_controls = IdIndex::new(to.controls.iter().map(|c| c.id.as_str()));
        for id in &self.deployment_models {
            check("deployment model", id, models.contains(id));
        }
        for id in self.components.iter().flatten() {
            check("component", id, components.contains(id));
        }
        for id in self.risks.keys() {
            check("risk", id, to_risks.contains(id));
        }
        for id in self.controls.keys() {
            check("control", id, to_controls.contains(id));
        }
        if !lost.is_empty() {
            let shown = lost[..lost.len().min(8)].join(", ");
            let more = match lost.len() {
                n if n > 8 => format!(" and {} more", n - 8),
                _ => String::new(),
            };
            return Err(Error::Shape {
                path: "dasf".into(),
                message: format!(
                    "cannot move this assessment from DASF {} to DASF {}: {} has no {shown}{more}, \
                     so those decisions would be lost; clear them first, or stay on DASF {}",
                    from.version, to.version, to.version, from.version
                ),
            });
        }
        let from_risks = IdIndex::new(from.risks.iter().map(|r| r.id.as_str()));
        let from_controls = IdIndex::new(from.controls.iter().map(|c| c.id.as_str()));
        // Loops, not filter, map and collect: less code in the wasm.
        let mut new_risks = Vec::new();
        for r in &to.risks {
            if !from_risks.contains(&r.id) {
                new_risks.push(r.id.clone());
            }
        }
        let mut new_controls = Vec::new();
        for c in &to.controls {
            if !from_controls.contains(&c.id) {
                new_controls.push(c.id.clone());
            }
        }
        let mut moved = self.clone();
        moved.dasf = to.version.clone();
        moved.catalog_migration =
            (!new_risks.is_empty() || !new_controls.is_empty()).then(|| CatalogMigration {
                from: from.version.clone(),
                new_risks,
                new_controls,
            });
        // The record of the move makes the document longer: a move that would take it over
        // the size limit is refused, so that what it gives can always be read back.
        moved.check_written_size(&format!(
            "the assessment moved to DASF {}",
            crate::limits::excerpt(&to.version)
        ))?;
        Ok(moved)
    }

    /// What a catalog move added that the team has not decided on yet: risks with no
    /// recorded decision and controls with no recorded status, in catalog order.
    pub fn to_review(&self) -> (Vec<&str>, Vec<&str>) {
        let Some(m) = &self.catalog_migration else {
            return (Vec::new(), Vec::new());
        };
        let decided = IdIndex::new(self.risks.keys().map(String::as_str));
        let set = IdIndex::new(self.controls.keys().map(String::as_str));
        let risks = m.new_risks.iter().map(String::as_str);
        let controls = m.new_controls.iter().map(String::as_str);
        (
            risks.filter(|id| !decided.contains(id)).collect(),
            controls.filter(|id| !set.contains(id)).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::assess::{Assessment, ControlStatus};
    use crate::catalog::builtin;

    fn on_1_0() -> Assessment {
        Assessment::from_json(
            r#"{"schema": "ai-risk-map/assessment", "schemaVersion": 1, "dasf": "1.0",
            "useCase": {"name": "Support bot"}, "deploymentModels": ["rag_llm"],
            "risks": {"9.1": {"pertinent": false, "reason": "no free text"}},
            "controls": {"DASF 1": {"status": "implemented", "owner": "IAM", "note": "Okta"},
                         "DASF 8": {"status": "planned"}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_threat_review_moves_with_its_risk() {
        let (v1, v2) = (builtin("1.0").unwrap(), builtin("2.0").unwrap());
        let a = Assessment::from_json(
            r#"{"schema": "ai-risk-map/assessment", "dasf": "1.0",
            "risks": {"9.1": {"threatsReviewed": true, "threatsNote": "public chat"}}}"#,
        )
        .unwrap();
        let moved = a.migrate(v1, v2).unwrap();
        assert_eq!(moved.risks.get("9.1"), a.risks.get("9.1"));
        let back = moved.migrate(v2, v1).unwrap();
        assert!(back.risks.get("9.1").unwrap().threats_reviewed);
    }

    #[test]
    fn moving_1_0_to_2_0_keeps_every_decision_and_lists_what_is_new() {
        let (v1, v2) = (builtin("1.0").unwrap(), builtin("2.0").unwrap());
        let a = on_1_0();
        let moved = a.migrate(v1, v2).unwrap();
        assert_eq!(moved.dasf, "2.0");
        assert_eq!(moved.use_case, a.use_case);
        assert_eq!(moved.deployment_models, a.deployment_models);
        assert_eq!(moved.risks, a.risks);
        assert_eq!(moved.controls, a.controls);
        let m = moved.catalog_migration.as_ref().unwrap();
        assert_eq!(m.from, "1.0");
        // 62 - 55 risks and 64 - 53 controls are new in 2.0.
        assert_eq!(m.new_risks.len(), 7);
        assert_eq!(m.new_controls.len(), 11);
        assert!(m.new_risks.iter().all(|id| v1.risk(id).is_none()));
        // The record survives a save and a load.
        let reloaded = Assessment::from_json(&moved.to_json()).unwrap();
        assert_eq!(reloaded, moved);
        reloaded.validate(v2).unwrap();
    }

    #[test]
    fn the_report_says_what_is_left_to_review() {
        let (v1, v2) = (builtin("1.0").unwrap(), builtin("2.0").unwrap());
        let moved = on_1_0().migrate(v1, v2).unwrap();
        let report = crate::assess::evaluate(v2, &moved).unwrap();
        let review = report.review.as_ref().unwrap();
        assert_eq!((review.risks.len(), review.controls.len()), (7, 11));
        assert!(report
            .warnings
            .iter()
            .any(|w| w.contains("7 new risks and 11 new controls")));
        let md = crate::render::markdown::report(&report, v2);
        assert!(md.contains("## New since DASF 1.0, to review"), "{md}");
        assert!(md.contains(&format!(
            "- Control {}",
            review.controls[0].replace('_', "\\_")
        )));
        // An assessment that never moved has no such section.
        let report = crate::assess::evaluate(v1, &on_1_0()).unwrap();
        assert!(report.review.is_none());
    }

    #[test]
    fn items_leave_the_review_list_once_decided() {
        let (v1, v2) = (builtin("1.0").unwrap(), builtin("2.0").unwrap());
        let mut moved = on_1_0().migrate(v1, v2).unwrap();
        let (risks, controls) = moved.to_review();
        assert_eq!((risks.len(), controls.len()), (7, 11));
        let (risk, control) = (risks[0].to_string(), controls[0].to_string());
        moved.risks.insert(
            risk.clone(),
            crate::assess::RiskDecision {
                pertinent: Some(true),
                ..Default::default()
            },
        );
        moved.controls.insert(
            control.clone(),
            crate::assess::ControlState {
                status: ControlStatus::Planned,
                ..Default::default()
            },
        );
        let (risks, controls) = moved.to_review();
        assert_eq!((risks.len(), controls.len()), (6, 10));
        assert!(!risks.contains(&risk.as_str()) && !controls.contains(&control.as_str()));
    }

    #[test]
    fn a_move_that_would_drop_decisions_is_refused() {
        let (v1, v2) = (builtin("1.0").unwrap(), builtin("2.0").unwrap());
        let mut a = on_1_0().migrate(v1, v2).unwrap();
        let new_risk = a.catalog_migration.as_ref().unwrap().new_risks[0].clone();
        a.risks.insert(
            new_risk.clone(),
            crate::assess::RiskDecision {
                pertinent: Some(false),
                reason: "n/a".into(),
                ..Default::default()
            },
        );
        let err = a.migrate(v2, v1).unwrap_err();
        assert_eq!(err.path(), Some("dasf"));
        let msg = err.to_string();
        assert!(msg.contains(&format!("risk `{new_risk}`")), "{msg}");
        assert!(msg.contains("would be lost"), "{msg}");
        // Straight back without new decisions is fine, and says nothing is left to review.
        let back = on_1_0().migrate(v1, v2).unwrap().migrate(v2, v1).unwrap();
        assert_eq!(back.dasf, "1.0");
        assert!(back.catalog_migration.is_none());
    }
}
