//! `baocao completeness`: the reports of a period expected, received, on time, late and
//! missing per data set, and the units overdue on a date, as a Vietnamese table or JSON.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context, Result};
use baocao_app::completeness::{Completeness, DataSetCompleteness, Timeliness, UnitReport};
use baocao_core::dataset::vietnam_date;
use baocao_core::format::{date_short, integer, percent};
use baocao_store::Store;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Utc};

use crate::ValidateFormat;
use crate::commands::{emit, parse_period};

/// The arguments of `baocao completeness`.
#[derive(Debug, clap::Args)]
pub struct CompletenessArgs {
    /// The period: 2023-04, 2023Q2, 2023S1 or 2023 (the data sets reported per that type).
    #[arg(long)]
    period: String,
    /// The date overdue units are listed on, YYYY-MM-DD (default: today in Việt Nam).
    #[arg(long)]
    on: Option<String>,
    /// Only this data set (its code, e.g. BM_VIENTHONG_DN).
    #[arg(long)]
    data_set: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    format: ValidateFormat,
}

/// Prints the completeness of a period; exits 0 (overdue units are information, not an
/// error).
pub async fn run(store: &Store, args: CompletenessArgs) -> Result<ExitCode> {
    let period = parse_period(&args.period)?;
    let on = match &args.on {
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .with_context(|| format!("--on `{text}`: expected a date YYYY-MM-DD"))?,
        None => vietnam_date(Utc::now().naive_utc()),
    };
    let report =
        baocao_app::completeness::completeness(store, period, on, args.data_set.as_deref()).await?;
    let text = match args.format {
        ValidateFormat::Text => table(&report)?,
        ValidateFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    emit(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The report as text: one block per data set with its units, then the overdue list.
fn table(report: &Completeness) -> Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "TÌNH HÌNH GỬI BÁO CÁO {}",
        report.period.label_vi().to_uppercase()
    )?;
    writeln!(out, "Tính đến ngày {}.", date_short(report.on))?;
    if report.data_sets.is_empty() {
        writeln!(
            out,
            "\nKhông có biểu mẫu nào báo cáo theo kỳ {}.",
            report.period.label_vi()
        )?;
    }
    for data_set in &report.data_sets {
        writeln!(out)?;
        data_set_block(&mut out, data_set)?;
    }
    let overdue = report.overdue();
    writeln!(
        out,
        "\nĐƠN VỊ QUÁ HẠN CHƯA GỬI BÁO CÁO (ngày {}): {}",
        date_short(report.on),
        integer(overdue.len() as i64)
    )?;
    for (data_set, unit) in overdue {
        writeln!(
            out,
            "  - {}: {} ({}), hạn {}, quá {} ngày",
            data_set.data_set,
            unit.name,
            unit.code,
            date_short(data_set.deadline),
            integer(unit.days_overdue.unwrap_or(0))
        )?;
    }
    Ok(out)
}

fn data_set_block(out: &mut String, d: &DataSetCompleteness) -> Result<()> {
    writeln!(out, "{} — {}", d.data_set, d.name)?;
    writeln!(out, "Chế độ: {} ({})", d.regime_name, d.legal_basis)?;
    writeln!(
        out,
        "Số liệu từ {} đến {}; hạn gửi {}; nơi nhận: {}.",
        date_short(d.window.start),
        date_short(d.window.end),
        date_short(d.deadline),
        d.recipients.join("; ")
    )?;
    let share = |rate: Option<f64>| {
        rate.map(|r| format!(" ({})", percent(r, 1)))
            .unwrap_or_default()
    };
    writeln!(
        out,
        "Phải gửi {}, đã nhận {}{}, đúng hạn {}{}, trễ hạn {}, chưa gửi {}.",
        d.expected,
        d.received,
        share(d.received_rate()),
        d.on_time,
        share(d.on_time_rate()),
        d.late,
        d.missing
    )?;
    let rows: Vec<[String; 5]> = d.units.iter().map(row).collect();
    let header = [
        "Mã".to_string(),
        "Đơn vị".to_string(),
        "Trạng thái".to_string(),
        "Gửi lần đầu".to_string(),
        "Đánh giá".to_string(),
    ];
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in std::iter::once(&header).chain(&rows) {
        let mut line = String::from(" ");
        for (i, cell) in r.iter().enumerate() {
            line.push(' ');
            line.push_str(cell);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 1));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn row(u: &UnitReport) -> [String; 5] {
    let assessment = match (u.timeliness, u.days_late, u.days_overdue) {
        (Timeliness::Late, Some(days), _) => format!("Trễ hạn {} ngày", integer(days)),
        (Timeliness::Missing, _, Some(days)) => {
            format!("Chưa gửi, quá hạn {} ngày", integer(days))
        }
        (t, _, _) => t.label_vi().to_string(),
    };
    [
        u.code.clone(),
        u.name.clone(),
        u.status.label_vi().to_string(),
        u.first_submitted_at.map_or("—".to_string(), local_time),
        assessment,
    ]
}

/// A UTC time as Việt Nam reads it: "14/4/2023 09:00".
fn local_time(utc: NaiveDateTime) -> String {
    let local =
        utc + TimeDelta::seconds(i64::from(baocao_core::dataset::VIETNAM_UTC_OFFSET_SECONDS));
    format!("{} {}", date_short(local.date()), local.format("%H:%M"))
}
