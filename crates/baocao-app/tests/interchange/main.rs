//! Interchange use cases against a real database holding the example: the round trip
//! through a filled form into the store and the report, the folder of bad files refused
//! without any change, and the import summary's counts; rights and locks (`rights`).

mod preview;
mod rights;

use std::path::{Path, PathBuf};

use baocao_app::ReportFormat;
use baocao_app::interchange::{
    self, ExportFormat, ExportRequest, FormRequest, ImportFormat, ImportOutcome, ImportRequest,
};
use baocao_core::period::Period;
use baocao_interchange::Status;
use baocao_interchange::copy::{Content, read_workbook, write_workbook};
use baocao_interchange::form::{CODES_HEADER_ROW, CODES_SHEET};
use baocao_store::Store;
use tempfile::TempDir;

fn april() -> Period {
    Period::parse("2023-04").unwrap()
}

struct Db {
    store: Store,
    dir: TempDir,
}

async fn example_db() -> Db {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("t.db");
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files()).unwrap();
    baocao_app::store_bundle(&store, bundle).await.unwrap();
    Db { store, dir }
}

/// Everything the database holds of the figures: every value of every period and org unit
/// as long CSV (with the time it was stored).
async fn snapshot(store: &Store) -> String {
    let periods = store.periods().await.unwrap();
    let mut out = String::new();
    for unit in store.org_units().await.unwrap() {
        for v in store.data_values(&unit.id, &periods).await.unwrap() {
            out.push_str(&format!("{v:?}\n"));
        }
    }
    out
}

async fn import(db: &Db, path: &Path, dry_run: bool) -> ImportOutcome {
    let mut request = ImportRequest::new("test");
    request.dry_run = dry_run;
    interchange::import_file(&db.store, path, &request, &mut |_| {})
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../baocao-interchange/tests/data/bad")
}

#[tokio::test]
async fn every_bad_file_is_refused_and_changes_nothing() {
    let db = example_db().await;
    let before = snapshot(&db.store).await;
    let mut names: Vec<PathBuf> = std::fs::read_dir(bad_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{} bad files", names.len());
    for path in &names {
        let outcome = import(&db, path, false).await;
        assert!(!outcome.written, "{}", path.display());
        assert_eq!(outcome.summary.status, Status::Error, "{}", path.display());
        assert_eq!(outcome.summary.import_count, Default::default());
        assert!(!outcome.summary.conflicts.is_empty(), "{}", path.display());
        // Every conflict names a place in the file.
        for c in &outcome.summary.conflicts {
            assert!(
                ["Dòng ", "Trang “", "dataValues[", "Cả tệp"]
                    .iter()
                    .any(|w| c.object.starts_with(w)),
                "{}: {}",
                path.display(),
                c.object
            );
        }
        assert_eq!(
            snapshot(&db.store).await,
            before,
            "{} changed the database",
            path.display()
        );
    }
}

/// (cell, data element, coc) of every input of a form.
fn inputs(sheets: &[baocao_interchange::copy::SheetData]) -> Vec<(String, String, String)> {
    let codes = sheets.iter().find(|s| s.name == CODES_SHEET).unwrap();
    let mut out = Vec::new();
    let mut row = CODES_HEADER_ROW + 2;
    while !codes.text(&format!("A{row}")).is_empty() {
        if codes.text(&format!("B{row}")) == "input" {
            out.push((
                codes.text(&format!("A{row}")),
                codes.text(&format!("C{row}")),
                codes.text(&format!("D{row}")),
            ));
        }
        row += 1;
    }
    out
}

#[tokio::test]
async fn a_form_filled_by_a_script_comes_back_in_the_store_and_the_report() {
    let db = example_db().await;
    let form = interchange::export_form(
        &db.store,
        &FormRequest {
            period: april(),
            org_unit: None,
            fields: Vec::new(),
            with_values: false,
        },
    )
    .await
    .unwrap();
    // Fill every input with another figure, keeping the codes sheet (rust_xlsxwriter).
    let mut sheets = read_workbook(&form).unwrap();
    let cells = inputs(&sheets);
    let catalog = baocao_app::catalog(&db.store).await.unwrap();
    let mut expected = Vec::new();
    for (i, (cell, de, coc)) in cells.iter().enumerate() {
        let integer = catalog.catalog.data_elements[de].value_type
            == baocao_core::catalog::ValueType::Integer;
        let value = if integer {
            100_000.0 + 37.0 * i as f64
        } else {
            10.0 + i as f64 / 4.0
        };
        sheets[0].set(cell, Content::Number(value));
        expected.push((de.clone(), coc.clone(), value));
    }
    let filled = write_workbook(&sheets).unwrap();
    let path = db.dir.path().join("bieu-mau-da-dien.xlsx");
    std::fs::write(&path, filled).unwrap();

    let outcome = import(&db, &path, false).await;
    assert!(outcome.problems.is_empty(), "{}", outcome.problems);
    assert_eq!(outcome.format, ImportFormat::Xlsx);
    assert!(outcome.written);
    let c = outcome.summary.import_count;
    assert_eq!(c.imported + c.updated, cells.len() as u64);
    assert!(
        c.updated > 50,
        "the example's April cells are updated: {c:?}"
    );

    // The store gives the same figures back.
    let stored = db.store.data_values("58", &[april()]).await.unwrap();
    for (de, coc, value) in &expected {
        let v = stored
            .iter()
            .find(|v| &v.data_element == de && &v.category_option_combo.code() == coc)
            .unwrap_or_else(|| panic!("{de} {coc} not stored"));
        assert_eq!(v.number.value, *value, "{de} {coc}");
    }

    // The report prints them, the totals computed from them.
    let data = baocao_app::load_period(&db.store, april(), None)
        .await
        .unwrap();
    let built = baocao_app::build_report(&db.store, &data).await.unwrap();
    let markdown = String::from_utf8(
        baocao_app::write_report(&built.document, ReportFormat::Markdown).unwrap(),
    )
    .unwrap();
    // A cell or subtotal: the sum of the typed cells having all the options.
    let figure = |de: &str, options: &str| -> f64 {
        let wanted: Vec<&str> = options.split('.').filter(|o| !o.is_empty()).collect();
        expected
            .iter()
            .filter(|(d, c, _)| d == de && wanted.iter().all(|w| c.split('.').any(|o| o == *w)))
            .map(|(_, _, v)| v)
            .sum()
    };
    let f = |x: f64| baocao_core::format::integer(x as i64);
    let tinh = figure("DVC_HOSO", "TINH");
    let sentence = format!(
        "cấp tỉnh {} hồ sơ ({} hồ sơ tiếp nhận trực tiếp, {} hồ sơ tiếp nhận qua mạng, {} hồ sơ tiếp nhận qua BCCI)",
        f(tinh),
        f(figure("DVC_HOSO", "TINH.TRUCTIEP")),
        f(figure("DVC_HOSO", "TINH.QUAMANG")),
        f(figure("DVC_HOSO", "TINH.BCCI"))
    );
    assert!(
        markdown.contains(&sentence),
        "{sentence}\nnot in the report"
    );
    assert!(markdown.contains(&format!("tiếp nhận {} hồ sơ", f(figure("DVC_HOSO", "")))));
    // Every whole figure typed into the form is printed (the annex lists every cell).
    for (de, coc, value) in &expected {
        if *value >= 100_000.0 {
            assert!(
                markdown.contains(&f(*value)),
                "{de} {coc} {} not in the report",
                f(*value)
            );
        }
    }
}

#[tokio::test]
async fn the_summary_counts_new_updated_and_ignored_values() {
    let db = example_db().await;
    let before = snapshot(&db.store).await;
    let path = db.dir.path().join("so-lieu.csv");
    std::fs::write(
        &path,
        "data_element,coc,org_unit,period,value,comment\n\
         DVC_HOSO,XA.TRUCTIEP,58,2023-03,6.990,mới\n\
         DVC_HOSO,XA.QUAMANG,58,2023-03,14.500,mới\n\
         DVC_HOSO,XA.TRUCTIEP,58,2023-04,7.082,sửa\n\
         CNTT_CHUNGTHUSO,,58,2023-04,07,\n\
         CNTT_CONG_TINBAI,,58,2023-04,,\n",
    )
    .unwrap();
    // A dry run counts and writes nothing.
    let dry = import(&db, &path, true).await;
    let count = dry.summary.import_count;
    assert_eq!(
        (count.imported, count.updated, count.ignored, count.deleted),
        (2, 1, 2, 0)
    );
    assert_eq!(dry.summary.status, Status::Warning);
    assert!(!dry.written);
    assert_eq!(snapshot(&db.store).await, before);
    // The import stores them in one transaction.
    let real = import(&db, &path, false).await;
    assert_eq!(real.summary.import_count, count);
    assert!(real.written);
    let march = db
        .store
        .data_values("58", &[Period::parse("2023-03").unwrap()])
        .await
        .unwrap();
    assert!(
        march
            .iter()
            .any(|v| v.data_element == "DVC_HOSO" && v.number.as_typed == "14.500")
    );
    // Again: nothing new.
    let again = import(&db, &path, false).await;
    let c = again.summary.import_count;
    assert_eq!((c.imported, c.updated, c.ignored), (0, 0, 5));
    assert!(!again.written);

    // The same through DHIS2 JSON with codes: the summary has DHIS2's shape.
    let json = db.dir.path().join("dhis2.json");
    std::fs::write(
        &json,
        r#"{"period":"202304","orgUnit":"58","dataValues":[
            {"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.BCCI","value":"3"},
            {"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","value":"15074"}]}"#,
    )
    .unwrap();
    let outcome = import(&db, &json, false).await;
    let summary = serde_json::to_value(&outcome.summary).unwrap();
    assert_eq!(summary["responseType"], "ImportSummary");
    assert_eq!(summary["status"], "WARNING");
    assert_eq!(summary["importCount"]["updated"], 1);
    assert_eq!(summary["importCount"]["ignored"], 1);
    assert_eq!(summary["importCount"]["imported"], 0);
    assert_eq!(summary["importCount"]["deleted"], 0);
    assert!(summary["conflicts"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn exports_read_back_unchanged() {
    let db = example_db().await;
    for format in [
        ExportFormat::Csv,
        ExportFormat::Dhis2Json,
        ExportFormat::Dhis2Csv,
    ] {
        let mut bytes = Vec::new();
        let summary = interchange::export_values(
            &db.store,
            &ExportRequest {
                format,
                periods: vec![april()],
                org_unit: None,
                field: None,
                id_scheme: Default::default(),
            },
            &mut bytes,
        )
        .await
        .unwrap();
        assert!(summary.values > 80);
        let name = match format {
            ExportFormat::Csv => "out.csv",
            ExportFormat::Dhis2Json => "out.json",
            ExportFormat::Xlsx => "so-lieu.xlsx",
            _ => "dhis2.csv",
        };
        let path = db.dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let outcome = import(&db, &path, true).await;
        assert!(
            outcome.problems.is_empty(),
            "{format:?}: {}",
            outcome.problems
        );
        let c = outcome.summary.import_count;
        assert_eq!(c.imported, 0, "{format:?}");
        // Every figure comes back as the same value at the same precision ("07" from DHIS2
        // as "7" is the same figure, and the stored "07" is kept).
        assert_eq!(c.ignored, summary.values as u64, "{format:?} {c:?}");
        assert_eq!(c.updated, 0, "{format:?}");
    }
}
