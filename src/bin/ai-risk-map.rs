//! The `ai-risk-map` command; all of it is in the library's `cli` module, which the Python
//! wheel ships too.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let code = ai_risk_map::cli::run(std::env::args_os());
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(2))
}

// `cargo test --target wasm32-unknown-unknown` builds every binary; the CLI is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}
