//! The pages, one module each; handlers extract, call a `baocao-app` use case, render.

pub mod assets;
pub mod dashboard;
pub mod documents;
pub mod entry;
pub mod history;
pub mod narrative;
pub mod report;
pub mod sign_in;
pub mod tasks;
pub mod upload;
pub mod users;
pub mod validation;

use serde::Deserialize;

use crate::WebError;

/// Any path the router does not know: the 404 page.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// The `?dv=` query: the org unit to show (id or code), the province by default.
#[derive(Debug, Default, Deserialize)]
pub struct OrgUnitQuery {
    /// The org unit's id or code.
    pub dv: Option<String>,
}

impl OrgUnitQuery {
    /// The org unit asked for, if any and not empty.
    pub fn dv(&self) -> Option<&str> {
        self.dv.as_deref().filter(|d| !d.is_empty())
    }
}
