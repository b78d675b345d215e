//! Shared set-up: a fresh SQLite database in a temporary folder, the built-in example loaded
//! into it, a copy of `examples/ninh-thuan/` to break, and a picture of everything the
//! database holds, to compare before and after a load.

use std::path::{Path, PathBuf};

use baocao_app::PeriodData;
use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::orgunit::OrgUnit;
use baocao_core::period::Period;
use baocao_core::register::{Document, KeyTask};
use baocao_core::value::{DataValue, StatedIndicatorValue};
use baocao_report::BuiltReport;
use baocao_store::Store;
use tempfile::TempDir;

/// The seed: the real report the example was transcribed from.
pub const SEED: &str =
    include_str!("../../../../examples/ninh-thuan/source/bao-cao-thang-4-2023.txt");

/// The example's period.
pub fn april() -> Period {
    Period::parse("2023-04").expect("2023-04 is a period")
}

/// `examples/ninh-thuan/` in the workspace.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ninh-thuan")
}

/// A database in its own temporary folder (removed when dropped).
pub struct TestDb {
    /// The store.
    pub store: Store,
    /// The database file.
    pub path: PathBuf,
    _dir: TempDir,
}

/// A new, empty database file.
pub async fn empty_db() -> TestDb {
    let dir = TempDir::new().expect("temporary folder");
    let path = dir.path().join("t.db");
    let store = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .expect("a new SQLite database opens");
    TestDb {
        store,
        path,
        _dir: dir,
    }
}

/// A new database holding the built-in example, loaded as `baocao init --example` does.
pub async fn example_db() -> TestDb {
    let db = empty_db().await;
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files())
        .unwrap_or_else(|e| panic!("the built-in example must read without error:\n{e}"));
    let summary = baocao_app::store_bundle(&db.store, bundle)
        .await
        .unwrap_or_else(|e| panic!("the built-in example must store without error:\n{e}"));
    assert!(summary.values > 100, "{summary:?}");
    db
}

/// April 2023 of the province, loaded from the store.
pub async fn april_data(store: &Store) -> PeriodData {
    baocao_app::load_period(store, april(), None)
        .await
        .unwrap_or_else(|e| panic!("load_period 2023-04: {e}"))
}

/// The report of April 2023, built from the store.
pub async fn april_report(store: &Store) -> BuiltReport {
    let data = april_data(store).await;
    baocao_app::build_report(store, &data)
        .await
        .unwrap_or_else(|e| panic!("build_report 2023-04: {e}"))
}

/// The report of April 2023 as Markdown.
pub async fn april_markdown(store: &Store) -> String {
    let built = april_report(store).await;
    let bytes = baocao_app::write_report(&built.document, baocao_app::ReportFormat::Markdown)
        .expect("Markdown is always written");
    String::from_utf8(bytes).expect("Markdown is UTF-8")
}

/// A copy of `examples/ninh-thuan/` in a temporary folder, to be broken.
pub struct Folder {
    dir: TempDir,
}

impl Folder {
    /// Copies the example (without `source/`, which is not part of a department's files).
    pub fn example_copy() -> Folder {
        let dir = TempDir::new().expect("temporary folder");
        copy_dir(&example_dir(), dir.path());
        Folder { dir }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The text of a file of the folder.
    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path().join(file)).expect("file of the copy")
    }

    /// Replaces the one occurrence of `from` in `file` by `to`; panics when `from` is not
    /// there exactly once, so that a test never passes because its edit missed.
    pub fn replace(&self, file: &str, from: &str, to: &str) {
        let text = self.read(file);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur exactly once in {file}"
        );
        std::fs::write(self.path().join(file), text.replacen(from, to, 1)).expect("write");
    }

    /// The 1-based line of the one occurrence of `needle` in `file`.
    pub fn line_of(&self, file: &str, needle: &str) -> usize {
        let text = self.read(file);
        assert_eq!(
            text.matches(needle).count(),
            1,
            "`{needle}` must occur exactly once in {file}"
        );
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("found")
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read example folder") {
        let entry = entry.expect("folder entry");
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "source" {
                copy_dir(&path, &target);
            }
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// Everything the database holds that a load of the example writes.
#[derive(Debug, PartialEq)]
pub struct DbState {
    /// The catalogue file stored.
    pub catalog: Option<(String, String)>,
    /// The report template stored.
    pub template: Option<(String, String)>,
    /// Org units.
    pub org_units: Vec<OrgUnit>,
    /// Periods with figures.
    pub periods: Vec<Period>,
    /// Every value of the province, with the text as typed and when it was stored.
    pub values: Vec<DataValue>,
    /// Every stated indicator value of the province.
    pub stated: Vec<StatedIndicatorValue>,
    /// Documents of April 2023.
    pub documents: Vec<Document>,
    /// Key tasks of May 2023.
    pub tasks: Vec<KeyTask>,
    /// Narrative of April 2023.
    pub narratives: Vec<Narrative>,
    /// Report issue data of April 2023.
    pub issue: Option<ReportIssue>,
}

/// Reads back everything the example put in the database.
pub async fn db_state(store: &Store) -> DbState {
    let periods = store.periods().await.expect("periods");
    let mut all = periods.clone();
    for p in ["2022-04", "2023-03", "2023-04", "2023-05"] {
        let p = Period::parse(p).expect("period");
        if !all.contains(&p) {
            all.push(p);
        }
    }
    DbState {
        catalog: store.source_file("catalog").await.expect("catalog"),
        template: store.source_file("report_template").await.expect("tpl"),
        org_units: store.org_units().await.expect("org units"),
        values: store.data_values("58", &all).await.expect("values"),
        stated: store
            .stated_indicator_values("58", &all)
            .await
            .expect("stated"),
        documents: store.documents(april()).await.expect("documents"),
        tasks: store.tasks(april().next()).await.expect("tasks"),
        narratives: store.narratives(april()).await.expect("narratives"),
        issue: store.report_issue(april()).await.expect("issue"),
        periods,
    }
}

/// The text a stored value was typed as, if stored.
pub fn as_typed(state: &DbState, de: &str, coc: &str, period: &str) -> Option<String> {
    state
        .values
        .iter()
        .find(|v| {
            v.data_element == de && v.category_option_combo.code() == coc && v.period.id() == period
        })
        .map(|v| v.number.as_typed.clone())
}
