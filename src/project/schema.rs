//! A JSON Schema for `fluentpress.toml`, generated from the config types
//! (`fluentpress schema` prints it; `fluentpress.schema.json` is the committed
//! copy editors read through a `#:schema` comment).
//!
//! It describes the file as written: it catches unknown keys, wrong types and
//! misspelt enum values while typing, but not what only loading can judge
//! (whether a locale tag is valid, a template exists, a page's locales are
//! configured); `fluentpress check` still reports those with file:line:column.

use crate::finding::Code;
use schemars::{json_schema, Schema, SchemaGenerator};

/// Where the schema says it lives; editors only need it to be unique.
pub const SCHEMA_ID: &str = "https://fluentpress.invalid/fluentpress.schema.json";

/// The schema as a JSON value.
pub fn config_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(crate::project::config::RawConfig);
    schema.insert("$id".into(), SCHEMA_ID.into());
    schema.insert("title".into(), "fluentpress.toml".into());
    schema.to_value()
}

/// The schema as `fluentpress schema` prints it: pretty JSON and a final newline.
pub fn render() -> String {
    // Serializing a `Value` cannot fail.
    let mut out = serde_json::to_string_pretty(&config_schema()).expect("schema serializes");
    out.push('\n');
    out
}

/// `[check.severity]`: a key per finding code, each a severity or `"off"`.
pub(crate) fn severity_map(generator: &mut SchemaGenerator) -> Schema {
    let level = generator.subschema_for::<crate::project::config::SeverityLevel>();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    json_schema!({
        "type": "object",
        "propertyNames": { "enum": codes },
        "additionalProperties": level,
    })
}

// `crate::intl::Direction` as the config spells it: that type belongs to a stage
// that knows nothing of schemas.
/// Text direction of the locale's pages; derived from its tag when unset.
#[derive(schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // Only its schema is used.
pub(crate) enum Direction {
    Ltr,
    Rtl,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_section_and_every_code() {
        let schema = config_schema();
        let props = schema["properties"].as_object().unwrap();
        for key in [
            "source_locale",
            "base_url",
            "paths",
            "locales",
            "pages",
            "check",
            "pdf",
            "limits",
        ] {
            assert!(props.contains_key(key), "{key}");
        }
        assert_eq!(schema["additionalProperties"], false);
        let text = render();
        for code in Code::ALL {
            assert!(text.contains(&format!("\"{code}\"")), "{code}");
        }
    }
}
