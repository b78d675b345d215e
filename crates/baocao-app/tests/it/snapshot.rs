//! The whole Markdown report of the example, pinned: any change to the wording, the figures
//! or the layout shows up as a diff to review.

use crate::helpers::{april_markdown, example_db};

#[tokio::test]
async fn markdown_report_of_the_example() {
    let db = example_db().await;
    let markdown = april_markdown(&db.store).await;
    insta::assert_snapshot!("bao_cao_thang_4_2023_md", markdown);
}
