//! Turning domain enums and values into column text and back.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StoreError;

/// The serde name of a unit enum variant, e.g. `Field::Cntt` → "cntt".
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The variant named by `text`.
pub(crate) fn enum_from<T: DeserializeOwned>(
    table: &'static str,
    key: &str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|e| {
        StoreError::Corrupt {
            table,
            key: key.to_string(),
            reason: e.to_string(),
        }
    })
}

/// A corrupt-row error.
pub(crate) fn corrupt(table: &'static str, key: &str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table,
        key: key.to_string(),
        reason: reason.to_string(),
    }
}
