//! Bytes as an assessment document: parse, save and reload, evaluate on the built-in
//! catalog, render every report. See `ai_risk_map::fuzz_checks::assessment`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ai_risk_map::fuzz_checks::assessment(data));
