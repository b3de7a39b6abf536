//! Bytes as a catalog document: parse, validate, evaluate, search and render on it. See
//! `ai_risk_map::fuzz_checks::catalog`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ai_risk_map::fuzz_checks::catalog(data));
