//! An assessment held in memory and changed by small edits: what the page, the element and
//! the widget work on, so that a keystroke never re-reads, re-validates or re-sends the whole
//! document.
//!
//! An edit sets one value at a path of the document (`["controls", "DASF 1", "status"]` =
//! `"implemented"`), or removes it (`null`). It is checked by the very reader that reads files:
//! the entry it touches (one risk, one control, or the small top-level members) is written out,
//! changed, and read back inside a document of its own, so a value the reader would refuse in
//! a file is refused here with the same message and path. A batch of edits is one step: all
//! of them apply, or none does.
//!
//! After an edit the session re-evaluates (work proportional to the catalog, not to the
//! document's text) and answers with what changed: the entries as now written, and only the
//! parts of the report that differ.
//!
//! Every step is kept for undo and redo: what the entries it touched read before and after,
//! never a copy of the document (a move to another catalog version, which rewrites the whole
//! document, keeps both versions). Edits given the same group one after another (the
//! keystrokes in one text field) make one step.

use serde::Serialize;

use crate::assess::{evaluate_in, evaluate_valid, Assessment, Report, Reuse};
use crate::catalog::{Catalog, CatalogIndex};
use crate::error::{Error, Path, Result, Segment};
use crate::json::{self, Fields, Json};
use crate::limits;

/// An assessment being edited, with its catalog and its current report.
#[derive(Debug, Clone)]
pub struct Session {
    assessment: Assessment,
    /// The catalog, indexed once: every edit is evaluated against it.
    index: CatalogIndex<'static>,
    report: Report<'static>,
    /// Bytes of the document in its compact form, kept current edit by edit, so that a session
    /// never holds what it could not save and read back.
    size: usize,
    /// Steps that can be undone, the latest last.
    done: Vec<Step>,
    /// Steps undone that can be redone, the latest undone last; a new edit clears them.
    undone: Vec<Step>,
    /// Set by undo and redo: the next edit starts a step of its own even in the same group.
    sealed: bool,
}

/// The most steps a session keeps for undo; the oldest go first.
pub const MAX_UNDO_STEPS: usize = 500;

/// One step of the history.
#[derive(Debug, Clone)]
enum Step {
    /// Edits: each touched entry (or top-level member) as it read before and after, as the
    /// edits that put it back.
    Edits {
        before: Vec<Edit>,
        after: Vec<Edit>,
        group: Option<String>,
    },
    /// The whole document replaced (a move to another catalog version).
    Whole {
        before: Box<Assessment>,
        after: Box<Assessment>,
    },
}

/// One edit: the value to put at `path`; `None` removes what is there.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub path: Path,
    pub value: Option<Json>,
}

/// What an edit changed, for a face to patch what it shows. Written as JSON by
/// [`Change::to_json`]: `{"document": [{"path": [...], "value": ...}], "report": {...}}`.
#[derive(Debug)]
pub struct Change {
    /// Each touched part of the document as it now reads: a risk or control entry
    /// (`["controls", "DASF 1"]`; null when the entry went back to its default), or a
    /// top-level member (`["useCase"]`; null when absent), as JSON text.
    pub document: Vec<(Path, String)>,
    /// The parts of the report that differ from before.
    pub report: ReportPatch,
}

impl Change {
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"document\":[");
        for (i, (path, value)) in self.document.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"path\":");
            json::write::write(path.segments(), &mut out);
            out.push_str(",\"value\":");
            out.push_str(value);
            out.push('}');
        }
        out.push_str("],\"report\":");
        self.report.write_json(&mut out);
        out.push('}');
        out
    }
}

impl Session {
    /// Open a document (JSON text), as a file, a share link or an autosave would be read.
    pub fn open(text: &str) -> Result<Session> {
        Session::new(Assessment::from_json(text)?)
    }

    /// Start on an assessment already read.
    pub fn new(assessment: Assessment) -> Result<Session> {
        let index = CatalogIndex::new(assessment.catalog()?);
        let report = evaluate_in(&index, &assessment)?;
        assessment.check_written_size("the assessment")?;
        let size = compact(&assessment).len();
        Ok(Session {
            assessment,
            index,
            report,
            size,
            done: Vec::new(),
            undone: Vec::new(),
            sealed: false,
        })
    }

    /// How many steps can be undone and redone.
    pub fn history(&self) -> (usize, usize) {
        (self.done.len(), self.undone.len())
    }

    /// Apply a batch of edits as one step, kept for undo, and answer with what changed. On an
    /// error nothing changes, and the error names the path of the edit at fault.
    pub fn apply(&mut self, edits: &[Edit]) -> Result<Change> {
        self.apply_in(edits, None)
    }

    /// As [`Session::apply`]; a batch in the same `group` as the step before (and with no undo
    /// or redo between) joins that step instead of making one of its own: one undo takes back
    /// all the keystrokes typed in one field.
    pub fn apply_in(&mut self, edits: &[Edit], group: Option<&str>) -> Result<Change> {
        // What the touched entries read before, taken before any of them changes.
        let mut before: Vec<Edit> = Vec::new();
        for edit in edits {
            if let Some(path) = entry_of(&edit.path) {
                if !before.iter().any(|e| e.path == path) {
                    let value = value_of(&current(&mut self.assessment, &path));
                    before.push(Edit { path, value });
                }
            }
        }
        let change = self.apply_edits(edits)?;
        let after: Vec<Edit> = change
            .document
            .iter()
            .map(|(path, text)| Edit {
                path: path.clone(),
                value: value_of(text),
            })
            .collect();
        before.retain(|b| after.iter().any(|a| a.path == b.path));
        // Members first: an edition switch (`asPublished`) decides how the entries after it
        // are checked, so putting it back comes before putting the entries back.
        members_first(&mut before);
        if before != after {
            self.record(before, after, group.map(str::to_string));
        }
        Ok(change)
    }

    fn record(&mut self, before: Vec<Edit>, after: Vec<Edit>, group: Option<String>) {
        self.undone.clear();
        let sealed = std::mem::replace(&mut self.sealed, false);
        if let (
            false,
            Some(_),
            Some(Step::Edits {
                before: was,
                after: now,
                group: last,
            }),
        ) = (sealed, &group, self.done.last_mut())
        {
            if *last == group {
                // The same field again: the step keeps its first "before" and takes the
                // latest "after".
                for edit in before {
                    if !was.iter().any(|e| e.path == edit.path) {
                        was.push(edit);
                    }
                }
                members_first(was);
                for edit in after {
                    match now.iter_mut().find(|e| e.path == edit.path) {
                        Some(slot) => *slot = edit,
                        None => now.push(edit),
                    }
                }
                return;
            }
        }
        self.push(Step::Edits {
            before,
            after,
            group,
        });
    }

    fn push(&mut self, step: Step) {
        self.done.push(step);
        if self.done.len() > MAX_UNDO_STEPS {
            self.done.remove(0);
        }
    }

    /// Take back the latest step; `None` when there is none. The step can then be redone.
    pub fn undo(&mut self) -> Result<Option<Change>> {
        self.move_step(true)
    }

    /// Make again the latest step undone; `None` when there is none.
    pub fn redo(&mut self) -> Result<Option<Change>> {
        self.move_step(false)
    }

    /// Replay the latest step of one history (backwards for undo, forwards for redo) and move
    /// it onto the other; a step that cannot be replayed stays where it was.
    fn move_step(&mut self, backwards: bool) -> Result<Option<Change>> {
        let from = if backwards {
            &mut self.done
        } else {
            &mut self.undone
        };
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        let replayed = self.replay(&step, backwards);
        let (from, to) = if backwards {
            (&mut self.done, &mut self.undone)
        } else {
            (&mut self.undone, &mut self.done)
        };
        match replayed {
            Ok(change) => {
                to.push(step);
                self.sealed = true;
                Ok(Some(change))
            }
            Err(e) => {
                from.push(step);
                Err(e)
            }
        }
    }

    fn replay(&mut self, step: &Step, back: bool) -> Result<Change> {
        match (step, back) {
            (Step::Edits { before, .. }, true) => self.apply_edits(before),
            (Step::Edits { after, .. }, false) => self.apply_edits(after),
            (Step::Whole { before, .. }, true) => self.swap(before.as_ref().clone()),
            (Step::Whole { after, .. }, false) => self.swap(after.as_ref().clone()),
        }
    }

    /// Move the assessment to another catalog version (see [`Assessment::migrate`]), as one
    /// step kept for undo. Refused, changing nothing, when the target lacks a decided item.
    pub fn migrate(&mut self, version: &str) -> Result<Change> {
        let to = crate::catalog::lookup_edition(version, self.assessment.as_published)?;
        let moved = self.assessment.migrate(self.index.catalog, to)?;
        let before = Box::new(self.assessment.clone());
        let change = self.swap(moved)?;
        let after = Box::new(self.assessment.clone());
        self.undone.clear();
        self.sealed = false;
        self.push(Step::Whole { before, after });
        Ok(change)
    }

    /// Replace the whole document, answering with every entry and member that differs.
    fn swap(&mut self, next: Assessment) -> Result<Change> {
        let Session {
            assessment: mut next,
            index,
            report,
            size,
            ..
        } = Session::new(next)?;
        let mut paths: Vec<Path> = Vec::new();
        let (old, new) = (
            other_members(&mut self.assessment),
            other_members(&mut next),
        );
        for (key, _) in old.iter().chain(&new) {
            let find = |list: &[(json::Text, Json)]| {
                list.iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.to_text())
            };
            let path = Path::from(&**key);
            if find(&old) != find(&new) && !paths.contains(&path) {
                paths.push(path);
            }
        }
        for map in ["risks", "controls"] {
            let ids = |doc: &Assessment| -> Vec<String> {
                if map == "risks" {
                    doc.risks.keys().cloned().collect()
                } else {
                    doc.controls.keys().cloned().collect()
                }
            };
            for id in ids(&self.assessment).into_iter().chain(ids(&next)) {
                let path = Path::keys([map, id.as_str()]);
                if !paths.contains(&path)
                    && entry_json(&self.assessment, map, &id) != entry_json(&next, map, &id)
                {
                    paths.push(path);
                }
            }
        }
        self.assessment = next;
        self.index = index;
        self.size = size;
        Ok(self.take_report(report, &paths, None))
    }

    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.index.catalog
    }

    pub fn report(&self) -> &Report<'static> {
        &self.report
    }

    /// The document as saved and exported (see [`Assessment::to_json`]).
    pub fn to_json(&self) -> String {
        self.assessment.to_json()
    }

    /// Apply a batch of edits, all or none, without touching the history.
    fn apply_edits(&mut self, edits: &[Edit]) -> Result<Change> {
        // Edits change the document in place (a copy of a large document per keystroke would
        // cost more than the edit); what each one replaced is kept to put back on a refusal.
        let mut undo: Vec<Undo> = Vec::new();
        let mut size = self.size;
        let mut touched: Vec<Path> = Vec::new();
        let mut outcome = Ok(());
        // An edit of `asPublished` changes the edition the later edits of the batch are
        // checked against: the index of the other edition replaces the one kept.
        let mut switched: Option<CatalogIndex<'static>> = None;
        for edit in edits {
            undo.push(Undo::before(&self.assessment, edit));
            let index = switched.as_ref().unwrap_or(&self.index);
            match apply_one(&mut self.assessment, index, edit) {
                Ok((entry_path, grew)) => {
                    if matches!(undo.last(), Some(Undo::Rest(_))) {
                        match self.assessment.catalog() {
                            Ok(c) if std::ptr::eq(c, self.index.catalog) => switched = None,
                            Ok(c) => switched = Some(CatalogIndex::new(c)),
                            Err(e) => {
                                outcome = Err(e);
                                break;
                            }
                        }
                    }
                    size = size.saturating_add_signed(grew);
                    if !touched.contains(&entry_path) {
                        touched.push(entry_path);
                    }
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        // The same rule as reading: the compact form and its final newline fit the limit.
        if outcome.is_ok() && size + 1 > limits::MAX_DOCUMENT_BYTES {
            let size = size + 1;
            outcome = Err(Error::TooLarge {
                what: format!("the assessment after this edit ({size} bytes)"),
                size,
                limit: limits::MAX_DOCUMENT_BYTES,
            });
        }
        // Each edit of an entry checked the whole entry as it made it, and nothing else in
        // the document depends on an entry: only a batch that changed a top-level member
        // (which may change what the entries are checked against) is checked whole again.
        let entries_only = switched.is_none() && edits.iter().all(|e| is_entry(&e.path));
        // After entry edits, the rows that no edit of the batch concerns are kept.
        let mut kept = None;
        let evaluated = match outcome {
            Ok(()) if entries_only => {
                let (reuse, _) = kept.insert(self.reuse(edits));
                Ok(evaluate_valid(&self.index, &self.assessment, Some(reuse)))
            }
            Ok(()) => evaluate_in(switched.as_ref().unwrap_or(&self.index), &self.assessment),
            Err(e) => Err(e),
        };
        let report = match evaluated {
            Ok(report) => {
                if let Some(index) = switched {
                    self.index = index;
                }
                report
            }
            Err(e) => {
                for step in undo.into_iter().rev() {
                    step.restore(&mut self.assessment);
                }
                return Err(e);
            }
        };
        self.size = size;
        Ok(self.take_report(report, &touched, kept))
    }

    /// The current report's rows, for an evaluation after `edits` (of entries) to take over
    /// those the edits leave as they are, and the keys of those rows. A risk's row and gaps
    /// depend on its entry and on its controls' entries; a control's row on its entry and on
    /// its risks' entries.
    fn reuse(&mut self, edits: &[Edit]) -> (Reuse<'static>, OldKeys) {
        let index = &self.index;
        let mut redo_risk = vec![false; index.catalog.risks.len()];
        let mut redo_control = vec![false; index.catalog.controls.len()];
        for edit in edits {
            match edit.path.segments() {
                [Segment::Key(map), Segment::Key(id), ..] if map == "risks" => {
                    if let Some(r) = index.risks.get(id) {
                        redo_risk[r] = true;
                        for &c in index.controls_of_risk(r) {
                            redo_control[c] = true;
                        }
                    }
                }
                [Segment::Key(map), Segment::Key(id), ..] if map == "controls" => {
                    if let Some(c) = index.controls.get(id) {
                        redo_control[c] = true;
                        for &r in index.risks_of_control(c) {
                            redo_risk[r] = true;
                        }
                    }
                }
                _ => {}
            }
        }
        let report = &mut self.report;
        let keys = OldKeys {
            risks: report.risks.iter().map(|r| address((r.id, ""))).collect(),
            controls: report
                .controls
                .iter()
                .map(|c| address((c.id, "")))
                .collect(),
            gaps: report
                .gaps
                .iter()
                .map(|g| address((g.risk, g.control)))
                .collect(),
        };
        let mut control_at = vec![None; index.catalog.controls.len()];
        for (o, row) in report.controls.iter().enumerate() {
            if let Some(c) = index.controls.get(row.id) {
                control_at[c] = Some(o);
            }
        }
        // A risk's gaps are consecutive: the gaps are listed risk by risk (so its id is
        // looked up once, not once per gap).
        let mut gaps_of = vec![0..0; index.catalog.risks.len()];
        let mut risk: Option<(&str, Option<usize>)> = None;
        for (o, gap) in report.gaps.iter().enumerate() {
            let r = match risk {
                Some((id, r)) if std::ptr::eq(id, gap.risk) => r,
                _ => risk.insert((gap.risk, index.risks.get(gap.risk))).1,
            };
            if let Some(r) = r {
                let run = &mut gaps_of[r];
                *run = if run.end == 0 {
                    o..o + 1
                } else {
                    run.start..o + 1
                };
            }
        }
        let reuse = Reuse {
            redo_risk,
            redo_control,
            risks: taken(&mut report.risks),
            controls: taken(&mut report.controls),
            control_at,
            gaps: taken(&mut report.gaps),
            gaps_of,
        };
        (reuse, keys)
    }

    /// Hold `report` as the current one, and say what changed: the `touched` parts of the
    /// document as they now read, and what differs from the report held before (whose
    /// rows are in `kept` when the evaluation took some over).
    fn take_report(
        &mut self,
        report: Report<'static>,
        touched: &[Path],
        kept: Option<(Reuse<'static>, OldKeys)>,
    ) -> Change {
        let old = std::mem::replace(&mut self.report, report);
        let document = touched
            .iter()
            .map(|path| (path.clone(), current(&mut self.assessment, path)))
            .collect();
        let report = match &kept {
            None => ReportPatch::between(&old, &self.report),
            Some((reuse, keys)) => ReportPatch::after_reuse(old, &mut self.report, reuse, keys),
        };
        Change { document, report }
    }

    /// Parse edits given as JSON text: `[{"path": [...], "value": ...}, ...]` (a single edit
    /// object is accepted too).
    pub fn read_edits(text: &str) -> Result<Vec<Edit>> {
        match json::parse(text) {
            Ok(value) => Session::edits_of(&value),
            Err(e) => Err(Session::in_document(text, e)),
        }
    }

    /// A lone surrogate in an edit's value (a JavaScript string can hold one: half of a
    /// character pasted or cut in two) is an error of the document's text at the edit's
    /// path, not of the edits' JSON at a line and column the user never saw.
    fn in_document(text: &str, error: Error) -> Error {
        let Error::Syntax { path, message, .. } = &error else {
            return error;
        };
        if message != json::LONE_SURROGATE {
            return error;
        }
        let segments = path.segments();
        let (edit, inside) = match segments {
            [Segment::Index(i), Segment::Key(value), inside @ ..] if value == "value" => {
                (*i, inside)
            }
            [Segment::Key(value), inside @ ..] if value == "value" => (0, inside),
            _ => return error,
        };
        let read = json::parse_lossy(text).and_then(|value| Session::edits_of(&value));
        match read {
            Ok(edits) if edit < edits.len() => {
                let mut path = edits[edit].path.clone();
                for segment in inside {
                    path = match segment {
                        Segment::Key(key) => path.key(key),
                        Segment::Index(i) => path.index(*i),
                    };
                }
                Error::Shape {
                    path,
                    message: "the text holds half of a character (a lone UTF-16 surrogate), which \
                              is not text: type or paste it again"
                        .into(),
                }
            }
            _ => error,
        }
    }

    /// The edits of a JSON value: one edit object or a list of them.
    fn edits_of(value: &Json) -> Result<Vec<Edit>> {
        let read = |v: &Json, at: &Path| -> Result<Edit> {
            let mut f = Fields::of(v, at)?;
            let path_at = f.path_of("path");
            let path = match f.required("path")? {
                Json::Array(items) => {
                    let mut path = Path::root();
                    for (i, item) in items.iter().enumerate() {
                        path = match item {
                            Json::String(key) => path.key(key),
                            Json::Number(n) => path.index(n.parse().map_err(|_| {
                                json::expected(path_at.index(i), "a key or a position", item)
                            })?),
                            other => {
                                return Err(json::expected(
                                    path_at.index(i),
                                    "a key or a position",
                                    other,
                                ))
                            }
                        };
                    }
                    path
                }
                other => return Err(json::expected(path_at, "an array of keys", other)),
            };
            let value = f.get("value").cloned();
            f.finish(&["path", "value"])?;
            Ok(Edit { path, value })
        };
        match value {
            Json::Array(items) => {
                // A loop, not `collect` into a `Result`: less code in the wasm.
                let mut edits = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    edits.push(read(v, &Path::root().index(i))?);
                }
                Ok(edits)
            }
            single => Ok(vec![read(single, &Path::root())?]),
        }
    }
}

/// What one edit is about to replace, to put back if the batch is refused.
enum Undo {
    Risk(String, Option<crate::assess::RiskDecision>),
    Control(String, Option<crate::assess::ControlState>),
    /// The document without its risks and controls (small).
    Rest(Box<Assessment>),
    Nothing,
}

impl Undo {
    fn before(doc: &Assessment, edit: &Edit) -> Undo {
        match edit.path.segments() {
            [Segment::Key(map), Segment::Key(id), ..] if map == "risks" => {
                Undo::Risk(id.clone(), doc.risks.get(id).cloned())
            }
            [Segment::Key(map), Segment::Key(id), ..] if map == "controls" => {
                Undo::Control(id.clone(), doc.controls.get(id).cloned())
            }
            [Segment::Key(map), ..] if map == "risks" || map == "controls" => Undo::Nothing,
            _ => Undo::Rest(Box::new(rest_of(doc))),
        }
    }

    fn restore(self, doc: &mut Assessment) {
        match self {
            Undo::Risk(id, Some(entry)) => {
                doc.risks.insert(id, entry);
            }
            Undo::Risk(id, None) => {
                doc.risks.remove(&id);
            }
            Undo::Control(id, Some(entry)) => {
                doc.controls.insert(id, entry);
            }
            Undo::Control(id, None) => {
                doc.controls.remove(&id);
            }
            Undo::Rest(mut rest) => {
                rest.risks = std::mem::take(&mut doc.risks);
                rest.controls = std::mem::take(&mut doc.controls);
                *doc = *rest;
            }
            Undo::Nothing => {}
        }
    }
}

/// A copy of the document's members other than its risks and controls. Destructured without
/// `..`, so a member added to the document must be added here.
fn rest_of(doc: &Assessment) -> Assessment {
    let mut rest = Assessment::new(&doc.dasf);
    let Assessment {
        schema,
        schema_version,
        use_case,
        dasf,
        as_published,
        assessed_on,
        assessor,
        deployment_models,
        components,
        risks: _,
        controls: _,
        catalog_migration,
    } = doc;
    rest.schema.clone_from(schema);
    rest.schema_version = *schema_version;
    rest.use_case.clone_from(use_case);
    rest.dasf.clone_from(dasf);
    rest.as_published = *as_published;
    rest.assessed_on.clone_from(assessed_on);
    rest.assessor.clone_from(assessor);
    rest.deployment_models.clone_from(deployment_models);
    rest.components.clone_from(components);
    rest.catalog_migration.clone_from(catalog_migration);
    rest
}

/// The compact JSON of a document: what its size is measured on.
fn compact(assessment: &Assessment) -> String {
    json::write::to_string(assessment)
}

/// Members the edits may not touch: the document kind, its version, its catalog (moving to
/// another catalog is a migration), and the migration record, which the engine keeps.
const FIXED: [&str; 4] = ["schema", "schemaVersion", "dasf", "catalogMigration"];

/// Apply one edit to `doc`. Returns the path of the entry it touched and by how many bytes
/// the compact document grew.
fn apply_one(doc: &mut Assessment, index: &CatalogIndex, edit: &Edit) -> Result<(Path, isize)> {
    let segments = edit.path.segments();
    let refuse = |message: String| Error::Shape {
        path: edit.path.clone(),
        message,
    };
    let Some(Segment::Key(first)) = segments.first() else {
        return Err(refuse(
            "an edit needs a path that starts with a member of the document".into(),
        ));
    };
    if FIXED.contains(&first.as_str()) {
        return Err(refuse(format!(
            "`{first}` cannot be edited; open another document or migrate it instead"
        )));
    }
    match (first.as_str(), segments.get(1)) {
        (map @ ("risks" | "controls"), Some(Segment::Key(id))) => {
            let id = id.clone();
            let entry_path = Path::keys([map, id.as_str()]);
            let before = entry_json(doc, map, &id);
            let entries_before = map_len(doc, map);
            let old_len = before
                .as_ref()
                .map_or(0, |e| id_len(&id) + e.to_text().len());
            let mut entry = before.unwrap_or_else(|| default_entry(doc, map, &id));
            set(&mut entry, &segments[2..], edit.value.clone(), &edit.path)?;
            // An entry set to nothing goes back to the default: the member is removed.
            let removed = matches!(entry, Json::Null);
            let new_len = if removed {
                if map == "risks" {
                    doc.risks.remove(&id);
                } else {
                    doc.controls.remove(&id);
                }
                0
            } else {
                let text = entry.to_text();
                // The edition matters to validation: the mini-document asks for the same one.
                let edition = if doc.as_published {
                    ",\"asPublished\":true"
                } else {
                    ""
                };
                let mini = format!(
                    "{{\"schema\":{},\"dasf\":{}{edition},\"{map}\":{{{}:{text}}}}}",
                    quote(&doc.schema),
                    quote(&doc.dasf),
                    quote(&id)
                );
                let read = Assessment::from_json(&mini).map_err(|e| rebase(e, &edit.path))?;
                read.validate_in(index).map_err(|e| rebase(e, &edit.path))?;
                if map == "risks" {
                    let value = read.risks.get(&id).cloned().expect("read back");
                    doc.risks.insert(id.clone(), value);
                } else {
                    let value = read.controls.get(&id).cloned().expect("read back");
                    doc.controls.insert(id.clone(), value);
                }
                id_len(&id) + text.len()
            };
            // Entries are separated by commas: n entries take n - 1 of them.
            let commas = |n: usize| n.saturating_sub(1) as isize;
            let commas = commas(map_len(doc, map)) - commas(entries_before);
            Ok((entry_path, new_len as isize - old_len as isize + commas))
        }
        ("risks" | "controls", _) => Err(refuse(
            "edit one entry at a time: the path names a risk or control id next".into(),
        )),
        (member, _) => {
            // A top-level member: write the document without its risks and controls (which a
            // member edit cannot change and which make most of its size), change the member,
            // read it back, and put the risks and controls back.
            let risks = std::mem::take(&mut doc.risks);
            let controls = std::mem::take(&mut doc.controls);
            let rest_text = compact(doc);
            let result = (|| {
                let mut rest = json::parse(&rest_text)?;
                set(&mut rest, segments, edit.value.clone(), &edit.path)?;
                let text = rest.to_text();
                let read = Assessment::from_json(&text)?;
                // A member such as `asPublished` chooses the catalog's edition.
                read.validate(read.catalog()?)?;
                Ok((read, text.len()))
            })();
            let (mut read, new_len) = match result {
                Ok(ok) => ok,
                Err(e) => {
                    doc.risks = risks;
                    doc.controls = controls;
                    return Err(e);
                }
            };
            read.risks = risks;
            read.controls = controls;
            *doc = read;
            Ok((
                Path::from(member),
                new_len as isize - rest_text.len() as isize,
            ))
        }
    }
}

/// Put the edits of top-level members before those of entries, keeping their order
/// otherwise. (A partition rather than a sort: a stable sort's code in the wasm is large.)
fn members_first(edits: &mut Vec<Edit>) {
    let (mut members, entries): (Vec<Edit>, Vec<Edit>) = std::mem::take(edits)
        .into_iter()
        .partition(|e| e.path.segments().len() == 1);
    members.extend(entries);
    *edits = members;
}

/// Whether an edit changes an entry (of `risks` or `controls`) rather than a top-level member.
fn is_entry(path: &Path) -> bool {
    matches!(path.segments(), [Segment::Key(map), Segment::Key(_), ..] if map == "risks" || map == "controls")
}

/// The part of the document an edit touches: a risk or control entry, or a top-level member.
fn entry_of(path: &Path) -> Option<Path> {
    match path.segments() {
        [Segment::Key(map), Segment::Key(id), ..] if map == "risks" || map == "controls" => {
            Some(Path::keys([map.as_str(), id.as_str()]))
        }
        [Segment::Key(map), ..] if map == "risks" || map == "controls" => None,
        [Segment::Key(member), ..] => Some(Path::from(member.as_str())),
        _ => None,
    }
}

/// A part of the document as JSON text back to an edit's value: `null` is "absent".
fn value_of(text: &str) -> Option<Json> {
    match json::parse(text) {
        Ok(Json::Null) | Err(_) => None,
        Ok(value) => Some(value),
    }
}

fn map_len(doc: &Assessment, map: &str) -> usize {
    if map == "risks" {
        doc.risks.len()
    } else {
        doc.controls.len()
    }
}

/// The entry of a risk or control as it is written in the document, if it is there.
fn entry_json(doc: &Assessment, map: &str, id: &str) -> Option<Json> {
    let text = if map == "risks" {
        json::write::to_string(doc.risks.get(id)?)
    } else {
        json::write::to_string(doc.controls.get(id)?)
    };
    json::parse(&text).ok()
}

/// What an entry that is not written means: a risk with no decision, a control at the
/// status the engine gives unlisted controls.
fn default_entry(doc: &Assessment, map: &str, id: &str) -> Json {
    if map == "risks" {
        Json::Object(Vec::new())
    } else {
        let status = Json::String(doc.status(id).as_str().into());
        Json::Object(vec![("status".into(), status)])
    }
}

/// Put `value` at `segments` inside `target`, creating objects on the way; `None` removes.
fn set(target: &mut Json, segments: &[Segment], value: Option<Json>, whole: &Path) -> Result<()> {
    let Some((head, rest)) = segments.split_first() else {
        *target = value.unwrap_or(Json::Null);
        return Ok(());
    };
    let nowhere = |what: &str| Error::Shape {
        path: whole.clone(),
        message: format!("there is no {what} here to edit"),
    };
    match (head, target) {
        (Segment::Key(key), Json::Object(members)) => {
            let at = members.iter().position(|(k, _)| k == key);
            match (at, rest.is_empty(), value) {
                (Some(i), true, None) => {
                    members.remove(i);
                }
                (None, true, None) => {}
                (Some(i), _, value) => set(&mut members[i].1, rest, value, whole)?,
                (None, _, value) => {
                    let mut fresh = if matches!(rest.first(), Some(Segment::Index(_))) {
                        Json::Array(Vec::new())
                    } else {
                        Json::Object(Vec::new())
                    };
                    set(&mut fresh, rest, value, whole)?;
                    members.push((key.clone().into(), fresh));
                }
            }
            Ok(())
        }
        (Segment::Index(i), Json::Array(items)) => {
            let i = *i;
            if i > items.len() {
                return Err(nowhere("position so far past the end"));
            }
            match (rest.is_empty(), value) {
                (true, None) if i < items.len() => {
                    items.remove(i);
                }
                (true, None) => {}
                (_, value) if i == items.len() => {
                    let mut fresh = Json::Null;
                    set(&mut fresh, rest, value, whole)?;
                    items.push(fresh);
                }
                (_, value) => set(&mut items[i], rest, value, whole)?,
            }
            Ok(())
        }
        (Segment::Key(_), _) => Err(nowhere("object")),
        (Segment::Index(_), _) => Err(nowhere("list")),
    }
}

/// An error from reading an edited entry inside its own small document names paths of that
/// document, which are the real document's paths too; only a whole-document path is replaced
/// by the edit's.
fn rebase(err: Error, edit: &Path) -> Error {
    match err {
        Error::Shape { path, message } if path.segments().is_empty() => Error::Shape {
            path: edit.clone(),
            message,
        },
        other => other,
    }
}

/// The touched part of the document as it now reads, as JSON text: serialised alone, never
/// the whole document.
fn current(doc: &mut Assessment, path: &Path) -> String {
    let text = match path.segments() {
        [Segment::Key(map), Segment::Key(id)] if map == "risks" => {
            json::write::to_string(&doc.risks.get(id))
        }
        [Segment::Key(map), Segment::Key(id)] if map == "controls" => {
            json::write::to_string(&doc.controls.get(id))
        }
        [Segment::Key(member)] => {
            let value = other_members(doc).into_iter().find(|(k, _)| k == member);
            return value.map_or_else(|| "null".into(), |(_, v)| v.to_text());
        }
        _ => "null".into(),
    };
    text
}

/// The document's members other than its risks and controls, as written (those two maps
/// can be large, and are compared entry by entry instead).
fn other_members(doc: &mut Assessment) -> Vec<(json::Text, Json)> {
    let risks = std::mem::take(&mut doc.risks);
    let controls = std::mem::take(&mut doc.controls);
    let rest = compact(doc);
    doc.risks = risks;
    doc.controls = controls;
    match json::parse(&rest) {
        Ok(Json::Object(members)) => members,
        _ => Vec::new(),
    }
}

fn quote(text: &str) -> String {
    json::write::to_string(text)
}

/// Bytes an entry's key takes in the compact form: the quoted id and its colon.
fn id_len(id: &str) -> usize {
    quote(id).len() + 1
}

/// What changed in a report, as an object patch (see [`ObjectPatch`]) written as JSON text. A
/// status edit changes a few risks, shifts some gaps and rewrites a few sentences of the
/// summary; sending back what did not change would cost more than the evaluation.
#[derive(Debug)]
pub struct ReportPatch(String);

impl ReportPatch {
    /// What differs between `old` and `new`.
    pub fn between(old: &Report, new: &Report) -> ReportPatch {
        let mut out = String::new();
        let mut members = ObjectPatch::new(&mut out);
        new.members(Some(old), &mut members);
        members.finish();
        ReportPatch(out)
    }

    /// [`ReportPatch::between`] after an evaluation that took over rows of `old`: `old` has
    /// no rows left in its risks, controls and gaps; `reuse` has those that were not taken,
    /// and a row taken over is in `new` as it was, so it is sent by its old position
    /// without a comparison.
    fn after_reuse(old: Report, new: &mut Report, reuse: &Reuse, keys: &OldKeys) -> ReportPatch {
        let risks = std::mem::take(&mut new.risks);
        let controls = std::mem::take(&mut new.controls);
        let gaps = std::mem::take(&mut new.gaps);
        // The rest is compared as usual: both sides now have these three lists empty.
        let mut out = String::new();
        let mut members = ObjectPatch::new(&mut out);
        new.members(Some(&old), &mut members);
        let lists = [
            (
                "risks",
                relist_kept(&keys.risks, &reuse.risks, &risks, |r| (r.id, "")),
            ),
            (
                "controls",
                relist_kept(&keys.controls, &reuse.controls, &controls, |c| (c.id, "")),
            ),
            (
                "gaps",
                relist_kept(&keys.gaps, &reuse.gaps, &gaps, |g| (g.risk, g.control)),
            ),
        ];
        for (name, list) in lists {
            if let Some(list) = list {
                named(&mut members.lists, name).push_str(&list);
            }
        }
        members.finish();
        (new.risks, new.controls, new.gaps) = (risks, controls, gaps);
        ReportPatch(out)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

/// The rows of a list, taken out of it, each to be taken over in turn.
fn taken<T>(list: &mut Vec<T>) -> Vec<Option<T>> {
    std::mem::take(list).into_iter().map(Some).collect()
}

/// The keys of the rows of a report's risks, controls and gaps, by position, kept for the
/// patch once the rows themselves are taken over (see [`Reuse`]).
struct OldKeys {
    risks: Vec<Key>,
    controls: Vec<Key>,
    gaps: Vec<Key>,
}

/// Serialising through a trait object keeps one copy of the code per report type.
trait ToJson {
    /// Append the JSON text to `out` (one buffer for a whole list saves a string per item).
    fn write_json(&self, out: &mut String);
}

impl<T: Serialize> ToJson for T {
    fn write_json(&self, out: &mut String) {
        json::write::write(self, out);
    }
}

/// `new` as a list patch: a JSON array of, item by item, the position of an equal item in
/// `old`; `[position, object patch]` for an item whose old version (same key) differs; or
/// else the item itself. A negative number -k stands for k items in a row that are, equal,
/// the old items after the previous item's old position (from the first when at the start):
/// most of a list, after an edit. `None` when the lists are equal. `key` tells an item from
/// the others of its list (keys are unique within a list).
fn relist<T: Patchable>(old: &[T], new: &[T], key: fn(&T) -> (&str, &str)) -> Option<String> {
    let old_key = |o| address(key(&old[o]));
    relist_rows((old.len(), &old_key), &|o| Some(&old[o]), new, key)
}

/// [`relist`] against old rows of which some were taken over unchanged (`None`, see
/// [`Reuse`]), with the keys they had.
fn relist_kept<T: Patchable>(
    old_keys: &[Key],
    old: &[Option<T>],
    new: &[T],
    key: fn(&T) -> (&str, &str),
) -> Option<String> {
    relist_rows(
        (old_keys.len(), &|o| old_keys[o]),
        &|o| old[o].as_ref(),
        new,
        key,
    )
}

/// A list patch of `new` against old rows given by position: `None` for a row taken over
/// unchanged, which is equal by construction.
fn relist_rows<'r, T: Patchable>(
    (old_len, old_key): (usize, &dyn Fn(usize) -> Key),
    old_row: &dyn Fn(usize) -> Option<&'r T>,
    new: &[T],
    key: fn(&T) -> (&str, &str),
) -> Option<String> {
    // The work goes through callbacks, so that it exists once in the wasm, not once per list.
    relist_by(
        (old_len, new.len()),
        old_key,
        &|n| address(key(&new[n])),
        &|o, n| old_row(o).is_none_or(|row| row.same(&new[n])),
        &|o, n, out| {
            let mut members = ObjectPatch::new(out);
            new[n].members(old_row(o), &mut members);
            members.finish();
        },
        &|n, out| new[n].write_json(out),
    )
}

/// An object of the report (the report itself, its summary, an item of its lists) that can
/// be sent as what changed since its old version rather than whole: a status edit changes a
/// risk's coverage, its priority and the status of one of its controls, and a gap's
/// priority; sending those rows whole made most of an edit's answer (40 KB for DASF 5, which
/// 27 risks rely on) and most of its cost.
trait Patchable: Same + Serialize {
    /// Put each member into `out`, which writes it if it differs from `old`'s, and always when
    /// there is no old. The member names are serde's: the tests check that every member
    /// written against no old reads back equal to the object serialised whole.
    fn members(&self, old: Option<&Self>, out: &mut ObjectPatch);
}

/// An object patch being written: `{"set": {...}, "unset": [...], "lists": {...}, "objects":
/// {...}}`, each part only when it has something. `set` has the members that changed (or
/// appeared), whole; `unset` names those no longer written (serde leaves an empty text or a
/// `None` out); `lists` has a list patch ([`relist`]) for each list member that changed, and
/// `objects` an object patch for each object member that changed.
struct ObjectPatch<'o> {
    out: &'o mut String,
    /// Whether `"set":{` is open in `out`.
    setting: bool,
    unset: Vec<&'static str>,
    /// `"name":[...]` and `"name":{...}`, comma-separated.
    lists: String,
    objects: String,
}

impl<'o> ObjectPatch<'o> {
    fn new(out: &'o mut String) -> ObjectPatch<'o> {
        out.push('{');
        ObjectPatch {
            out,
            setting: false,
            unset: Vec::new(),
            lists: String::new(),
            objects: String::new(),
        }
    }

    /// Set the member if it `changed`.
    fn put(&mut self, name: &str, changed: bool, value: &dyn ToJson) {
        if changed {
            self.set(name, value);
        }
    }

    /// A member serde leaves out when it is empty (or `None`): set when it changed (or there
    /// is no old, `changed` `None`) and is there; unset when it changed and is gone.
    fn put_if_written(
        &mut self,
        name: &'static str,
        changed: Option<bool>,
        value: &dyn ToJson,
        written: bool,
    ) {
        match (changed, written) {
            (Some(false), _) | (None, false) => {}
            (_, true) => self.set(name, value),
            (Some(true), false) => self.unset.push(name),
        }
    }

    /// A list member: patched item by item against the old list, whole when there is none.
    fn put_list<T: Patchable>(
        &mut self,
        name: &str,
        new: &[T],
        old: Option<&[T]>,
        key: fn(&T) -> (&str, &str),
    ) {
        let Some(old) = old else {
            return self.set(name, &new);
        };
        if let Some(list) = relist(old, new, key) {
            named(&mut self.lists, name).push_str(&list);
        }
    }

    /// An object member: patched member by member against the old one, whole when there is
    /// none.
    fn put_object<T: Patchable>(&mut self, name: &str, new: &T, old: Option<&T>) {
        match old {
            None => self.set(name, new),
            Some(old) if old.same(new) => {}
            Some(old) => {
                let mut members = ObjectPatch::new(named(&mut self.objects, name));
                new.members(Some(old), &mut members);
                members.finish();
            }
        }
    }

    fn set(&mut self, name: &str, value: &dyn ToJson) {
        self.out
            .push_str(if self.setting { "," } else { "\"set\":{" });
        self.setting = true;
        for part in ["\"", name, "\":"] {
            self.out.push_str(part);
        }
        value.write_json(self.out);
    }

    fn finish(self) {
        let mut parts = self.setting;
        if self.setting {
            self.out.push('}');
        }
        let mut part = |out: &mut String, name: &str| {
            out.push_str(if parts { ",\"" } else { "\"" });
            out.push_str(name);
            out.push_str("\":");
            parts = true;
        };
        if !self.unset.is_empty() {
            part(self.out, "unset");
            json::write::write(&self.unset, self.out);
        }
        for (name, members) in [("lists", &self.lists), ("objects", &self.objects)] {
            if !members.is_empty() {
                part(self.out, name);
                for text in ["{", members, "}"] {
                    self.out.push_str(text);
                }
            }
        }
        self.out.push('}');
    }
}

/// `buffer` with `"name":` appended, after a comma unless it was empty.
fn named<'b>(buffer: &'b mut String, name: &str) -> &'b mut String {
    if !buffer.is_empty() {
        buffer.push(',');
    }
    for part in ["\"", name, "\":"] {
        buffer.push_str(part);
    }
    buffer
}

/// Whether serde writes a member it may leave out.
trait Written {
    fn written(&self) -> bool;
}

impl Written for String {
    fn written(&self) -> bool {
        !self.is_empty()
    }
}

impl<T> Written for Option<T> {
    fn written(&self) -> bool {
        self.is_some()
    }
}

/// Equality as the patch needs it: the same as `==`, with a shortcut for the texts both
/// reports borrow from the catalog. The same id or name is then the same address, so most
/// compare without reading a byte (comparing them byte by byte was a tenth of an edit).
trait Same {
    fn same(&self, other: &Self) -> bool;
}

impl Same for &str {
    fn same(&self, other: &Self) -> bool {
        (self.as_ptr() == other.as_ptr() && self.len() == other.len()) || self == other
    }
}

impl Same for &[String] {
    fn same(&self, other: &Self) -> bool {
        (self.as_ptr() == other.as_ptr() && self.len() == other.len()) || self == other
    }
}

/// A correction of the catalog in force: all but the words of its change are the catalog's.
impl Same for crate::assess::ErratumInForce<'_> {
    fn same(&self, other: &Self) -> bool {
        self.risk.same(&other.risk)
            && self.field.same(&other.field)
            && self.published.same(&other.published)
            && self.corrected.same(&other.corrected)
            && self.reason.same(&other.reason)
            && self.change == other.change
    }
}

impl<T: Same> Same for Vec<T> {
    fn same(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.same(b))
    }
}

impl<T: Same> Same for Option<T> {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// Members compared as `==` does.
macro_rules! same_as_equal {
    ($($type:ty),* $(,)?) => {
        $(impl Same for $type {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
        })*
    };
}

same_as_equal!(
    bool,
    u8,
    u32,
    usize,
    f64,
    String,
    crate::assess::RiskState,
    crate::assess::Scope,
    crate::assess::Level,
    crate::assess::ControlStatus,
    crate::catalog::Responsibility,
    crate::assess::UseCase,
    crate::assess::Progress,
    crate::assess::Review,
    crate::assess::TopRisk<'_>,
    crate::assess::NextControl<'_>,
    crate::assess::InPlace<'_>,
    crate::assess::ResponsibilityShare<'_>,
);

/// `Patchable` for a report type: each field by its JSON name; `(if_written "name")` for a member
/// serde leaves out when empty or `None`; `(list "name", key)` for a list patched item by
/// item; `(object "name")` for an object patched member by member; `flatten` for a flattened
/// member. The pattern lists every field, so a field added
/// to the type and not here does not compile.
macro_rules! patchable {
    ($type:ident $(<$lt:lifetime>)? { $($field:ident: $how:tt),* $(,)? }) => {
        impl Patchable for crate::assess::$type$(<$lt>)? {
            fn members(&self, old: Option<&Self>, out: &mut ObjectPatch) {
                let crate::assess::$type { $($field: _),* } = self;
                $(patchable!(@put out, &self.$field, old.map(|o| &o.$field), $how);)*
            }
        }
        impl Same for crate::assess::$type$(<$lt>)? {
            fn same(&self, other: &Self) -> bool {
                true $(&& self.$field.same(&other.$field))*
            }
        }
    };
    (@put $out:ident, $new:expr, $old:expr, $name:literal) => {
        $out.put($name, !$old.is_some_and(|o| o.same($new)), $new)
    };
    (@put $out:ident, $new:expr, $old:expr, (if_written $name:literal)) => {
        $out.put_if_written($name, $old.map(|o| !o.same($new)), $new, Written::written($new))
    };
    (@put $out:ident, $new:expr, $old:expr, (list $name:literal, $key:expr)) => {
        $out.put_list($name, $new, $old.map(|o| o.as_slice()), $key)
    };
    (@put $out:ident, $new:expr, $old:expr, (object $name:literal)) => {
        $out.put_object($name, $new, $old)
    };
    (@put $out:ident, $new:expr, $old:expr, flatten) => {
        Patchable::members($new, $old, $out)
    };
}

patchable!(Report<'_> {
    schema: "schema",
    schema_version: "schemaVersion",
    generator: "generator",
    use_case: "useCase",
    framework: "framework",
    dasf: "dasf",
    edition_line: "editionLine",
    catalog_source: "catalogSource",
    catalog_notes: "catalogNotes",
    deployment_models: "deploymentModels",
    as_published: "asPublished",
    errata: "errata",
    errata_line: "errataLine",
    scoring: "scoring",
    summary: (object "summary"),
    overall: "overall",
    stages: (list "stages", |s| (s.id, "")),
    components: (list "components", |c| (c.id, "")),
    risks: (list "risks", |r| (r.id, "")),
    controls: (list "controls", |c| (c.id, "")),
    gaps: (list "gaps", |g| (g.risk, g.control)),
    next_controls: "nextControls",
    responsibility: "responsibility",
    warnings: "warnings",
    review: (if_written "review"),
});
patchable!(Summary<'_> {
    assessed_on: "assessedOn",
    assessor: "assessor",
    progress: "progress",
    unrated: "unrated",
    top_risks: "topRisks",
    top_actions: "topActions",
    in_place: "inPlace",
    in_place_total: "inPlaceTotal",
    threats_reviewed: "threatsReviewed",
    standing: "standing",
    risks_line: "risksLine",
    gaps_line: "gapsLine",
    threats_line: "threatsLine",
    in_place_line: (if_written "inPlaceLine"),
});
patchable!(Score {
    coverage: "coverage",
    residual: "residual",
    level: "level",
    applicable: "applicable",
    scored: "scored",
    covered: "covered",
    partial: "partial",
    uncovered: "uncovered",
    set_aside: "setAside",
});
patchable!(StageScore<'_> { id: "id", name: "name", score: flatten });
patchable!(ComponentScore<'_> {
    id: "id",
    name: "name",
    stage: "stage",
    in_scope: "inScope",
    score: flatten,
});
patchable!(RiskResult<'_> {
    id: "id",
    name: "name",
    component: "component",
    state: "state",
    scope: "scope",
    coverage: "coverage",
    reason: (if_written "reason"),
    likelihood: "likelihood",
    impact: "impact",
    priority: "priority",
    no_chosen_control: "noChosenControl",
    controls: (list "controls", |c| (c.id, "")),
    threats_reviewed: "threatsReviewed",
    threats_note: (if_written "threatsNote"),
});
patchable!(ControlRef<'_> {
    id: "id",
    status: "status",
    excluded: (if_written "excluded"),
});
patchable!(ControlResult<'_> {
    id: "id",
    name: "name",
    status: "status",
    responsibility: "responsibility",
    risks: "risks",
    open: "open",
    owner: "owner",
    note: "note",
    evidence: "evidence",
    due: "due",
});
patchable!(Gap<'_> {
    risk: "risk",
    risk_name: "riskName",
    component: "component",
    control: "control",
    control_name: "controlName",
    status: "status",
    responsibility: "responsibility",
    owner: "owner",
    note: "note",
    evidence: "evidence",
    due: "due",
    priority: "priority",
});

/// An item's key by the addresses of its ids rather than their text. Both reports borrow
/// their ids from the one catalog, so the same id is the same address: comparing and sorting
/// two numbers is cheaper than comparing text (a tenth of an edit's time went to it). An id
/// at another address (another catalog, after a move between versions) only finds no old
/// item, and the item is sent whole.
fn address((a, b): (&str, &str)) -> Key {
    (a.as_ptr() as usize, b.as_ptr() as usize)
}

type Key = (usize, usize);

fn relist_by(
    (old_len, new_len): (usize, usize),
    old_key: &dyn Fn(usize) -> Key,
    new_key: &dyn Fn(usize) -> Key,
    equal: &dyn Fn(usize, usize) -> bool,
    write_changes: &dyn Fn(usize, usize, &mut String),
    write: &dyn Fn(usize, &mut String),
) -> Option<String> {
    // Most items follow the same item as before (risks and controls are in catalog order; a
    // status edit moves a few gaps, and those after them still follow one another), so each
    // new item is first looked for after the previous item's old position, then at its own.
    // The old positions by key, for the others, are hashed only when one is met (a bulk
    // edit on a large catalog moves every gap, and a scan per item would be quadratic).
    let mut by_key: Option<Positions> = None;
    let mut changed = old_len != new_len;
    let mut out = String::with_capacity(4 * new_len);
    out.push('[');
    // The old position after the previous item's, and how many items just before this one
    // are, unchanged, the old items up to it (written as one number when the run ends).
    let (mut next_old, mut run) = (0, 0);
    let end_run = |out: &mut String, run: usize, next_old: usize| {
        if run > 0 {
            if out.len() > 1 {
                out.push(',');
            }
            match run {
                1 => json::write::unsigned((next_old - 1) as u64, out),
                _ => {
                    out.push('-');
                    json::write::unsigned(run as u64, out);
                }
            }
        }
    };
    for n in 0..new_len {
        let wanted = new_key(n);
        let o = if next_old < old_len && old_key(next_old) == wanted {
            Some(next_old)
        } else if n < old_len && old_key(n) == wanted {
            Some(n)
        } else {
            by_key
                .get_or_insert_with(|| Positions::new(old_len, old_key))
                .find(wanted)
        };
        let same = o.is_some_and(|o| equal(o, n));
        if let Some(o) = o.filter(|&o| same && o == next_old) {
            changed |= o != n;
            run += 1;
            next_old += 1;
            continue;
        }
        end_run(&mut out, run, next_old);
        run = 0;
        if out.len() > 1 {
            out.push(',');
        }
        match o {
            Some(o) if same => {
                changed |= o != n;
                json::write::unsigned(o as u64, &mut out);
            }
            Some(o) => {
                changed = true;
                out.push('[');
                json::write::unsigned(o as u64, &mut out);
                out.push(',');
                write_changes(o, n, &mut out);
                out.push(']');
            }
            None => {
                changed = true;
                write(n, &mut out);
            }
        }
        if let Some(o) = o {
            next_old = o + 1;
        }
    }
    end_run(&mut out, run, next_old);
    out.push(']');
    changed.then_some(out)
}

/// Positions by key: an open-addressing table, twice as large as the list (a sort of the
/// keys was a sixth of an edit's time).
struct Positions {
    slots: Vec<(Key, usize)>,
}

/// A key no item has: ids are never at address 0.
const NO_KEY: Key = (0, 0);

impl Positions {
    fn new(len: usize, key: &dyn Fn(usize) -> Key) -> Positions {
        let mut slots = vec![(NO_KEY, 0); (2 * len).next_power_of_two().max(2)];
        for at in 0..len {
            let k = key(at);
            let i = Positions::probe(&slots, k);
            slots[i] = (k, at);
        }
        Positions { slots }
    }

    fn find(&self, key: Key) -> Option<usize> {
        let (k, at) = self.slots[Positions::probe(&self.slots, key)];
        (k == key).then_some(at)
    }

    /// The slot holding `key`, or the empty one where it would go. A multiplication carries
    /// every bit of the two addresses into the high half, which picks the slot.
    fn probe(slots: &[(Key, usize)], key: Key) -> usize {
        let mask = slots.len() - 1;
        let mixed =
            (key.0 as u64 ^ (key.1 as u64).rotate_left(32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut i = (mixed >> 32) as usize & mask;
        while slots[i].0 != NO_KEY && slots[i].0 != key {
            i = (i + 1) & mask;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{evaluate, ControlRef, ControlStatus, RiskResult, RiskState, Scope};

    fn edits(text: &str) -> Vec<Edit> {
        Session::read_edits(text).unwrap()
    }

    fn open() -> Session {
        Session::open(r#"{"schema": "ai-risk-map/assessment", "deploymentModels": ["rag_llm"]}"#)
            .unwrap()
    }

    #[test]
    fn an_edit_changes_the_entry_and_the_report_as_a_full_evaluation_would() {
        let mut s = open();
        let change = s
            .apply(&edits(
                r#"[{"path": ["controls", "DASF 1", "status"], "value": "implemented"},
                    {"path": ["controls", "DASF 1", "owner"], "value": "IAM"}]"#,
            ))
            .unwrap();
        let change: serde_json::Value = serde_json::from_str(&change.to_json()).unwrap();
        assert_eq!(
            change["document"],
            serde_json::json!([{"path": ["controls", "DASF 1"],
                "value": {"status": "implemented", "owner": "IAM"}}])
        );
        assert!(change["report"]["set"]["overall"].is_object());
        // Every risk is named, most of them in runs (-k for k items in a row).
        let listed: i64 = change["report"]["lists"]["risks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item.as_i64().filter(|k| *k < 0).map_or(1, |k| -k))
            .sum();
        assert_eq!(listed as usize, s.report().risks.len());
        assert!(change["report"]["objects"]["summary"]["set"]["standing"].is_string());
        assert!(
            change["report"]["set"].get("scoring").is_none(),
            "unchanged members stay out"
        );
        let full = evaluate(s.catalog(), s.assessment()).unwrap();
        assert_eq!(&full, s.report());
        let reread = Assessment::from_json(&s.to_json()).unwrap();
        assert_eq!(&reread, s.assessment());
    }

    /// A list item as report items are: keyed by an id borrowed from one table, with a text
    /// left out when empty.
    #[derive(Debug, PartialEq, Serialize)]
    struct Item {
        id: &'static str,
        value: u8,
        #[serde(skip_serializing_if = "String::is_empty")]
        note: String,
    }

    impl Patchable for Item {
        fn members(&self, old: Option<&Self>, out: &mut ObjectPatch) {
            out.put("id", old.map(|o| &o.id) != Some(&self.id), &self.id);
            out.put(
                "value",
                old.map(|o| &o.value) != Some(&self.value),
                &self.value,
            );
            let changed = old.map(|o| o.note != self.note);
            out.put_if_written("note", changed, &self.note, !self.note.is_empty());
        }
    }

    impl Same for Item {
        fn same(&self, other: &Self) -> bool {
            self == other
        }
    }

    fn control(n: usize, status: ControlStatus) -> ControlRef<'static> {
        static IDS: [&str; 2] = ["DASF 1", "DASF 2"];
        ControlRef {
            id: IDS[n],
            status,
            excluded: None,
        }
    }

    fn risk() -> RiskResult<'static> {
        RiskResult {
            id: "1.1",
            name: "A risk",
            component: "1",
            state: RiskState::Partial,
            scope: Scope::Flagged,
            coverage: Some(0.5),
            reason: String::new(),
            likelihood: None,
            impact: None,
            priority: None,
            no_chosen_control: false,
            controls: Vec::new(),
            threats_reviewed: false,
            threats_note: String::new(),
        }
    }

    #[test]
    fn a_changed_list_names_the_items_it_keeps_by_their_old_position() {
        static IDS: [&str; 5] = ["a", "b", "c", "d", "e"];
        let item = |id: usize, value: u8, note: &str| Item {
            id: IDS[id],
            value,
            note: note.into(),
        };
        let key = |i: &Item| (i.id, "");
        let old = [
            item(0, 0, ""),
            item(1, 0, ""),
            item(2, 1, "x"),
            item(3, 0, "y"),
        ];
        assert_eq!(relist(&old, &old, key), None);
        // Moved, changed (same key), new, gone.
        let new = [
            item(1, 0, ""),
            item(2, 2, "x"),
            item(0, 0, ""),
            item(4, 0, ""),
        ];
        assert_eq!(
            relist(&old, &new, key).as_deref(),
            Some(r#"[1,[2,{"set":{"value":2}}],0,{"id":"e","value":0}]"#)
        );
        assert_eq!(relist(&old, &[], key).as_deref(), Some("[]"));
        // Unchanged items in a row are one number: -k for the k old items after the previous
        // item's old position, also after an item that is new.
        let new = [
            item(0, 0, ""),
            item(1, 0, ""),
            item(4, 0, ""),
            item(2, 1, "x"),
            item(3, 0, "y"),
        ];
        assert_eq!(
            relist(&old, &new, key).as_deref(),
            Some(r#"[-2,{"id":"e","value":0},-2]"#)
        );
        assert_eq!(relist(&old, &old[1..], key).as_deref(), Some(r#"[1,-2]"#));
        // A member no longer written is unset.
        let new = [item(3, 1, "")];
        assert_eq!(
            relist(&old[3..], &new, key).as_deref(),
            Some(r#"[[0,{"set":{"value":1},"unset":["note"]}]]"#)
        );
        // A list member is patched item by item.
        let was = [RiskResult {
            controls: vec![
                control(0, ControlStatus::Implemented),
                control(1, ControlStatus::Partial),
            ],
            ..risk()
        }];
        let now = [RiskResult {
            controls: vec![
                control(0, ControlStatus::Implemented),
                control(1, ControlStatus::Implemented),
            ],
            ..risk()
        }];
        assert_eq!(
            relist(&was, &now, |r| (r.id, "")).as_deref(),
            Some(r#"[[0,{"lists":{"controls":[0,[1,{"set":{"status":"implemented"}}]]}}]]"#)
        );
        // The same text at another address is another key: the item is sent whole.
        let elsewhere = String::from("a").leak();
        let moved = [Item {
            id: elsewhere,
            value: 0,
            note: String::new(),
        }];
        assert_eq!(
            relist(&old[..1], &moved, key).as_deref(),
            Some(r#"[{"id":"a","value":0}]"#)
        );
    }

    #[test]
    fn every_row_written_member_by_member_reads_as_written_whole() {
        // The names in `patchable!` are checked here against serde's, on a report with every kind
        // of row, texts left out and written.
        let text = include_str!("../examples/rag-chatbot.assessment.json");
        let mut s = Session::open(text).unwrap();
        s.apply(&edits(
            r#"[{"path": ["risks", "9.1", "threatsNote"], "value": "Seen in the red team."}]"#,
        ))
        .unwrap();
        let r = s.report();
        fn check<T: Patchable>(rows: &[T]) {
            assert!(!rows.is_empty());
            for row in rows {
                let mut out = String::new();
                let mut members = ObjectPatch::new(&mut out);
                row.members(None, &mut members);
                members.finish();
                let whole: serde_json::Value =
                    serde_json::from_str(&json::write::to_string(row)).unwrap();
                // Against no old, everything is set.
                let patch: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(patch.as_object().unwrap().len(), 1);
                assert!(patch["set"] == whole, "{out}");
            }
        }
        check(std::slice::from_ref(r));
        check(std::slice::from_ref(&r.summary));
        check(&r.stages);
        check(&r.components);
        check(&r.risks);
        check(&r.controls);
        check(&r.gaps);
        assert!(r.risks.iter().any(|r| !r.reason.is_empty()));
        assert!(r.risks.iter().any(|r| !r.threats_note.is_empty()));
    }

    #[test]
    fn undo_and_redo_take_back_and_make_again_each_step() {
        let mut s = open();
        let start = s.assessment().clone();
        let start_report = s.report().clone();
        s.apply(&edits(
            r#"{"path": ["controls", "DASF 1", "status"], "value": "planned"}"#,
        ))
        .unwrap();
        let planned = s.assessment().clone();
        // A bulk action over it: one step.
        s.apply(&edits(
            r#"[{"path": ["controls", "DASF 1", "status"], "value": "implemented"},
                {"path": ["controls", "DASF 2", "status"], "value": "implemented"},
                {"path": ["useCase", "name"], "value": "Bot"}]"#,
        ))
        .unwrap();
        let bulk = s.assessment().clone();
        assert_eq!(s.history(), (2, 0));
        let change = s.undo().unwrap().expect("a step to undo");
        assert_eq!(s.assessment(), &planned);
        assert_eq!(
            s.assessment()
                .controls
                .get("DASF 1")
                .unwrap()
                .status
                .as_str(),
            "planned"
        );
        let change: serde_json::Value = serde_json::from_str(&change.to_json()).unwrap();
        assert_eq!(change["document"].as_array().unwrap().len(), 3, "{change}");
        assert_eq!(&evaluate(s.catalog(), s.assessment()).unwrap(), s.report());
        s.redo().unwrap().expect("a step to redo");
        assert_eq!(s.assessment(), &bulk);
        s.undo().unwrap();
        s.undo().unwrap();
        assert_eq!(s.assessment(), &start);
        assert_eq!(s.report(), &start_report);
        assert_eq!(s.to_json(), start.to_json());
        assert!(s.undo().unwrap().is_none(), "nothing left to undo");
        assert_eq!(s.history(), (0, 2));
        // A new edit drops what could be redone.
        s.apply(&edits(r#"{"path": ["assessor"], "value": "Ann"}"#))
            .unwrap();
        assert_eq!(s.history(), (1, 0));
        assert!(s.redo().unwrap().is_none());
    }

    #[test]
    fn keystrokes_in_one_field_are_one_step() {
        let mut s = open();
        for text in ["B", "Bo", "Bot"] {
            let edit = format!(r#"{{"path": ["useCase", "name"], "value": "{text}"}}"#);
            s.apply_in(&edits(&edit), Some("name")).unwrap();
        }
        s.apply_in(
            &edits(r#"{"path": ["useCase", "owner"], "value": "Ops"}"#),
            Some("owner"),
        )
        .unwrap();
        assert_eq!(s.history(), (2, 0));
        s.undo().unwrap();
        assert_eq!(s.assessment().use_case.name, "Bot");
        s.undo().unwrap();
        assert_eq!(s.assessment().use_case.name, "");
        // After an undo, typing in the same field again starts a new step.
        s.redo().unwrap();
        s.apply_in(
            &edits(r#"{"path": ["useCase", "name"], "value": "Bots"}"#),
            Some("name"),
        )
        .unwrap();
        s.undo().unwrap();
        assert_eq!(s.assessment().use_case.name, "Bot");
        // An edit that changes nothing is no step.
        let (steps, _) = s.history();
        s.apply(&edits(r#"{"path": ["useCase", "name"], "value": "Bot"}"#))
            .unwrap();
        assert_eq!(s.history().0, steps);
    }

    #[test]
    fn a_move_to_another_version_is_undone_whole() {
        let mut s = Session::open(
            r#"{"schema": "ai-risk-map/assessment", "dasf": "1.0", "controls": {"DASF 1": {"status": "planned"}}}"#,
        )
        .unwrap();
        let start = s.assessment().clone();
        s.migrate("2.0").unwrap();
        assert_eq!(s.assessment().dasf, "2.0");
        let change = s.undo().unwrap().unwrap();
        assert_eq!(s.assessment(), &start);
        assert_eq!(s.catalog().version, "1.0");
        assert_eq!(&evaluate(s.catalog(), s.assessment()).unwrap(), s.report());
        let change: serde_json::Value = serde_json::from_str(&change.to_json()).unwrap();
        assert!(change["document"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == serde_json::json!(["dasf"]) && c["value"] == "1.0"));
        s.redo().unwrap();
        assert_eq!(s.assessment().dasf, "2.0");
    }

    #[test]
    fn a_lone_surrogate_is_refused_at_the_documents_path() {
        let at = |text: &str| match Session::read_edits(text) {
            Err(e) => (e.code(), e.path().map(|p| p.to_string()), e.to_string()),
            Ok(_) => panic!("read: {text}"),
        };
        let (code, path, message) =
            at(r#"{"path": ["controls", "DASF 1", "note"], "value": "ab\ud800cd"}"#);
        assert_eq!(code, "invalid_document");
        assert_eq!(path.as_deref(), Some("controls.DASF 1.note"));
        assert!(message.contains("lone UTF-16 surrogate"), "{message}");
        // In the second edit of a batch, inside a list, with the value before the path.
        let (code, path, _) = at(r#"[{"path": ["assessor"], "value": "x"},
            {"value": ["ok", "\udc00"], "path": ["controls", "DASF 2", "evidence"]}]"#);
        assert_eq!(code, "invalid_document");
        assert_eq!(path.as_deref(), Some("controls.DASF 2.evidence[1]"));
        // Two lone halves in a row, as `JSON.stringify` writes them.
        let (code, path, _) =
            at(r#"{"path": ["controls", "DASF 1", "owner"], "value": "\ud800\ud800"}"#);
        assert_eq!(code, "invalid_document");
        assert_eq!(path.as_deref(), Some("controls.DASF 1.owner"));
        // Elsewhere in the edits it stays an error of their JSON.
        let (code, path, _) = at(r#"{"path": ["controls", "DASF 1", "no\ud800te"], "value": 1}"#);
        assert_eq!(code, "invalid_json");
        assert_eq!(path.as_deref(), Some("path[2]"));
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_names_its_path() {
        let mut s = open();
        let before = s.assessment().clone();
        let err = s
            .apply(&edits(
                r#"[{"path": ["useCase", "name"], "value": "Bot"},
                    {"path": ["controls", "DASF 1", "status"], "value": "done"}]"#,
            ))
            .unwrap_err();
        assert_eq!(err.path(), Some("controls.DASF 1.status"));
        assert!(err.to_string().contains("`done`"), "{err}");
        assert_eq!(s.assessment(), &before);

        let err = s
            .apply(&edits(
                r#"{"path": ["controls", "DASF 999", "status"], "value": "planned"}"#,
            ))
            .unwrap_err();
        assert_eq!(err.code(), "unknown_id");
        assert_eq!(err.path(), Some("controls.DASF 999"));
        let err = s
            .apply(&edits(r#"{"path": ["dasf"], "value": "1.0"}"#))
            .unwrap_err();
        assert!(err.to_string().contains("migrate"), "{err}");
        let err = s
            .apply(&edits(
                r#"{"path": ["deploymentModels"], "value": ["rag"]}"#,
            ))
            .unwrap_err();
        assert_eq!(err.path(), Some("deploymentModels[0]"));
        assert_eq!(s.assessment(), &before);
    }

    #[test]
    fn an_edition_switch_takes_the_other_catalog() {
        let mut s = open();
        let applies = |s: &Session| {
            s.report()
                .risks
                .iter()
                .find(|r| r.id == "9.1")
                .map(|r| r.state)
        };
        let corrected = applies(&s);
        s.apply(&edits(r#"{"path": ["asPublished"], "value": true}"#))
            .unwrap();
        assert!(s.assessment().as_published);
        assert_ne!(applies(&s), corrected, "9.1 follows the published flags");
        assert_eq!(&evaluate(s.catalog(), s.assessment()).unwrap(), s.report());
        // An entry edit under the published edition is checked against that edition, also
        // when the switch is in the same batch.
        s.apply(&edits(
            r#"[{"path": ["asPublished"], "value": null},
                {"path": ["asPublished"], "value": true},
                {"path": ["risks", "9.1", "impact"], "value": 4}]"#,
        ))
        .unwrap();
        assert!(s.assessment().as_published);
        s.apply(&edits(
            r#"{"path": ["controls", "DASF 1", "status"], "value": "implemented"}"#,
        ))
        .unwrap();
        assert!(s.assessment().as_published);
        assert_eq!(&evaluate(s.catalog(), s.assessment()).unwrap(), s.report());
        s.apply(&edits(r#"{"path": ["asPublished"], "value": null}"#))
            .unwrap();
        assert!(!s.assessment().as_published);
        assert_eq!(&evaluate(s.catalog(), s.assessment()).unwrap(), s.report());
    }

    #[test]
    fn removing_an_entry_returns_it_to_the_default() {
        let mut s = open();
        s.apply(&edits(
            r#"{"path": ["risks", "9.1"], "value": {"pertinent": false, "reason": "no chat"}}"#,
        ))
        .unwrap();
        assert_eq!(s.assessment().risks["9.1"].pertinent, Some(false));
        let change = s
            .apply(&edits(r#"{"path": ["risks", "9.1"], "value": null}"#))
            .unwrap();
        assert_eq!(change.document[0].1, "null");
        assert!(s.assessment().risks.get("9.1").is_none());
        let change = s
            .apply(&edits(r#"{"path": ["deploymentModels"], "value": null}"#))
            .unwrap();
        let change: serde_json::Value = serde_json::from_str(&change.to_json()).unwrap();
        assert_eq!(
            change["report"]["set"]["deploymentModels"],
            serde_json::json!([])
        );
        assert!(s.assessment().deployment_models.is_empty());
    }

    #[test]
    fn the_size_is_tracked_and_the_limit_held() {
        let mut s = open();
        let note = "n".repeat(limits::MAX_TEXT_BYTES - 8);
        let mut grown = 0;
        for i in 1..=64 {
            let edit =
                format!(r#"{{"path": ["controls", "DASF {i}", "note"], "value": "{note}"}}"#);
            match s.apply(&edits(&edit)) {
                Ok(_) => grown += 1,
                Err(e) => {
                    assert_eq!(e.code(), "too_large", "{e}");
                    break;
                }
            }
            if i % 16 == 1 {
                assert_eq!(s.size, compact(s.assessment()).len());
            }
        }
        assert_eq!(s.size, compact(s.assessment()).len());
        assert!(grown < 64, "the document never reached the limit");
        assert!(s.to_json().len() <= limits::MAX_DOCUMENT_BYTES);
    }
}
