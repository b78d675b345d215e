//! The example's catalogue and org units, a form of April 2023, and an import of bytes in
//! any format without a database.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use baocao_core::period::Period;
use baocao_engine::DataTable;
use baocao_files::Bundle;
use baocao_interchange::dhis2::{IdMap, IdScheme};
use baocao_interchange::form::{FormInput, catalog_order, write_form};
use baocao_interchange::{Checked, Checker, ImportOptions, Problems, csv_long, dhis2, xlsx};
use chrono::NaiveDate;

pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ninh-thuan")
}

pub fn example() -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| baocao_files::load_bundle(&example_dir()).expect("the example loads"))
}

pub fn april() -> Period {
    Period::parse("2023-04").unwrap()
}

/// Today, fixed for the tests.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

pub fn options() -> ImportOptions {
    ImportOptions::new(today(), "test")
}

/// The April 2023 form of the province, blank, with March beside.
pub fn april_form() -> Vec<u8> {
    let bundle = example();
    let order = catalog_order(&bundle.catalog_source.text);
    let table = DataTable::from_values(&bundle.values, &[], "58");
    let unit = bundle.org_units.iter().find(|u| u.id == "58").unwrap();
    write_form(&FormInput {
        catalog: &bundle.catalog,
        order: &order,
        fields: &[],
        period: april(),
        org_unit: unit,
        table: &table,
        current: &[],
    })
    .expect("the form is written")
}

/// The kinds of file an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Csv,
    Dhis2Json,
    Dhis2Csv,
}

impl Kind {
    pub fn of(name: &str) -> Kind {
        if name.ends_with(".xlsx") || name.ends_with(".xls") {
            Kind::Xlsx
        } else if name.ends_with(".json") {
            Kind::Dhis2Json
        } else if name.starts_with("dhis2") {
            Kind::Dhis2Csv
        } else {
            Kind::Csv
        }
    }
}

/// Reads and checks bytes as the app does, without storing.
pub fn import_with(
    bytes: &[u8],
    kind: Kind,
    options: &ImportOptions,
    scheme: IdScheme,
) -> Result<Checked, Problems> {
    let bundle = example();
    let mut checker = Checker::new(&bundle.catalog.catalog, &bundle.org_units, options);
    let mut progress = |_| {};
    match kind {
        Kind::Xlsx => {
            let read = xlsx::read(bytes, &mut checker);
            checker.finish(&|r, c| read.locate(r, c))
        }
        Kind::Csv => {
            csv_long::read(bytes, &mut checker, &mut progress);
            checker.finish(&csv_long::line_of)
        }
        Kind::Dhis2Json => {
            let ids = IdMap::new(scheme, &bundle.catalog.catalog, &bundle.org_units).unwrap();
            dhis2::read_json(bytes, &ids, &mut checker);
            checker.finish(&dhis2::json_value_of)
        }
        Kind::Dhis2Csv => {
            let ids = IdMap::new(scheme, &bundle.catalog.catalog, &bundle.org_units).unwrap();
            dhis2::read_csv(bytes, &ids, &mut checker, &mut progress);
            checker.finish(&dhis2::csv_line_of)
        }
    }
}

pub fn import(bytes: &[u8], kind: Kind) -> Result<Checked, Problems> {
    import_with(bytes, kind, &options(), IdScheme::Code)
}

/// The problems of a refused import, one per line.
pub fn refused(bytes: &[u8], kind: Kind) -> String {
    match import(bytes, kind) {
        Ok(checked) => panic!("accepted {} values", checked.values.len()),
        Err(problems) => problems.to_string(),
    }
}
