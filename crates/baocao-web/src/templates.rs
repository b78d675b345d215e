//! The page templates, embedded in the binary, in one minijinja environment with HTML
//! auto-escaping on for every template (whatever its name): text from the database is
//! always printed literally.

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, Value};

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "error.html",
    "sign_in.html",
    "dashboard.html",
    "entry.html",
    "validation.html",
    "documents.html",
    "tasks.html",
    "narrative.html",
    "report.html",
    "history.html",
    "users.html",
    "upload.html",
    "upload_result.html",
    "macros.html",
);

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    for (name, source) in TEMPLATES {
        // Templates are compiled into the binary and checked by the tests; one that does
        // not parse is a bug of this crate, reported when it is first rendered.
        if let Err(e) = env.add_template(name, source) {
            tracing::error!(target: "baocao_web::error", "template {name}: {e:#}");
        }
    }
    env
});

/// Renders template `name` with `context` (built with [`page_context!`]).
///
/// Errors: an unknown template or a rendering error (a bug: the tests render every page).
pub fn render(name: &str, context: Value) -> Result<String, minijinja::Error> {
    ENV.get_template(name)?.render(context)
}

/// A template context of serialisable values: `page_context! { chrome, rows => rows }`,
/// each value passed through serde (minijinja's `context!` takes `Value`s only).
#[macro_export]
#[doc(hidden)]
macro_rules! page_context {
    ($($key:ident $(=> $value:expr)?),* $(,)?) => {
        minijinja::context! { $($key => minijinja::value::Value::from(minijinja::value::Serde($crate::page_context!(@value $key $(=> $value)?)))),* }
    };
    (@value $key:ident) => { $key };
    (@value $key:ident => $value:expr) => { $value };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }

    #[test]
    fn text_is_escaped() {
        let html = render(
            "error.html",
            crate::page_context! { title => "<script>x</script>", message => "a & b", status => 404 },
        )
        .unwrap();
        assert!(
            html.contains("&lt;script&gt;x&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>x"));
        assert!(html.contains("a &amp; b"));
    }
}
