//! One figure typed in a form or sent to the API, checked and stored; and the workflow moves
//! of a field's figures (submit, approve, return, unlock). Who may do what comes from the
//! signed-in user's role and fields ([`Actor`]), never from what a form says.
//!
//! A figure belongs to one data set ([`baocao_core::dataset`]): for an org unit that the
//! catalogue assigns data sets to (a district, an enterprise), the one holding the figure's
//! data element; for any other unit (the province in the example), its field — the figures of
//! the field `cntt` of an org unit for a period are submitted and approved together, under the
//! data set code `cntt`. An account tied to a reporting unit ([`Store::user_org_unit`])
//! enters and submits that unit's figures only. Status moves of a declared data set are
//! bottom-up ([`change_data_set_status`]).

mod data_sets;

pub use data_sets::{StatusRequest, change_data_set_status};

use std::fmt;

use baocao_core::catalog::{Field, ValueType};
use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format::parse_number;
use baocao_core::period::Period;
use baocao_core::text::nfc;
use baocao_core::value::{DataValue, TypedNumber, ValueOrigin};
use baocao_engine::CompiledCatalog;
use baocao_store::{ApprovalStatus, Role, Store, StoreError, User, ValueKey, Versioned};

/// The largest magnitude a figure may have: 10^15 (beyond it an `f64` no longer holds every
/// whole number, and no report of a department counts that much).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The most digits after the decimal comma a number or percentage may have.
pub const MAX_DECIMALS: u32 = 6;

/// Who is acting, as the session says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user name, recorded as `stored_by` and in the audit log.
    pub username: String,
    /// The role.
    pub role: Role,
    /// The fields a chuyên viên enters.
    pub fields: Vec<Field>,
}

impl From<&User> for Actor {
    fn from(user: &User) -> Actor {
        Actor {
            username: user.username.clone(),
            role: user.role,
            fields: user.fields.clone(),
        }
    }
}

impl Actor {
    /// Whether the actor may enter and submit the figures of `field`: a quản trị every
    /// field, a chuyên viên their own fields, a lãnh đạo none.
    pub fn may_edit(&self, field: Field) -> bool {
        match self.role {
            Role::QuanTri => true,
            Role::ChuyenVien => self.fields.contains(&field),
            Role::LanhDao => false,
        }
    }

    /// Whether the actor may approve or return submitted figures: lãnh đạo and quản trị.
    pub fn may_approve(&self) -> bool {
        matches!(self.role, Role::LanhDao | Role::QuanTri)
    }

    /// Whether the actor may unlock approved figures: quản trị only.
    pub fn may_unlock(&self) -> bool {
        self.role == Role::QuanTri
    }
}

/// A figure as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueInput {
    /// The data element's code, e.g. `DVC_HOSO`.
    pub data_element: String,
    /// The cell's option codes joined by "." as in [`ValueKey`]'s text (e.g. `XA.QUAMANG`;
    /// any order), `default` or empty for the total.
    pub category_option_combo: String,
    /// The org unit's id, e.g. `58`.
    pub org_unit: String,
    /// The period.
    pub period: Period,
    /// The text typed, the Vietnamese way: `232.046`, `70,96`; empty (or blanks) deletes the
    /// figure.
    pub text: String,
    /// The version the form was shown with (`None`: the cell was empty).
    pub expected_version: Option<i64>,
}

/// Why a figure or a status move was refused. [`fmt::Display`] gives the Vietnamese message
/// shown beside the cell or button (also [`EntryError::message_vi`]).
#[derive(Debug)]
pub enum EntryError {
    /// The actor may not do this: enter or submit another field's figures, approve, return
    /// or unlock without the role.
    Forbidden,
    /// The data element or its breakdown is not in the catalogue, or the org unit is not
    /// stored.
    UnknownCell,
    /// The text is not a number written the Vietnamese way.
    NotANumber {
        /// The text typed (trimmed).
        text: String,
    },
    /// A count (an integer data element) cannot be negative.
    Negative,
    /// The magnitude is 10^15 or more.
    TooLarge,
    /// The number has more decimals than its type allows: none for a count (an integer data
    /// element), [`MAX_DECIMALS`] otherwise.
    TooManyDecimals {
        /// The decimals the data element allows.
        allowed: u32,
    },
    /// The field's figures are approved: a quản trị must unlock them first. The refusal
    /// was audited.
    Locked,
    /// Someone changed the figure since the form was shown: nothing was written.
    Conflict {
        /// The figure stored now (`None`: it was deleted).
        current: Option<Versioned<DataValue>>,
    },
    /// Unlocking (and returning) needs a reason, and none was given.
    ReasonRequired,
    /// The actor's account is tied to another reporting unit: it enters and submits only
    /// that unit's figures.
    OtherUnit {
        /// The name of the unit the account is tied to.
        own: String,
    },
    /// The org unit reports declared data sets, and none of them holds the data element.
    NotInDataSet {
        /// The org unit's name.
        org_unit: String,
    },
    /// The data set is not assigned to the org unit, or no data set (nor field) has the code.
    NotAssigned {
        /// The data set's code.
        data_set: String,
        /// The org unit's name.
        org_unit: String,
    },
    /// The data set is reported per another period type.
    WrongPeriod {
        /// The data set's code.
        data_set: String,
        /// Its period type, in Vietnamese ("hằng tháng").
        period_type: &'static str,
    },
    /// Bottom-up: the same data set of the units below (a district's communes) must be
    /// approved before this unit submits it or has it approved. Nothing changed.
    NotApprovedBelow {
        /// The names of the units below whose data set is not approved.
        org_units: Vec<String>,
    },
    /// The database failed, or (as [`StoreError::StatusChanged`]) the status was moved by
    /// someone else meanwhile.
    Store(StoreError),
}

impl EntryError {
    /// The message shown to the user, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            EntryError::Forbidden => {
                "Bạn không được nhập hoặc thay đổi số liệu của lĩnh vực này, hoặc không có quyền làm thao tác này".to_string()
            }
            EntryError::UnknownCell => {
                "Ô này không có trong danh mục chỉ tiêu, hoặc đơn vị chưa được khai báo".to_string()
            }
            EntryError::NotANumber { text } => {
                format!("«{text}» không phải là số: nhập như 232.046 hoặc 70,96")
            }
            EntryError::Negative => {
                "Số đếm không được âm: nhập số nguyên từ 0 trở lên, như 232.046".to_string()
            }
            EntryError::TooLarge => {
                "Số quá lớn: mọi số phải nhỏ hơn 1.000.000.000.000.000".to_string()
            }
            EntryError::TooManyDecimals { allowed: 0 } => {
                "Chỉ tiêu đếm chỉ nhận số nguyên (như 232.046), không có phần thập phân".to_string()
            }
            EntryError::TooManyDecimals { allowed } => {
                format!("Tối đa {allowed} chữ số sau dấu phẩy")
            }
            EntryError::Locked => {
                "Số liệu đã được duyệt, không sửa được; cần quản trị mở khóa trước khi sửa"
                    .to_string()
            }
            EntryError::Conflict { current: Some(current) } => format!(
                "Người khác vừa sửa ô này: giá trị hiện tại là {}",
                current.value.number.as_typed
            ),
            EntryError::Conflict { current: None } => {
                "Người khác vừa xóa số liệu của ô này".to_string()
            }
            EntryError::ReasonRequired => "Cần ghi rõ lý do".to_string(),
            EntryError::OtherUnit { own } => format!(
                "Tài khoản của bạn chỉ nhập và gửi số liệu của đơn vị {own}"
            ),
            EntryError::NotInDataSet { org_unit } => format!(
                "Đơn vị {org_unit} không báo cáo chỉ tiêu này: không biểu mẫu nào giao cho đơn vị có chỉ tiêu này"
            ),
            EntryError::NotAssigned { data_set, org_unit } => {
                format!("Biểu mẫu {data_set} không được giao cho đơn vị {org_unit}")
            }
            EntryError::WrongPeriod {
                data_set,
                period_type,
            } => format!("Biểu mẫu {data_set} báo cáo {period_type}, không báo cáo cho kỳ này"),
            EntryError::NotApprovedBelow { org_units } => format!(
                "Cần duyệt số liệu của các đơn vị cấp dưới trước: {}",
                org_units.join(", ")
            ),
            EntryError::Store(StoreError::StatusChanged { current }) => format!(
                "Trạng thái vừa được người khác thay đổi: hiện là «{}»; tải lại trang",
                current.label_vi()
            ),
            EntryError::Store(e) => format!("Lỗi cơ sở dữ liệu: {e}"),
        }
    }
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for EntryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EntryError::Store(e) => Some(e),
            _ => None,
        }
    }
}

impl From<StoreError> for EntryError {
    fn from(e: StoreError) -> EntryError {
        match e {
            StoreError::Locked { .. } => EntryError::Locked,
            e => EntryError::Store(e),
        }
    }
}

/// A figure entered.
#[derive(Debug, Clone, PartialEq)]
pub struct Entered {
    /// Its version now (`None` when it was deleted, or there was nothing to delete).
    pub version: Option<i64>,
    /// The figure as stored (`None` when deleted).
    pub value: Option<DataValue>,
}

/// Enters one figure: checks the cell against the catalogue (the breakdown's options in any
/// order) and the stored org units, the actor's right to the element's field, parses `text`
/// the Vietnamese way ([`parse_number`]: `232.046` → 232046, `70,96` → 70.96), keeps it as
/// typed (trimmed), checks its type (a count: whole and not negative; any figure under
/// 10^15; at most [`MAX_DECIMALS`] decimals) and writes it with [`Store::write_value`] under
/// its data set (stored by the actor, typed, no comment): for a unit assigned declared data
/// sets, the one holding the element, reported per the period's type; else the element's
/// field code. An account tied to a reporting unit enters that unit's figures only. An empty
/// text deletes the figure ([`Store::delete_value`]).
///
/// Errors: [`EntryError::UnknownCell`], [`EntryError::Forbidden`] (nothing read or
/// written), [`EntryError::OtherUnit`], [`EntryError::NotInDataSet`],
/// [`EntryError::WrongPeriod`] (nothing written), [`EntryError::NotANumber`], [`EntryError::Negative`], [`EntryError::TooLarge`]
/// (nothing written), [`EntryError::Locked`] (the refusal audited),
/// [`EntryError::Conflict`] with the figure stored now, [`EntryError::Store`].
pub async fn enter_value(
    store: &Store,
    catalog: &CompiledCatalog,
    actor: &Actor,
    input: &ValueInput,
) -> Result<Entered, EntryError> {
    let catalog = &catalog.catalog;
    let element = catalog
        .data_elements
        .get(input.data_element.trim())
        .ok_or(EntryError::UnknownCell)?;
    let code = nfc(input.category_option_combo.trim());
    let coc = catalog
        .selection(element, &CategoryOptionCombo::split_code(&code))
        .map_err(|_| EntryError::UnknownCell)?;
    if !actor.may_edit(element.field) {
        return Err(EntryError::Forbidden);
    }
    let org_unit = input.org_unit.trim();
    let units = store.org_units().await?;
    if !units.iter().any(|u| u.id == org_unit) {
        return Err(EntryError::UnknownCell);
    }
    let data_set = data_sets::entry_data_set(
        store,
        catalog,
        actor,
        element,
        org_unit,
        input.period,
        &units,
    )
    .await?;
    let data_set = data_set.code();
    let key = ValueKey {
        data_element: element.code.clone(),
        category_option_combo: coc,
        org_unit: org_unit.to_string(),
        period: input.period,
    };
    let text = input.text.trim();
    if text.is_empty() {
        return delete(store, actor, &key, input.expected_version, data_set).await;
    }
    let number = check_number(text, element.value_type)?;
    let value = DataValue {
        data_element: key.data_element.clone(),
        category_option_combo: key.category_option_combo.clone(),
        org_unit: key.org_unit.clone(),
        period: key.period,
        number,
        origin: ValueOrigin::Typed,
        stored_by: actor.username.clone(),
        stored_at: None,
        comment: None,
    };
    match store
        .write_value(&value, input.expected_version, &actor.username, data_set)
        .await
    {
        Ok(version) => Ok(Entered {
            version: Some(version),
            value: Some(value),
        }),
        Err(e) => Err(refused(store, &key, e).await),
    }
}

/// Deletes a figure the form showed at `expected` (nothing to do when it showed none and
/// there is none).
async fn delete(
    store: &Store,
    actor: &Actor,
    key: &ValueKey,
    expected: Option<i64>,
    data_set: &str,
) -> Result<Entered, EntryError> {
    let Some(expected) = expected else {
        return match store.value(key).await? {
            None => Ok(Entered {
                version: None,
                value: None,
            }),
            current => Err(EntryError::Conflict { current }),
        };
    };
    match store
        .delete_value(key, expected, &actor.username, data_set)
        .await
    {
        Ok(()) => Ok(Entered {
            version: None,
            value: None,
        }),
        Err(e) => Err(refused(store, key, e).await),
    }
}

/// The entry error of a refused write: a conflict carries the figure stored now.
async fn refused(store: &Store, key: &ValueKey, error: StoreError) -> EntryError {
    match error {
        StoreError::Conflict { .. } => match store.value(key).await {
            Ok(current) => EntryError::Conflict { current },
            Err(e) => EntryError::Store(e),
        },
        e => e.into(),
    }
}

/// Parses and checks a typed figure against its type.
// The error's shape is the web application's (a conflict carries the stored figure); this
// function returns only its small variants.
#[allow(clippy::result_large_err)]
fn check_number(text: &str, value_type: ValueType) -> Result<TypedNumber, EntryError> {
    let parsed = parse_number(text).map_err(|_| EntryError::NotANumber {
        text: text.to_string(),
    })?;
    if parsed.value.abs() >= MAX_MAGNITUDE {
        return Err(EntryError::TooLarge);
    }
    let allowed = match value_type {
        ValueType::Integer => 0,
        ValueType::Number | ValueType::Percentage => MAX_DECIMALS,
    };
    if parsed.decimals > allowed {
        return Err(EntryError::TooManyDecimals { allowed });
    }
    if value_type == ValueType::Integer && parsed.value < 0.0 {
        return Err(EntryError::Negative);
    }
    Ok(TypedNumber {
        // -0 is stored as 0.
        value: parsed.value + 0.0,
        decimals: parsed.decimals,
        as_typed: text.to_string(),
    })
}

/// A move in the workflow of a field's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusAction {
    /// Gửi: draft → submitted (a chuyên viên of the field, or a quản trị).
    Submit,
    /// Duyệt: submitted → approved (lãnh đạo or quản trị); the figures are locked.
    Approve,
    /// Trả lại: submitted → draft (lãnh đạo or quản trị), with a reason.
    Return,
    /// Mở khóa: approved → draft (quản trị), with a reason.
    Unlock,
}

impl StatusAction {
    /// The status the move starts from and the one it leads to.
    pub fn transition(self) -> (ApprovalStatus, ApprovalStatus) {
        use ApprovalStatus::{Approved, Draft, Submitted};
        match self {
            StatusAction::Submit => (Draft, Submitted),
            StatusAction::Approve => (Submitted, Approved),
            StatusAction::Return => (Submitted, Draft),
            StatusAction::Unlock => (Approved, Draft),
        }
    }

    /// Whether `actor` may make this move on the figures of `field`.
    pub fn allowed(self, actor: &Actor, field: Field) -> bool {
        match self {
            StatusAction::Submit => actor.may_edit(field),
            StatusAction::Approve | StatusAction::Return => actor.may_approve(),
            StatusAction::Unlock => actor.may_unlock(),
        }
    }

    /// The code a form posts: `submit`, `approve`, `return`, `unlock`.
    pub fn code(self) -> &'static str {
        match self {
            StatusAction::Submit => "submit",
            StatusAction::Approve => "approve",
            StatusAction::Return => "return",
            StatusAction::Unlock => "unlock",
        }
    }

    /// The move of a code written by [`StatusAction::code`]; `None` otherwise.
    pub fn from_code(code: &str) -> Option<StatusAction> {
        [
            StatusAction::Submit,
            StatusAction::Approve,
            StatusAction::Return,
            StatusAction::Unlock,
        ]
        .into_iter()
        .find(|a| a.code() == code)
    }

    /// The button's Vietnamese label: "Gửi duyệt", "Duyệt", "Trả lại", "Mở khóa".
    pub fn label_vi(self) -> &'static str {
        match self {
            StatusAction::Submit => "Gửi duyệt",
            StatusAction::Approve => "Duyệt",
            StatusAction::Return => "Trả lại",
            StatusAction::Unlock => "Mở khóa",
        }
    }
}

/// Moves the figures of `field` (the data set) of `org_unit` for `period` through the
/// workflow: submit (a chuyên viên of that field, or a quản trị): draft → submitted; approve
/// (lãnh đạo, quản trị): submitted → approved; return (lãnh đạo, quản trị, with a reason):
/// submitted → draft; unlock (quản trị, with a reason): approved → draft. Recorded and
/// audited by the store with the reason (trimmed).
///
/// For an org unit assigned declared data sets, move those with [`change_data_set_status`]
/// (which also checks the units below and records the submission's time as given).
///
/// Errors: [`EntryError::Forbidden`] when the actor's role does not allow the move;
/// [`EntryError::ReasonRequired`] for a return or unlock without a reason;
/// [`EntryError::OtherUnit`] when the actor's account is tied to another unit;
/// [`EntryError::Store`] with [`StoreError::StatusChanged`] when the figures are not in the
/// state the move starts from; storage errors.
pub async fn change_status(
    store: &Store,
    actor: &Actor,
    field: Field,
    org_unit: &str,
    period: Period,
    action: StatusAction,
    reason: Option<&str>,
) -> Result<(), EntryError> {
    if !action.allowed(actor, field) {
        return Err(EntryError::Forbidden);
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if matches!(action, StatusAction::Return | StatusAction::Unlock) && reason.is_none() {
        return Err(EntryError::ReasonRequired);
    }
    data_sets::check_tie(store, actor, org_unit, &store.org_units().await?).await?;
    let (from, to) = action.transition();
    store
        .set_approval(
            field.code(),
            org_unit,
            period,
            from,
            to,
            &actor.username,
            reason,
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_by_type() {
        let n = check_number("232.046", ValueType::Integer).unwrap();
        assert_eq!(
            (n.value, n.decimals, n.as_typed.as_str()),
            (232046.0, 0, "232.046")
        );
        let n = check_number("70,96", ValueType::Percentage).unwrap();
        assert_eq!((n.value, n.decimals), (70.96, 2));
        let n = check_number("-12,5", ValueType::Number).unwrap();
        assert_eq!(n.value, -12.5);
        assert!(matches!(
            check_number("70,96", ValueType::Integer),
            Err(EntryError::TooManyDecimals { allowed: 0 })
        ));
        assert!(matches!(
            check_number("-5", ValueType::Integer),
            Err(EntryError::Negative)
        ));
        assert!(matches!(
            check_number("1.000.000.000.000.000", ValueType::Integer),
            Err(EntryError::TooLarge)
        ));
        assert!(check_number("999.999.999.999.999", ValueType::Integer).is_ok());
        assert!(matches!(
            check_number("1,2345678", ValueType::Number),
            Err(EntryError::TooManyDecimals { allowed: 6 })
        ));
        assert!(check_number("1,234567", ValueType::Number).is_ok());
        let Err(EntryError::NotANumber { text }) = check_number("12a", ValueType::Integer) else {
            panic!("12a accepted");
        };
        assert_eq!(text, "12a");
        assert_eq!(
            EntryError::NotANumber { text }.to_string(),
            "«12a» không phải là số: nhập như 232.046 hoặc 70,96"
        );
        // The English reading is refused, not guessed.
        assert!(matches!(
            check_number("70.96", ValueType::Percentage),
            Err(EntryError::NotANumber { .. })
        ));
        let zero = check_number("-0", ValueType::Integer).unwrap();
        assert!(zero.value.is_sign_positive());
    }

    #[test]
    fn rights_by_role() {
        let actor = |role, fields: &[Field]| Actor {
            username: "x".to_string(),
            role,
            fields: fields.to_vec(),
        };
        let cv = actor(Role::ChuyenVien, &[Field::Bcvt]);
        let ld = actor(Role::LanhDao, &[Field::Bcvt]);
        let qt = actor(Role::QuanTri, &[]);
        assert!(cv.may_edit(Field::Bcvt) && !cv.may_edit(Field::Cntt));
        assert!(!ld.may_edit(Field::Bcvt));
        assert!(Field::ALL.iter().all(|f| qt.may_edit(*f)));
        assert_eq!(
            (cv.may_approve(), ld.may_approve(), qt.may_approve()),
            (false, true, true)
        );
        assert_eq!(
            (cv.may_unlock(), ld.may_unlock(), qt.may_unlock()),
            (false, false, true)
        );
        assert!(StatusAction::Submit.allowed(&cv, Field::Bcvt));
        assert!(!StatusAction::Submit.allowed(&cv, Field::Cntt));
        assert!(!StatusAction::Submit.allowed(&ld, Field::Bcvt));
        assert!(!StatusAction::Approve.allowed(&cv, Field::Bcvt));
        assert!(StatusAction::Return.allowed(&ld, Field::Bcvt));
        assert!(!StatusAction::Unlock.allowed(&ld, Field::Bcvt));
        for action in [
            StatusAction::Submit,
            StatusAction::Approve,
            StatusAction::Return,
            StatusAction::Unlock,
        ] {
            assert_eq!(StatusAction::from_code(action.code()), Some(action));
        }
    }
}
