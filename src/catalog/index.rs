//! Positions by id in one catalog, built once and kept by whoever evaluates against the same
//! catalog again and again (a session: one evaluation per edit). Validation and evaluation
//! look every id up here, so they stay linear in the catalog and the document, and the
//! sorting and the searches by text that building the indexes costs are paid once per
//! catalog, not once per edit (they were two fifths of an evaluation of the DASF example).

use std::sync::OnceLock;

use super::Catalog;
use crate::assess::ErratumInForce;
use crate::idmap::IdIndex;

/// The indexes of a catalog, and each risk's component and controls by position.
#[derive(Debug, Clone)]
pub struct CatalogIndex<'c> {
    pub catalog: &'c Catalog,
    pub components: IdIndex<'c>,
    pub deployment_models: IdIndex<'c>,
    pub risks: IdIndex<'c>,
    pub controls: IdIndex<'c>,
    /// By risk position: the position of its component.
    risk_component: Vec<usize>,
    /// By risk position: the positions of its controls, in the risk's order
    /// (`risk_controls[risk_control_start[r]..risk_control_start[r + 1]]`).
    risk_controls: Vec<usize>,
    risk_control_start: Vec<usize>,
    /// By control position: the positions of the risks that list it, in catalog order
    /// (`control_risks[control_risk_start[c]..control_risk_start[c + 1]]`).
    control_risks: Vec<usize>,
    control_risk_start: Vec<usize>,
    /// The catalog's corrections as a report gives them, worked out once: each names
    /// deployment models in words, which a session's edit would otherwise write again.
    pub(crate) errata_in_force: OnceLock<Vec<ErratumInForce<'c>>>,
}

impl<'c> CatalogIndex<'c> {
    /// Index a catalog that has passed its checks (every reference resolves).
    pub fn new(catalog: &'c Catalog) -> CatalogIndex<'c> {
        let components = IdIndex::new(catalog.components.iter().map(|c| c.id.as_str()));
        let controls = IdIndex::new(catalog.controls.iter().map(|c| c.id.as_str()));
        let mut risk_component = Vec::with_capacity(catalog.risks.len());
        let mut risk_controls = Vec::new();
        let mut risk_control_start = Vec::with_capacity(catalog.risks.len() + 1);
        for risk in &catalog.risks {
            risk_component.push(components.get(&risk.component).expect("checked catalog"));
            risk_control_start.push(risk_controls.len());
            for control in &risk.controls {
                risk_controls.push(controls.get(control).expect("checked catalog"));
            }
        }
        risk_control_start.push(risk_controls.len());
        // The inverse, by counting: each control's risks start where the previous control's
        // end, and are filled in risk order.
        let mut control_risk_start = vec![0; catalog.controls.len() + 1];
        for &c in &risk_controls {
            control_risk_start[c + 1] += 1;
        }
        for c in 0..catalog.controls.len() {
            control_risk_start[c + 1] += control_risk_start[c];
        }
        let mut filled = control_risk_start.clone();
        let mut control_risks = vec![0; risk_controls.len()];
        for r in 0..catalog.risks.len() {
            for &c in &risk_controls[risk_control_start[r]..risk_control_start[r + 1]] {
                control_risks[filled[c]] = r;
                filled[c] += 1;
            }
        }
        CatalogIndex {
            catalog,
            components,
            deployment_models: IdIndex::new(
                catalog.deployment_models.iter().map(|d| d.id.as_str()),
            ),
            risks: IdIndex::new(catalog.risks.iter().map(|r| r.id.as_str())),
            controls,
            risk_component,
            risk_controls,
            risk_control_start,
            control_risks,
            control_risk_start,
            errata_in_force: OnceLock::new(),
        }
    }

    /// The positions of the risks that list control `c`, in catalog order.
    pub fn risks_of_control(&self, c: usize) -> &[usize] {
        &self.control_risks[self.control_risk_start[c]..self.control_risk_start[c + 1]]
    }

    /// The position of risk `r`'s component.
    pub fn component_of_risk(&self, r: usize) -> usize {
        self.risk_component[r]
    }

    /// The positions of risk `r`'s controls, in the order the risk lists them.
    pub fn controls_of_risk(&self, r: usize) -> &[usize] {
        &self.risk_controls[self.risk_control_start[r]..self.risk_control_start[r + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin;

    #[test]
    fn each_risk_finds_its_component_and_controls_by_position() {
        let catalog = builtin("2.0").unwrap();
        let index = CatalogIndex::new(catalog);
        for (r, risk) in catalog.risks.iter().enumerate() {
            assert_eq!(
                catalog.components[index.component_of_risk(r)].id,
                risk.component
            );
            let ids: Vec<&str> = index
                .controls_of_risk(r)
                .iter()
                .map(|&c| catalog.controls[c].id.as_str())
                .collect();
            assert_eq!(ids, risk.controls, "risk {}", risk.id);
        }
        for (c, control) in catalog.controls.iter().enumerate() {
            let listing: Vec<usize> = (0..catalog.risks.len())
                .filter(|&r| catalog.risks[r].controls.contains(&control.id))
                .collect();
            assert_eq!(index.risks_of_control(c), listing, "control {}", control.id);
        }
        assert_eq!(
            index.risks.get("9.11"),
            catalog.risks.iter().position(|r| r.id == "9.11")
        );
        assert_eq!(
            index
                .controls
                .get("DASF 5")
                .map(|c| catalog.controls[c].id.as_str()),
            Some("DASF 5")
        );
        assert_eq!(
            index.deployment_models.len(),
            catalog.deployment_models.len()
        );
    }
}
