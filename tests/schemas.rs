//! The published JSON Schemas in `schemas/` are the ones the Rust types give today.
//! (python/tests/test_schemas.py checks real documents against them with a validator.)

use std::path::Path;

#[test]
fn published_schemas_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for name in ai_risk_map::schema::DOCUMENTS {
        let path = dir.join(format!("{name}.schema.json"));
        let generated = ai_risk_map::schema::schema(name).expect("a listed document has a schema");
        let published = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            published == generated,
            "{} is out of date with the Rust types: regenerate it with\n  cargo run -q --bin ai-risk-map -- schema {name} > schemas/{name}.schema.json",
            path.display()
        );
        let value: serde_json::Value = serde_json::from_str(&generated).unwrap();
        assert_eq!(
            value["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if name != "report" {
            assert_eq!(
                value["additionalProperties"], false,
                "unknown members are refused in what the engine reads"
            );
        }
    }
    assert!(ai_risk_map::schema::schema("nothing").is_none());
}
