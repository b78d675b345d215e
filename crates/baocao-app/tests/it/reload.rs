//! Loading a department's folder again: what the folder no longer holds is gone from the
//! database, what belongs to other months stays, and a catalogue that would orphan stored
//! figures is refused.

use crate::helpers::{Folder, april_markdown, as_typed, db_state, example_db};

const DATA: &str = "data/2023-04.toml";

#[tokio::test]
async fn a_renumbered_document_replaces_the_old_one() {
    let db = example_db().await;
    let folder = Folder::example_copy();
    folder.replace("documents.toml", "\"166/QĐ-UBND\"", "\"167/QĐ-UBND\"");
    let summary = baocao_app::load_folder(&db.store, folder.path())
        .await
        .expect("the folder loads");
    let state = db_state(&db.store).await;
    assert_eq!(summary.documents, 17);
    assert_eq!(
        state.documents.len(),
        17,
        "the register is replaced, not merged"
    );
    assert!(state.documents.iter().all(|d| d.id != "166/QĐ-UBND"));
    let markdown = april_markdown(&db.store).await;
    assert!(
        markdown.contains("02 Quyết định, 03 Kế hoạch"),
        "{markdown}"
    );
    assert!(markdown.contains("167/QĐ-UBND") && !markdown.contains("166/QĐ-UBND"));
}

#[tokio::test]
async fn a_figure_removed_from_the_months_file_is_removed_from_the_database() {
    let db = example_db().await;
    let before = db_state(&db.store).await;
    assert_eq!(
        as_typed(&before, "CNTT_CHUNGTHUSO", "default", "2023-04").as_deref(),
        Some("07")
    );
    let folder = Folder::example_copy();
    folder.replace(
        DATA,
        "de = \"CNTT_CHUNGTHUSO\"\nvalue = \"07\"",
        "de = \"CNTT_CHUNGTHUSO\"\nvalue = \"07\"\nperiod = \"2023-02\"",
    );
    baocao_app::load_folder(&db.store, folder.path())
        .await
        .expect("the folder loads");
    let after = db_state(&db.store).await;
    assert_eq!(
        as_typed(&after, "CNTT_CHUNGTHUSO", "default", "2023-04"),
        None,
        "April's file no longer has it"
    );
    assert_eq!(
        after.values.len(),
        before.values.len(),
        "it moved to February"
    );
}

#[tokio::test]
async fn figures_of_other_periods_are_kept_when_a_month_is_reloaded() {
    let db = example_db().await;
    let before = db_state(&db.store).await;
    // The derived March bases live in April's file with `period = "2023-03"`; a reload of
    // April keeps them, and the reload of an identical folder changes no figure.
    let folder = Folder::example_copy();
    baocao_app::load_folder(&db.store, folder.path())
        .await
        .expect("the folder loads");
    let after = db_state(&db.store).await;
    let key = |s: &crate::helpers::DbState| {
        s.values
            .iter()
            .map(|v| {
                (
                    v.data_element.clone(),
                    v.category_option_combo.code(),
                    v.period,
                    v.number.as_typed.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&before), key(&after));
    assert!(after.values.iter().any(|v| v.period.id() == "2023-03"));
}

#[tokio::test]
async fn a_catalogue_that_would_orphan_stored_figures_is_refused() {
    let db = example_db().await;
    let before = db_state(&db.store).await;
    let folder = Folder::example_copy();
    // Drop April's data and narrative, and VT_BSC from the catalogue: the stored April
    // figures of VT_BSC would be left without a data element.
    std::fs::remove_dir_all(folder.path().join("data")).expect("remove data");
    std::fs::remove_dir_all(folder.path().join("narrative")).expect("remove narrative");
    folder.replace("catalog.toml", "code = \"VT_BSC\"", "code = \"VT_BSC_CU\"");
    let error = baocao_app::load_folder(&db.store, folder.path())
        .await
        .expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("VT_BSC (2023-04)"), "{message}");
    assert_eq!(db_state(&db.store).await, before, "nothing written");
}

#[tokio::test]
async fn a_months_file_holding_another_period_is_refused() {
    let db = example_db().await;
    let before = db_state(&db.store).await;
    let folder = Folder::example_copy();
    std::fs::write(
        folder.path().join("data/2023-05.toml"),
        "period = \"2023-04\"\norg_unit = \"58\"\n\n[[value]]\nde = \"VT_BSC\"\nvalue = \"10\"\n",
    )
    .expect("write");
    let message = baocao_app::load_folder(&db.store, folder.path())
        .await
        .expect_err("refused")
        .to_string();
    assert!(message.contains("2023-05.toml"), "{message}");
    assert!(
        message.contains("named for 2023-05 but holds period 2023-04"),
        "{message}"
    );
    assert_eq!(db_state(&db.store).await, before);
}

#[tokio::test]
async fn a_figure_given_in_two_files_is_refused() {
    let db = example_db().await;
    let folder = Folder::example_copy();
    std::fs::write(
        folder.path().join("data/2023-03.toml"),
        "period = \"2023-03\"\norg_unit = \"58\"\n\n[[value]]\nde = \"BC_BUUGUI\"\nvalue = \"330.000\"\n",
    )
    .expect("write");
    let message = baocao_app::load_folder(&db.store, folder.path())
        .await
        .expect_err("refused")
        .to_string();
    assert!(
        message.contains("also given in another data file"),
        "{message}"
    );
}
