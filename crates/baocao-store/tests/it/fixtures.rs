//! Rows to store, built in code, and a picture of what a store holds, to compare.

use baocao_core::catalog::Field;
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::narrative::{Narrative, ReportIssue};
use baocao_core::orgunit::{OrgUnit, OrgUnitLevel, OrgUnitVersion};
use baocao_core::period::Period;
use baocao_core::register::{Document, DocumentRole, KeyTask, TaskStatus};
use baocao_core::symbol::{DocumentType, NumberSymbol};
use baocao_core::value::{DataValue, StatedIndicatorValue, TypedNumber, ValueOrigin};
use baocao_store::{CatalogCodes, Dataset, Store};
use chrono::{NaiveDate, NaiveDateTime};

/// The province's id.
pub const PROVINCE: &str = "58";
/// A district's id.
pub const DISTRICT: &str = "5801";

/// A period from its id.
pub fn period(id: &str) -> Period {
    Period::parse(id).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// A date from `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A time from `YYYY-MM-DD HH:MM:SS`.
pub fn time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A number as typed in Vietnamese: `22.115` (thousands), `68,16` (decimal comma).
pub fn typed(text: &str) -> TypedNumber {
    let plain = text.replace('.', "").replace(',', ".");
    TypedNumber {
        value: plain.parse().unwrap_or_else(|e| panic!("{text}: {e}")),
        decimals: plain
            .split_once('.')
            .map_or(0, |(_, d)| u32::try_from(d.len()).expect("few decimals")),
        as_typed: text.to_string(),
    }
}

/// The province (two versions: before and after the 2025 merger) and one district.
pub fn org_units() -> Vec<OrgUnit> {
    vec![
        OrgUnit {
            id: PROVINCE.to_string(),
            code: "NINH_THUAN".to_string(),
            level: OrgUnitLevel::Tinh,
            kind: Default::default(),
            versions: vec![OrgUnitVersion {
                valid_from: date("1992-04-01"),
                valid_to: Some(date("2025-06-30")),
                name: "Tỉnh Ninh Thuận".to_string(),
                parent: None,
            }],
        },
        OrgUnit {
            id: DISTRICT.to_string(),
            code: "PHAN_RANG".to_string(),
            level: OrgUnitLevel::Huyen,
            kind: Default::default(),
            versions: vec![
                OrgUnitVersion {
                    valid_from: date("1992-04-01"),
                    valid_to: Some(date("2007-02-07")),
                    name: "Thị xã Phan Rang – Tháp Chàm".to_string(),
                    parent: Some(PROVINCE.to_string()),
                },
                OrgUnitVersion {
                    valid_from: date("2007-02-08"),
                    valid_to: Some(date("2025-06-30")),
                    name: "Thành phố Phan Rang – Tháp Chàm".to_string(),
                    parent: Some(PROVINCE.to_string()),
                },
            ],
        },
    ]
}

/// A typed value of the province.
pub fn value(data_element: &str, coc: &[&str], period_id: &str, text: &str) -> DataValue {
    DataValue {
        data_element: data_element.to_string(),
        category_option_combo: CategoryOptionCombo::new(
            coc.iter().map(|o| o.to_string()).collect(),
        ),
        org_unit: PROVINCE.to_string(),
        period: period(period_id),
        number: typed(text),
        origin: ValueOrigin::Typed,
        stored_by: "Phòng Bưu chính, Viễn thông".to_string(),
        stored_at: Some(time("2023-05-05 08:30:00")),
        comment: None,
    }
}

/// A stated indicator value of the province.
pub fn stated(indicator: &str, period_id: &str, text: &str) -> StatedIndicatorValue {
    StatedIndicatorValue {
        indicator: indicator.to_string(),
        category_option_combo: CategoryOptionCombo::total(),
        org_unit: PROVINCE.to_string(),
        period: period(period_id),
        number: typed(text),
        stored_by: "Văn phòng Sở".to_string(),
        comment: None,
    }
}

/// A document of April 2023.
pub fn document(id: &str, symbol: Option<&str>, abstract_text: &str) -> Document {
    let symbol = symbol.map(|s| NumberSymbol::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")));
    Document {
        id: id.to_string(),
        doc_type: symbol
            .as_ref()
            .map_or(DocumentType::from_code("CV"), |s| Some(s.doc_type))
            .expect("a document type"),
        symbol,
        date: Some(date("2023-04-12")),
        issuer: "UBND tỉnh".to_string(),
        abstract_text: abstract_text.to_string(),
        field: Field::Cntt,
        role: DocumentRole::Advised,
        period: Some(period("2023-04")),
    }
}

/// A key task of May 2023.
pub fn task(number: u32, text: &str) -> KeyTask {
    KeyTask {
        period: period("2023-05"),
        number,
        field: Field::Bcvt,
        text: text.to_string(),
        status: TaskStatus::Planned,
        result: None,
    }
}

/// A narrative section of April 2023.
pub fn narrative(section: &str, text: &str) -> Narrative {
    Narrative {
        period: period("2023-04"),
        section: section.to_string(),
        text: text.to_string(),
    }
}

/// The report of April 2023.
pub fn issue() -> ReportIssue {
    ReportIssue {
        period: period("2023-04"),
        number: Some(93),
        issued_on: date("2023-05-05"),
        ytd_cutoff: date("2023-04-14"),
        signer: "Nguyễn Văn Ánh".to_string(),
    }
}

/// April 2023 of the province, with one figure of March, every table filled, as a load of a
/// department's folder stores it (catalogue and registers replaced whole).
pub fn april() -> Dataset {
    let mut derived = value("TB_DIDONG", &[], "2023-03", "690.000");
    derived.origin = ValueOrigin::Derived("tháng trước = 691.872 / 1,0027".to_string());
    derived.comment = Some("suy ra từ mức tăng 0,27% đã khai".to_string());
    let mut commune = value("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", "7.081");
    commune.comment = Some("Số liệu cấp xã: theo Văn phòng UBND tỉnh".to_string());
    Dataset {
        catalog_source: Some(("catalog.toml".to_string(), "# danh mục\n".to_string())),
        template_source: Some(("report.toml".to_string(), "# mẫu báo cáo\n".to_string())),
        org_units: org_units(),
        successions: Vec::new(),
        values: vec![
            value("DVC_HOSO", &[], "2023-04", "67.555"),
            commune,
            value("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", "15.074"),
            value("TB_DIDONG", &[], "2023-04", "691.872"),
            derived,
        ],
        stated: vec![
            stated("DVC_TYLE_TRUCTUYEN", "2023-04", "68,16"),
            stated("BC_DANSO_DIEMPHUCVU", "2023-04", "5,183"),
        ],
        documents: vec![
            document(
                "qd-166",
                Some("166/QĐ-UBND"),
                "Quyết định phê duyệt Kế hoạch chuyển đổi số",
            ),
            document("cv-1", None, "Công văn về việc báo cáo số liệu"),
            document(
                "kh-1146",
                Some("1146/KH-UBND"),
                "Kế hoạch triển khai Đề án 06",
            ),
        ],
        tasks: vec![
            task(
                1,
                "Tham mưu UBND tỉnh ban hành Kế hoạch chuyển đổi số năm 2023",
            ),
            task(2, "Kiểm tra chất lượng dịch vụ viễn thông"),
        ],
        narratives: vec![
            narrative("cntt", "Hệ thống một cửa điện tử hoạt động ổn định."),
            narrative("bcvt", "Mạng lưới bưu chính được duy trì."),
        ],
        report_issues: vec![issue()],
        replace_periods: vec![(period("2023-04"), PROVINCE.to_string())],
        replace_registers: true,
        catalog_codes: Some(codes(
            &["DVC_HOSO", "TB_DIDONG"],
            &["DVC_TYLE_TRUCTUYEN", "BC_DANSO_DIEMPHUCVU"],
        )),
    }
}

/// A catalogue's codes.
pub fn codes(data_elements: &[&str], indicators: &[&str]) -> CatalogCodes {
    CatalogCodes {
        data_elements: data_elements.iter().map(|c| c.to_string()).collect(),
        indicators: indicators.iter().map(|c| c.to_string()).collect(),
    }
}

/// Everything a store holds for the fixtures' periods and org units.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The catalogue file.
    pub catalog: Option<(String, String)>,
    /// The template file.
    pub template: Option<(String, String)>,
    /// Org units.
    pub org_units: Vec<OrgUnit>,
    /// Periods with figures.
    pub periods: Vec<Period>,
    /// Values of the province and of the district.
    pub values: Vec<DataValue>,
    /// Stated values of the province.
    pub stated: Vec<StatedIndicatorValue>,
    /// Documents of April 2023.
    pub documents: Vec<Document>,
    /// Tasks of May 2023.
    pub tasks: Vec<KeyTask>,
    /// Narrative of April 2023.
    pub narratives: Vec<Narrative>,
    /// Report of April 2023.
    pub issue: Option<ReportIssue>,
}

/// What `store` holds.
pub async fn snapshot(store: &Store) -> Snapshot {
    let periods = store.periods().await.expect("periods");
    let mut wanted = periods.clone();
    wanted.extend(["2023-03", "2023-04", "2023-05"].map(period));
    wanted.sort();
    wanted.dedup();
    let mut values = store.data_values(PROVINCE, &wanted).await.expect("values");
    values.extend(store.data_values(DISTRICT, &wanted).await.expect("values"));
    let april = period("2023-04");
    Snapshot {
        catalog: store.source_file("catalog").await.expect("catalog"),
        template: store
            .source_file("report_template")
            .await
            .expect("template"),
        org_units: store.org_units().await.expect("org units"),
        values,
        stated: store
            .stated_indicator_values(PROVINCE, &wanted)
            .await
            .expect("stated"),
        documents: store.documents(april).await.expect("documents"),
        tasks: store.tasks(period("2023-05")).await.expect("tasks"),
        narratives: store.narratives(april).await.expect("narratives"),
        issue: store.report_issue(april).await.expect("issue"),
        periods,
    }
}

/// The values of `data` in the order the store returns them: by period, data element and
/// cell.
pub fn sorted_values(values: &[DataValue]) -> Vec<DataValue> {
    let mut out = values.to_vec();
    out.sort_by_key(|v| {
        (
            v.period,
            v.data_element.clone(),
            v.category_option_combo.code(),
        )
    });
    out
}
