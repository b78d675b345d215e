//! Completeness and timeliness of reporting (tình hình gửi báo cáo): for each declared data set
//! of a period, the reporting units expected, those whose report was received (submitted or
//! approved), on time or late against the regime's deadline, those missing, and the units
//! overdue on a given date.
//!
//! The rules, as DHIS2 counts reporting rates and as Nghị định 09/2019/NĐ-CP, Điều 13 sets
//! deadlines:
//! - expected: the data set's reporting units that exist on the last day of the period's
//!   window (the regime's cut-off or calendar window);
//! - received: the status is submitted or approved now (a report returned for correction
//!   is not received until it is submitted again);
//! - on time: received, and first submitted on or before the deadline, a calendar day in Việt
//!   Nam (UTC+7): a unit that sent on time and was asked to correct still sent on time;
//!   late: received, first submitted after it; missing: not received;
//! - overdue on a date D: the deadline is before D, and the unit had not submitted by D
//!   (not received now, or first submitted after D).
//!
//! A report received with no submission time recorded (its status was moved before baocao
//! kept submission times, migration 0004) counts as on time and as submitted by any date.
//!
//! Nothing here reads the clock: the caller passes the date.

use baocao_core::catalog::Catalog;
use baocao_core::dataset::{DataSet, ReportingRegime, vietnam_date};
use baocao_core::orgunit::{OrgUnit, OrgUnitKind};
use baocao_core::period::{DateWindow, Period};
use baocao_store::{Approval, ApprovalStatus, Store, Submission};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::AppError;

/// Where a unit's report of a period stands against the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Received, first submitted by the deadline.
    OnTime,
    /// Received, first submitted after the deadline.
    Late,
    /// Not received.
    Missing,
}

impl Timeliness {
    /// The Vietnamese label: "Đúng hạn", "Trễ hạn", "Chưa gửi".
    pub fn label_vi(self) -> &'static str {
        match self {
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::Late => "Trễ hạn",
            Timeliness::Missing => "Chưa gửi",
        }
    }
}

/// One reporting unit's report of a data set for the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitReport {
    /// The org unit's id.
    pub org_unit: String,
    /// Its code.
    pub code: String,
    /// Its name on the last day of the period's window.
    pub name: String,
    /// Administrative unit, division or enterprise.
    pub kind: OrgUnitKind,
    /// The workflow status now.
    pub status: ApprovalStatus,
    /// When it was first submitted (UTC), if ever.
    pub first_submitted_at: Option<NaiveDateTime>,
    /// When it was last submitted (UTC), if ever.
    pub last_submitted_at: Option<NaiveDateTime>,
    /// The day in Việt Nam of the first submission.
    pub submitted_on: Option<NaiveDate>,
    /// On time, late or missing.
    pub timeliness: Timeliness,
    /// For a late report, the days between the deadline and the first submission.
    pub days_late: Option<i64>,
    /// Whether the unit was overdue on the date asked about.
    pub overdue: bool,
    /// For an overdue unit, the days between the deadline and that date.
    pub days_overdue: Option<i64>,
}

/// The completeness of one data set for the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataSetCompleteness {
    /// The data set's code.
    pub data_set: String,
    /// Its name.
    pub name: String,
    /// Its regime's code.
    pub regime: String,
    /// Its regime's title.
    pub regime_name: String,
    /// The text that sets the regime.
    pub legal_basis: String,
    /// Who receives the report.
    pub recipients: Vec<String>,
    /// The dates the period's figures cover under the regime.
    pub window: DateWindow,
    /// The last day a report is on time.
    pub deadline: NaiveDate,
    /// Reporting units expected.
    pub expected: usize,
    /// Reports received (submitted or approved).
    pub received: usize,
    /// Received by the deadline.
    pub on_time: usize,
    /// Received after the deadline.
    pub late: usize,
    /// Not received.
    pub missing: usize,
    /// Every expected unit, in the data set's order.
    pub units: Vec<UnitReport>,
}

impl DataSetCompleteness {
    /// Received ÷ expected × 100 (DHIS2's reporting rate); `None` when none is expected.
    pub fn received_rate(&self) -> Option<f64> {
        rate(self.received, self.expected)
    }

    /// On time ÷ expected × 100 (DHIS2's reporting rate on time); `None` when none is
    /// expected.
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.on_time, self.expected)
    }

    /// The units overdue on the date asked about.
    pub fn overdue(&self) -> impl Iterator<Item = &UnitReport> {
        self.units.iter().filter(|u| u.overdue)
    }
}

fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// The completeness of every declared data set of a period's type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completeness {
    /// The period.
    pub period: Period,
    /// The date overdue units are counted on.
    pub on: NaiveDate,
    /// One entry per data set reported per the period's type, by code.
    pub data_sets: Vec<DataSetCompleteness>,
}

impl Completeness {
    /// Every unit overdue on [`Completeness::on`], with its data set.
    pub fn overdue(&self) -> Vec<(&DataSetCompleteness, &UnitReport)> {
        self.data_sets
            .iter()
            .flat_map(|d| d.overdue().map(move |u| (d, u)))
            .collect()
    }
}

/// Computes the completeness of `period` on the date `on` from the catalogue's data sets, the
/// org units, and the statuses and submissions stored for the period (no I/O). Data sets of
/// another period type are left out; `only` keeps one data set.
pub fn compute(
    catalog: &Catalog,
    units: &[OrgUnit],
    period: Period,
    approvals: &[Approval],
    submissions: &[Submission],
    on: NaiveDate,
    only: Option<&str>,
) -> Completeness {
    let data_sets = catalog
        .data_sets
        .values()
        .filter(|d| d.period_type == period.period_type())
        .filter(|d| only.is_none_or(|code| d.code == code))
        .filter_map(|d| Some((d, catalog.regime_of(d)?)))
        .map(|(d, regime)| of_data_set(d, regime, units, period, approvals, submissions, on))
        .collect();
    Completeness {
        period,
        on,
        data_sets,
    }
}

fn of_data_set(
    data_set: &DataSet,
    regime: &ReportingRegime,
    units: &[OrgUnit],
    period: Period,
    approvals: &[Approval],
    submissions: &[Submission],
    on: NaiveDate,
) -> DataSetCompleteness {
    let window = regime.window(period);
    let deadline = regime.deadline(period);
    let reports: Vec<UnitReport> = data_set
        .reporting_units
        .iter()
        .filter_map(|id| units.iter().find(|u| &u.id == id))
        .filter_map(|unit| Some((unit, unit.on(window.end)?)))
        .map(|(unit, version)| {
            let status = approvals
                .iter()
                .find(|a| a.data_set == data_set.code && a.org_unit == unit.id)
                .map_or(ApprovalStatus::Draft, |a| a.status);
            let submission = submissions
                .iter()
                .find(|s| s.data_set == data_set.code && s.org_unit == unit.id);
            unit_report(unit, &version.name, status, submission, deadline, on)
        })
        .collect();
    let count = |t: Timeliness| reports.iter().filter(|u| u.timeliness == t).count();
    let (on_time, late, missing) = (
        count(Timeliness::OnTime),
        count(Timeliness::Late),
        count(Timeliness::Missing),
    );
    DataSetCompleteness {
        data_set: data_set.code.clone(),
        name: data_set.name.clone(),
        regime: regime.code.clone(),
        regime_name: regime.name.clone(),
        legal_basis: regime.legal_basis.clone(),
        recipients: regime.recipients.clone(),
        window,
        deadline,
        expected: reports.len(),
        received: on_time + late,
        on_time,
        late,
        missing,
        units: reports,
    }
}

fn unit_report(
    unit: &OrgUnit,
    name: &str,
    status: ApprovalStatus,
    submission: Option<&Submission>,
    deadline: NaiveDate,
    on: NaiveDate,
) -> UnitReport {
    let received = matches!(status, ApprovalStatus::Submitted | ApprovalStatus::Approved);
    let submitted_on = submission.map(|s| vietnam_date(s.first_submitted_at));
    let timeliness = match (received, submitted_on) {
        (true, Some(day)) if day > deadline => Timeliness::Late,
        (true, _) => Timeliness::OnTime,
        (false, _) => Timeliness::Missing,
    };
    let submitted_by_on = received && submitted_on.is_none_or(|day| day <= on);
    let overdue = deadline < on && !submitted_by_on;
    UnitReport {
        org_unit: unit.id.clone(),
        code: unit.code.clone(),
        name: name.to_string(),
        kind: unit.kind,
        status,
        first_submitted_at: submission.map(|s| s.first_submitted_at),
        last_submitted_at: submission.map(|s| s.last_submitted_at),
        submitted_on,
        timeliness,
        days_late: (timeliness == Timeliness::Late)
            .then(|| submitted_on.map(|day| (day - deadline).num_days()))
            .flatten(),
        overdue,
        days_overdue: overdue.then(|| (on - deadline).num_days()),
    }
}

/// The completeness of `period` on the date `on` (the caller's today, in Việt Nam, or a date
/// asked about), for every declared data set reported per the period's type or, with `only`,
/// for one.
///
/// Errors: [`AppError::NoCatalog`]; [`AppError::NoDataSets`] when the catalogue declares
/// no data set (each field is then an implicit data set with no deadline, which has no
/// completeness to count); [`AppError::UnknownDataSet`] for an `only` that is not declared;
/// storage errors.
pub async fn completeness(
    store: &Store,
    period: Period,
    on: NaiveDate,
    only: Option<&str>,
) -> Result<Completeness, AppError> {
    let catalog = crate::catalog(store).await?.catalog;
    if !catalog.declares_data_sets() {
        return Err(AppError::NoDataSets);
    }
    if let Some(code) = only
        && !catalog.data_sets.contains_key(code)
    {
        return Err(AppError::UnknownDataSet {
            code: code.to_string(),
            known: catalog.data_sets.keys().cloned().collect(),
        });
    }
    let units = store.org_units().await?;
    let approvals = store.approvals(period).await?;
    let submissions = store.submissions(period).await?;
    Ok(compute(
        &catalog,
        &units,
        period,
        &approvals,
        &submissions,
        on,
        only,
    ))
}
