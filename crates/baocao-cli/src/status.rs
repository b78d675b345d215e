//! `baocao status list|submit|approve|return|unlock`: the workflow of a period from the
//! command line (draft → submitted → approved per data set, org unit and period; Nghị định
//! 09/2019/NĐ-CP, Điều 13: a level reports what the level below has approved). A move is made
//! in the name of an account (`--as`), with that account's rights, and audited as the web
//! application's moves are; nothing is moved for an account the web application would refuse.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use baocao_app::completeness;
use baocao_app::edit::{Actor, StatusAction, StatusRequest, change_data_set_status};
use baocao_core::catalog::Field;
use baocao_core::dataset::{DataSetRef, vietnam_date};
use baocao_store::{Approval, ApprovalStatus, Store};
use chrono::{SubsecRound, TimeDelta, Utc};
use clap::Subcommand;

use crate::commands::{emit, parse_period};

/// What to do with the workflow.
#[derive(Debug, Subcommand)]
pub enum StatusCommand {
    /// The status of every data set of every org unit in a period: the department's fields,
    /// each reporting unit a declared data set expects (being entered until submitted), and
    /// any other status stored; who moved it last and when.
    List {
        /// The period: 2023-04, 2023Q2, 2023S1 or 2023.
        #[arg(long)]
        period: String,
    },
    /// Submit a data set (draft → submitted); the units below that report it must be approved.
    Submit(MoveArgs),
    /// Approve a submitted data set (submitted → approved): its figures are locked.
    Approve(MoveArgs),
    /// Return a submitted data set for correction (submitted → draft); needs --reason.
    Return(MoveArgs),
    /// Unlock an approved data set (approved → draft; quản trị only); needs --reason.
    Unlock(MoveArgs),
}

/// The arguments of a move.
#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    /// The period: 2023-04, 2023Q2, 2023S1 or 2023.
    #[arg(long)]
    period: String,
    /// A declared data set's code (BM_VIENTHONG_DN), or a field code (cntt, bcvt, ttbcxb,
    /// thanh_tra, chung) for a unit that reports per field.
    #[arg(long)]
    data_set: String,
    /// The org unit: its id, or its code on the period's date.
    #[arg(long)]
    org_unit: String,
    /// The account the move is made as (its role, fields and unit decide; it is audited).
    #[arg(long = "as", value_name = "USER")]
    user: String,
    /// Why (required to return or unlock).
    #[arg(long)]
    reason: Option<String>,
}

/// Runs a status command.
///
/// Errors: a bad period; an unknown or inactive account, org unit or data set; a move the
/// account may not make or that the current status does not allow (the message is the web
/// application's, in Vietnamese).
pub async fn run(store: &Store, command: StatusCommand) -> Result<ExitCode> {
    let (action, args) = match command {
        StatusCommand::List { period } => return list(store, &period).await,
        StatusCommand::Submit(args) => (StatusAction::Submit, args),
        StatusCommand::Approve(args) => (StatusAction::Approve, args),
        StatusCommand::Return(args) => (StatusAction::Return, args),
        StatusCommand::Unlock(args) => (StatusAction::Unlock, args),
    };
    let period = parse_period(&args.period)?;
    let username = args.user.trim().to_lowercase();
    let user = store
        .users()
        .await?
        .into_iter()
        .find(|u| u.username == username)
        .ok_or_else(|| {
            anyhow!(
                "--as `{}`: no such account (see `baocao user list`)",
                args.user
            )
        })?;
    if !user.active {
        return Err(anyhow!("--as `{}`: the account is deactivated", args.user));
    }
    let actor = Actor::from(&user);
    let catalog = baocao_app::catalog(store).await?;
    // A code that names nothing, or a field with nothing to enter, is said as such here (the
    // workflow would only say it is not assigned to the unit).
    match catalog.catalog.data_set_ref(&args.data_set) {
        None => {
            let declared: Vec<&str> = catalog
                .catalog
                .data_sets
                .keys()
                .map(String::as_str)
                .collect();
            let fields: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
            return Err(anyhow!(
                "--data-set `{}`: không có biểu mẫu hay lĩnh vực nào mang mã này; cần mã một biểu mẫu ({}) hoặc một lĩnh vực ({})",
                args.data_set,
                if declared.is_empty() {
                    "danh mục không khai báo biểu mẫu".to_string()
                } else {
                    declared.join(", ")
                },
                fields.join(", ")
            ));
        }
        Some(DataSetRef::Field(field))
            if !catalog
                .catalog
                .data_elements
                .values()
                .any(|de| de.field == field) =>
        {
            return Err(anyhow!(
                "--data-set `{}`: lĩnh vực «{}» không có chỉ tiêu nào trong danh mục, nên không có số liệu để gửi hay duyệt",
                args.data_set,
                field.name_vi()
            ));
        }
        Some(_) => {}
    }
    let hierarchy = baocao_app::aggregate::hierarchy(store).await?;
    let date = baocao_app::aggregate::hierarchy_date(period);
    let unit = hierarchy
        .find(&args.org_unit, date)
        .ok_or_else(|| {
            anyhow!(
                "--org-unit `{}`: no org unit with this id, nor with this code on {date}",
                args.org_unit
            )
        })?
        .clone();
    let name = unit
        .on(date)
        .map_or_else(|| unit.current_name(), |v| v.name.as_str())
        .to_string();
    let request = StatusRequest {
        data_set: &args.data_set,
        org_unit: &unit.id,
        period,
        action,
        reason: args.reason.as_deref(),
        at: Utc::now().naive_utc().trunc_subsecs(0),
    };
    change_data_set_status(store, &catalog, &actor, &request)
        .await
        .map_err(|e| match e {
            // The web's message speaks of someone else and a page to reload; here the
            // status simply does not allow the move.
            baocao_app::edit::EntryError::Store(baocao_store::StoreError::StatusChanged {
                current,
            }) => anyhow!(
                "trạng thái hiện tại là «{}», không thể {}",
                current.label_vi(),
                action.label_vi().to_lowercase()
            ),
            e => anyhow!("{}", e.message_vi()),
        })
        .with_context(|| {
            format!(
                "{} {} của {} kỳ {}",
                action.label_vi(),
                args.data_set,
                name,
                period.label_vi()
            )
        })?;
    let (_, to) = action.transition();
    eprintln!(
        "{}: {} của {} kỳ {} — {}.",
        action.label_vi(),
        args.data_set,
        name,
        period.label_vi(),
        to.label_vi()
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints the period's statuses, one line per data set and org unit: the department's own
/// fields (each the data set of the province's unit), every reporting unit a declared data
/// set expects (those that have not submitted shown as being entered), then any other status
/// stored; by whom and when the status last moved (Việt Nam time, UTC+7), or `-` for a
/// report never moved.
async fn list(store: &Store, period: &str) -> Result<ExitCode> {
    let period = parse_period(period)?;
    let approvals = store.approvals(period).await?;
    let units = store.org_units().await?;
    let catalog = baocao_app::catalog(store).await?.catalog;
    let moved = |data_set: &str, org_unit: &str| {
        approvals
            .iter()
            .find(|a| a.data_set == data_set && a.org_unit == org_unit)
    };
    // (data set, unit's name, status, the stored row if the status ever moved)
    let mut rows: Vec<(String, String, ApprovalStatus, Option<&Approval>)> = Vec::new();
    // The department's own fields first: each is a data set of the province's unit, as on
    // the dashboard (a field with no data element is not entered).
    if let Ok(department) = baocao_app::choose_org_unit(&units, period, None) {
        let name = department
            .on(period.cutoff_window().end)
            .map_or_else(|| department.current_name(), |v| v.name.as_str())
            .to_string();
        for field in Field::ALL {
            if catalog.data_elements.values().any(|de| de.field == field) {
                let row = moved(field.code(), &department.id);
                let status = row.map_or(ApprovalStatus::Draft, |a| a.status);
                rows.push((field.code().to_string(), name.clone(), status, row));
            }
        }
    }
    if catalog.declares_data_sets() {
        // The expected units, as completeness counts them (its date only decides overdue
        // units, which are not listed here).
        let expected = completeness::compute(
            &catalog,
            &units,
            period,
            &approvals,
            &[],
            vietnam_date(Utc::now().naive_utc()),
            None,
        );
        for data_set in &expected.data_sets {
            for unit in &data_set.units {
                let row = moved(&data_set.data_set, &unit.org_unit);
                rows.push((
                    data_set.data_set.clone(),
                    unit.name.clone(),
                    unit.status,
                    row,
                ));
            }
        }
    }
    for a in &approvals {
        let listed = rows
            .iter()
            .any(|(_, _, _, row)| row.is_some_and(|r| std::ptr::eq(r, a)));
        if !listed {
            let name = units
                .iter()
                .find(|u| u.id == a.org_unit)
                .map_or(a.org_unit.as_str(), |u| u.current_name());
            rows.push((a.data_set.clone(), name.to_string(), a.status, Some(a)));
        }
    }
    let mut out = String::new();
    writeln!(
        out,
        "TRẠNG THÁI SỐ LIỆU {}",
        period.label_vi().to_uppercase()
    )?;
    if rows.is_empty() {
        writeln!(out, "Không có biểu mẫu nào báo cáo theo kỳ này.")?;
    }
    for (data_set, name, status, row) in &rows {
        let moved = match row {
            Some(a) => format!(
                "{} lúc {}",
                a.changed_by,
                // Stored in UTC; shown in Việt Nam's time (UTC+7), as deadlines are judged.
                (a.changed_at + TimeDelta::hours(7)).format("%H:%M %d/%m/%Y")
            ),
            None => "-".to_string(),
        };
        writeln!(
            out,
            "{:<18} {:<32} {:<10} {}",
            data_set,
            name,
            status.label_vi(),
            moved
        )?;
    }
    emit(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
