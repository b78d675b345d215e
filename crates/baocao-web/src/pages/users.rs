//! `GET/POST /quan-tri/nguoi-dung` (quản trị only): the users, a form to add one, and for
//! each a form to change name, role, fields, active and (optionally) the password.
//!
//! Form fields: `action` (`them`, `sua`), `username`, `full_name`, `role` (`quan_tri`,
//! `chuyen_vien`, `lanh_dao`), `fields` (repeated field codes), `active` (`1` when ticked),
//! `password` (to add; to reset when editing, empty keeps it).

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_core::catalog::Field;
use baocao_store::{Role, User};
use serde::{Deserialize, Serialize};

use crate::auth::Viewer;
use crate::layout;
use crate::{AppState, WebError, form, templates};

/// A notice after a change.
#[derive(Debug, Default, Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    tb: String,
}

/// A user in a form, as typed, with messages.
#[derive(Debug, Default, Clone, Serialize)]
struct UserForm {
    username: String,
    full_name: String,
    role: String,
    fields: Vec<String>,
    active: bool,
    errors: BTreeMap<&'static str, String>,
}

impl UserForm {
    fn of(user: &User) -> UserForm {
        UserForm {
            username: user.username.clone(),
            full_name: user.full_name.clone(),
            role: user.role.code().to_string(),
            fields: user.fields.iter().map(|f| f.code().to_string()).collect(),
            active: user.active,
            errors: BTreeMap::new(),
        }
    }

    fn from_pairs(pairs: &[(String, String)]) -> UserForm {
        UserForm {
            username: form::value(pairs, "username").trim().to_string(),
            full_name: form::value(pairs, "full_name").trim().to_string(),
            role: form::value(pairs, "role").to_string(),
            fields: form::values(pairs, "fields")
                .into_iter()
                .map(str::to_string)
                .collect(),
            active: form::value(pairs, "active") == "1",
            errors: BTreeMap::new(),
        }
    }
}

fn require_admin(viewer: &Viewer) -> Result<(), WebError> {
    if viewer.is_admin() {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Chỉ quản trị viên được quản lý người dùng.".to_string(),
        ))
    }
}

/// `GET /quan-tri/nguoi-dung`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<UsersQuery>,
) -> Result<Html<String>, WebError> {
    require_admin(&viewer)?;
    let notice = match q.tb.as_str() {
        "them" => Some("Đã thêm người dùng."),
        "sua" => Some("Đã lưu người dùng."),
        _ => None,
    };
    render(&state, &viewer, None, notice).await
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    failed: Option<UserForm>,
    notice: Option<&str>,
) -> Result<Html<String>, WebError> {
    let users: Vec<UserForm> = state
        .store()
        .users()
        .await?
        .iter()
        .map(|u| match &failed {
            Some(f) if f.username == u.username => f.clone(),
            _ => UserForm::of(u),
        })
        .collect();
    let new_user = match &failed {
        Some(f) if !users.iter().any(|u| u.username == f.username) => f.clone(),
        _ => UserForm {
            role: "chuyen_vien".to_string(),
            active: true,
            ..UserForm::default()
        },
    };
    let roles: Vec<(&str, &str)> = Role::ALL.iter().map(|r| (r.code(), r.label_vi())).collect();
    let fields: Vec<(&str, &str)> = Field::ALL.iter().map(|f| (f.code(), f.name_vi())).collect();
    let chrome = layout::chrome(state, viewer, None, "nguoi-dung", None).await?;
    Ok(Html(templates::render(
        "users.html",
        crate::page_context! { chrome, notice, users, new_user, roles, fields },
    )?))
}

/// `POST /quan-tri/nguoi-dung`: add a user, or change one.
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Bytes,
) -> Result<Response, WebError> {
    require_admin(&viewer)?;
    let pairs = form::parse_urlencoded(&body);
    let mut typed = UserForm::from_pairs(&pairs);
    let password = form::value(&pairs, "password").to_string();
    let role = Role::from_code(&typed.role);
    let mut fields = Vec::new();
    for code in &typed.fields {
        match Field::from_code(code) {
            Some(f) => fields.push(f),
            None => {
                typed
                    .errors
                    .insert("fields", format!("Không có lĩnh vực «{code}»."));
            }
        }
    }
    let Some(role) = role else {
        typed.errors.insert("role", "Chọn vai trò.".to_string());
        return again(&state, &viewer, typed).await;
    };
    if !typed.errors.is_empty() {
        return again(&state, &viewer, typed).await;
    }
    if form::value(&pairs, "action") == "them" {
        match baocao_app::accounts::create_user(
            state.store(),
            &typed.username,
            &typed.full_name,
            role,
            fields,
            &password,
        )
        .await
        {
            Ok(_) => Ok(Redirect::to("/quan-tri/nguoi-dung?tb=them").into_response()),
            Err(e) => {
                let (field, message) = user_error(e)?;
                typed.errors.insert(field, message);
                again(&state, &viewer, typed).await
            }
        }
    } else {
        let current = state
            .store()
            .users()
            .await?
            .into_iter()
            .find(|u| u.username == typed.username)
            .ok_or(WebError::NotFound)?;
        if typed.full_name.is_empty() {
            typed
                .errors
                .insert("full_name", "Cần ghi họ tên.".to_string());
            return again(&state, &viewer, typed).await;
        }
        if current.username == viewer.user.username && (role != Role::QuanTri || !typed.active) {
            typed.errors.insert(
                "form",
                "Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản đang dùng.".to_string(),
            );
            return again(&state, &viewer, typed).await;
        }
        if !password.is_empty()
            && let Err(e) =
                baocao_app::accounts::set_password(state.store(), &current.username, &password)
                    .await
        {
            let (field, message) = user_error(e)?;
            typed.errors.insert(field, message);
            return again(&state, &viewer, typed).await;
        }
        let user = User {
            username: current.username,
            full_name: typed.full_name.clone(),
            role,
            fields,
            active: typed.active,
        };
        state
            .store()
            .update_user_as(&user, &viewer.user.username)
            .await?;
        Ok(Redirect::to("/quan-tri/nguoi-dung?tb=sua").into_response())
    }
}

/// A refused account: the form field it concerns and the Vietnamese message; other
/// failures are internal errors.
fn user_error(error: baocao_app::AppError) -> Result<(&'static str, String), WebError> {
    match error {
        baocao_app::AppError::InvalidAccount { field, message } => Ok((field, message)),
        other => Err(other.into()),
    }
}

async fn again(state: &AppState, viewer: &Viewer, typed: UserForm) -> Result<Response, WebError> {
    let html = render(state, viewer, Some(typed), None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}
