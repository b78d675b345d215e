//! `GET/POST /ky/{period}/noi-dung/{section}`: the narrative of one report section, with a
//! preview of the section as it will print. `POST …/xem-truoc` answers the preview as an
//! HTML fragment (the script fetches it while typing); without a script the "Xem trước"
//! button posts the form and the page shows the preview.
//!
//! Form fields: `noi_dung` (the text), `action` (`luu` or `xem-truoc`). A section belongs to
//! the field its title names ("2.2. Lĩnh vực Công nghệ thông tin" → cntt), else to `chung`;
//! only users who may enter that field may change it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_app::AppError;
use baocao_core::catalog::Field;
use baocao_core::narrative::Narrative;
use baocao_core::period::Period;
use baocao_core::text::search_fold;
use baocao_report::model::{Block, Inline, ReportDocument};
use baocao_report::template::SectionTemplate;

use crate::auth::Viewer;
use crate::layout::{self, PeriodLink};
use crate::{AppState, WebError, form, templates, view};

/// The field a section belongs to: the first whose name its title contains, else `chung`.
fn section_field(section: &SectionTemplate) -> Field {
    let title = search_fold(&section.title);
    Field::ALL
        .into_iter()
        .filter(|f| *f != Field::Chung)
        .find(|f| title.contains(&search_fold(f.name_vi())))
        .unwrap_or(Field::Chung)
}

struct Loaded {
    period: Period,
    section: SectionTemplate,
    template: baocao_report::ReportTemplate,
    field: Field,
}

async fn load(state: &AppState, period: &str, section: &str) -> Result<Loaded, WebError> {
    let period = view::period(period)?;
    let template = layout::template(state).await?.ok_or(WebError::NotFound)?;
    let section = template
        .section
        .iter()
        .find(|s| s.narrative.as_deref() == Some(section))
        .cloned()
        .ok_or(WebError::NotFound)?;
    Ok(Loaded {
        period,
        field: section_field(&section),
        section,
        template,
    })
}

/// The section as it will print with `text` as its narrative, as HTML, or the error of the
/// text (a Vietnamese sentence with its line).
async fn preview_html(
    state: &AppState,
    loaded: &Loaded,
    text: &str,
) -> Result<Result<String, String>, WebError> {
    let mut data = view::load_report(state, loaded.period, None).await?;
    let id = loaded.section.narrative.clone().unwrap_or_default();
    data.narratives.retain(|n| n.section != id);
    data.narratives.push(Narrative {
        period: loaded.period,
        section: id,
        text: text.to_string(),
    });
    if data.issue.is_none() {
        // A period without its report data yet: preview with the date of today's draft.
        data.issue = Some(baocao_core::narrative::ReportIssue {
            period: loaded.period,
            number: None,
            issued_on: chrono::Utc::now().date_naive(),
            ytd_cutoff: loaded.period.cutoff_window().end,
            signer: String::new(),
        });
    }
    match baocao_app::build_report_with(&loaded.template, &data) {
        Ok(built) => Ok(Ok(section_html(&built.document, &loaded.section.number))),
        Err(AppError::Render(e)) => Ok(Err(match e.line {
            Some(line) => format!("Dòng {line}: {}", e.message),
            None => e.message,
        })),
        Err(e) => Err(e.into()),
    }
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn inlines(runs: &[Inline], document: &ReportDocument, out: &mut String) {
    for run in runs {
        match run {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Bold(t) => out.push_str(&format!("<strong>{}</strong>", escape(t))),
            Inline::Italic(t) => out.push_str(&format!("<em>{}</em>", escape(t))),
            Inline::FootnoteRef(n) => {
                let text = document
                    .footnotes
                    .get(n.saturating_sub(1))
                    .map(|f| f.text.as_str())
                    .unwrap_or_default();
                out.push_str(&format!("<sup title=\"{}\">{n}</sup>", escape(text)));
            }
        }
    }
}

/// The blocks of the section numbered `number`, up to the next heading of its level or
/// above, as HTML (headings, paragraphs, charts inline as SVG).
fn section_html(document: &ReportDocument, number: &str) -> String {
    let mut out = String::new();
    let mut level = None;
    for block in &document.body {
        match (block, level) {
            (
                Block::Heading {
                    level: l,
                    number: n,
                    text,
                },
                None,
            ) if n == number => {
                level = Some(*l);
                out.push_str(&format!(
                    "<h3 class=\"preview-heading\">{} {}</h3>",
                    escape(n),
                    escape(text)
                ));
            }
            (_, None) => {}
            (Block::Heading { level: l, .. }, Some(mine)) if *l <= mine => break,
            (
                Block::Heading {
                    number: n, text, ..
                },
                Some(_),
            ) => {
                out.push_str(&format!("<h4>{} {}</h4>", escape(n), escape(text)));
            }
            (Block::Paragraph(runs) | Block::Closing(runs), Some(_)) => {
                out.push_str("<p>");
                inlines(runs, document, &mut out);
                out.push_str("</p>");
            }
            (Block::NumberedItem { number: n, content }, Some(_)) => {
                out.push_str(&format!("<p>{} ", escape(n)));
                inlines(content, document, &mut out);
                out.push_str("</p>");
            }
            (Block::Chart(chart), Some(_)) => {
                out.push_str(&format!(
                    "<figure class=\"chart\">{}<figcaption>{}</figcaption></figure>",
                    baocao_charts::svg(chart),
                    escape(&chart.caption())
                ));
            }
        }
    }
    out
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    loaded: &Loaded,
    text: &str,
    notice: Option<&str>,
) -> Result<String, WebError> {
    let preview = preview_html(state, loaded, text).await?;
    let (preview, error) = match preview {
        Ok(html) => (html, None),
        Err(e) => (String::new(), Some(e)),
    };
    let chrome = layout::chrome(state, viewer, Some(loaded.period), "noi-dung", None).await?;
    let id = loaded.section.narrative.clone().unwrap_or_default();
    Ok(templates::render(
        "narrative.html",
        crate::page_context! {
            chrome,
            notice,
            period => PeriodLink::of(loaded.period),
            section_id => id,
            section_title => format!("{} {}", loaded.section.number, loaded.section.title),
            field => loaded.field.name_vi(),
            editable => viewer.may_edit(loaded.field),
            text,
            preview,
            error,
        },
    )?)
}

/// `GET /ky/{period}/noi-dung/{section}`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((period, section)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Html<String>, WebError> {
    let loaded = load(&state, &period, &section).await?;
    let text = state
        .store()
        .narratives(loaded.period)
        .await?
        .into_iter()
        .find(|n| n.section == section)
        .map(|n| n.text)
        .unwrap_or_default();
    let notice = q
        .get("tb")
        .filter(|t| *t == "luu")
        .map(|_| "Đã lưu nội dung.");
    Ok(Html(render(&state, &viewer, &loaded, &text, notice).await?))
}

/// `POST /ky/{period}/noi-dung/{section}`: save (after checking that the section renders),
/// or preview without saving.
pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((period, section)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let loaded = load(&state, &period, &section).await?;
    let pairs = form::parse_urlencoded(&body);
    let text = baocao_core::text::nfc(form::value(&pairs, "noi_dung")).replace("\r\n", "\n");
    if form::values(&pairs, "action").contains(&"xem-truoc") {
        return Ok(Html(render(&state, &viewer, &loaded, &text, None).await?).into_response());
    }
    if !viewer.may_edit(loaded.field) {
        return Err(WebError::Forbidden(format!(
            "Bạn không được sửa nội dung của lĩnh vực {}.",
            loaded.field.name_vi()
        )));
    }
    if let Err(_message) = preview_html(&state, &loaded, &text).await? {
        let html = render(&state, &viewer, &loaded, &text, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let narrative = Narrative {
        period: loaded.period,
        section: section.clone(),
        text,
    };
    state
        .store()
        .set_narrative(&narrative, &viewer.user.username)
        .await?;
    Ok(Redirect::to(&format!(
        "/ky/{}/noi-dung/{section}?tb=luu",
        loaded.period.id()
    ))
    .into_response())
}

/// `POST /ky/{period}/noi-dung/{section}/xem-truoc`: the section as it will print with the
/// posted `noi_dung`, as an HTML fragment (or the error, in `<p class="error">`).
pub async fn preview(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path((period, section)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let loaded = load(&state, &period, &section).await?;
    let pairs = form::parse_urlencoded(&body);
    let text = baocao_core::text::nfc(form::value(&pairs, "noi_dung")).replace("\r\n", "\n");
    Ok(match preview_html(&state, &loaded, &text).await? {
        Ok(html) => Html(html).into_response(),
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(format!(
                "<p class=\"error\" role=\"alert\">{}</p>",
                escape(&e)
            )),
        )
            .into_response(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<script>a&b</script>"),
            "&lt;script&gt;a&amp;b&lt;/script&gt;"
        );
    }
}
