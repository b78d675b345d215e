//! The example's charts and annex hold the figures the report prints, and a template that
//! names a chart it lacks, or gives a series the wrong number of values, is refused at load
//! with the place to fix.

use baocao_report::model::{AnnexRow, Block, Chart};

use crate::helpers::{Folder, april_report, empty_db, example_db};

fn charts(body: &[Block]) -> Vec<&Chart> {
    body.iter()
        .filter_map(|b| match b {
            Block::Chart(chart) => Some(chart),
            _ => None,
        })
        .collect()
}

fn texts(chart: &Chart, series: usize) -> Vec<Option<&str>> {
    chart.series[series]
        .values
        .iter()
        .map(|v| v.as_ref().map(|v| v.text.as_str()))
        .collect()
}

#[tokio::test]
async fn the_four_charts_show_the_reports_figures_in_sections_2_2_and_2_3() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let body = &built.document.body;
    let charts = charts(body);
    let numbers: Vec<usize> = charts.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    // Charts 1 and 2 close section 2.2, charts 3 and 4 section 2.3.
    let position = |f: &dyn Fn(&Block) -> bool| body.iter().position(f).expect("found");
    let heading = |n: &'static str| move |b: &Block| matches!(b, Block::Heading { number, .. } if number == n);
    let chart = |n: usize| move |b: &Block| matches!(b, Block::Chart(c) if c.number == n);
    assert!(position(&heading("2.2.")) < position(&chart(1)));
    assert!(position(&chart(2)) < position(&heading("2.3.")));
    assert!(position(&heading("2.3.")) < position(&chart(3)));
    assert!(position(&chart(4)) < position(&heading("2.4.")));

    let dossiers = charts[0];
    assert_eq!(
        texts(dossiers, 0),
        [Some("11.380"), Some("1.013"), Some("7.081")]
    );
    assert_eq!(
        texts(dossiers, 1),
        [Some("29.465"), Some("3.395"), Some("15.074")]
    );
    let notes: Vec<Option<&str>> = dossiers
        .categories
        .iter()
        .map(|c| c.note.as_deref())
        .collect();
    assert_eq!(
        notes,
        [
            Some("trực tuyến 71,88%"),
            Some("trực tuyến 77,02%"),
            Some("trực tuyến 68,04%")
        ],
        "the commune rate on the corrected total"
    );
    assert_eq!(
        texts(charts[1], 0),
        [Some("8.080"), Some("7.119"), Some("389"), Some("235")]
    );
    let postal = charts[2];
    assert_eq!(postal.series[0].name, "Tháng 3/2023");
    assert_eq!(texts(postal, 0), [Some("330.277"), Some("334.979")]);
    assert_eq!(texts(postal, 1), [Some("346.791"), Some("351.292")]);
    let subscribers = charts[3];
    assert_eq!(texts(subscribers, 4), [Some("691.872"), Some("338.880")]);
    assert_eq!(texts(subscribers, 1), [Some("49.944"), None]);
    assert_eq!(
        subscribers.categories[1].note.as_deref(),
        Some("mật độ 56,9 thuê bao/100 dân")
    );
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
}

fn row<'a>(rows: &'a [&AnnexRow], label: &str) -> &'a AnnexRow {
    rows.iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("row `{label}`"))
}

#[tokio::test]
async fn the_annex_lists_the_figures_by_field_computed_from_their_parts() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let annexes = &built.document.annexes;
    assert_eq!(annexes.len(), 1);
    let annex = &annexes[0];
    let groups: Vec<&str> = annex.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Công nghệ thông tin",
            "Bưu chính, viễn thông",
            "Thông tin - Báo chí - Xuất bản",
            "Thanh tra"
        ]
    );
    assert_eq!(annex.columns.previous, "Tháng 3/2023");
    let cntt: Vec<&AnnexRow> = annex.groups[0].rows.iter().collect();
    // In the order section 2.2 prints them: the certificates first.
    assert_eq!(cntt[0].label, "Chứng thư số cấp cho tổ chức, cá nhân");
    let dossiers = cntt
        .iter()
        .position(|r| r.label == "Hồ sơ tiếp nhận trên hệ thống Dịch vụ công tỉnh")
        .expect("dossiers");
    let commune = &cntt[dossiers..]
        .iter()
        .find(|r| r.label == "cấp xã")
        .expect("commune level");
    assert_eq!(
        commune.current.as_ref().map(|f| f.text.as_str()),
        Some("22.155"),
        "the sum of its parts, not the typed 22.115"
    );
    let rate = row(&cntt, "Tỷ lệ hồ sơ tiếp nhận trực tuyến (cấp xã)");
    assert_eq!(
        rate.current.as_ref().map(|f| f.text.as_str()),
        Some("68,04")
    );

    let bcvt: Vec<&AnnexRow> = annex.groups[1].rows.iter().collect();
    let sent = row(&bcvt, "Sản lượng bưu gửi (ước thực hiện)");
    assert_eq!(
        sent.previous.as_ref().map(|f| f.text.as_str()),
        Some("330.277")
    );
    assert_eq!(sent.change.as_ref().map(|f| f.text.as_str()), Some("+5,00"));
    let density = row(&bcvt, "Mật độ thuê bao internet băng rộng/100 dân");
    assert_eq!(
        density.current.as_ref().map(|f| f.text.as_str()),
        Some("56,9")
    );
}

async fn load_error(edit: impl Fn(&Folder)) -> String {
    let folder = Folder::example_copy();
    edit(&folder);
    let db = empty_db().await;
    match baocao_app::load_folder(&db.store, folder.path()).await {
        Ok(_) => panic!("the load must fail"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn an_unknown_chart_is_refused_with_the_charts_defined() {
    let message = load_error(|f| {
        f.replace(
            "report.toml",
            "charts = [\"san-luong-buu-chinh\", \"thue-bao\"]",
            "charts = [\"san-luong\", \"thue-bao\"]",
        )
    })
    .await;
    assert!(message.contains("section 2.3., charts"), "{message}");
    assert!(message.contains("no chart `san-luong`"), "{message}");
    assert!(
        message.contains("ho-so-dvc"),
        "lists the defined charts: {message}"
    );
}

#[tokio::test]
async fn a_series_with_a_value_too_few_is_refused() {
    let message = load_error(|f| {
        f.replace(
            "report.toml",
            "values = [\"prev(#{BC_BUUGUI})\", \"prev(#{BC_BUUPHAT})\"]",
            "values = [\"prev(#{BC_BUUGUI})\"]",
        )
    })
    .await;
    assert!(message.contains("chart san-luong-buu-chinh"), "{message}");
    assert!(message.contains("1 values for 2 categories"), "{message}");
}

#[tokio::test]
async fn a_chart_formula_naming_an_unknown_code_is_refused() {
    let message = load_error(|f| {
        f.replace(
            "report.toml",
            "\"#{CNTT_SOC_CANHBAO.THAP}\"",
            "\"#{CNTT_SOC.THAP}\"",
        )
    })
    .await;
    assert!(message.contains("chart canh-bao-soc"), "{message}");
    assert!(message.contains("CNTT_SOC"), "{message}");
}

#[tokio::test]
async fn an_unknown_annex_field_is_refused() {
    let message = load_error(|f| {
        f.replace(
            "report.toml",
            "fields = [\"cntt\", \"bcvt\", \"ttbcxb\", \"thanh_tra\"]",
            "fields = [\"cntt\", \"buu_chinh\"]",
        )
    })
    .await;
    assert!(message.contains("annex 1"), "{message}");
    assert!(message.contains("unknown field `buu_chinh`"), "{message}");
}
