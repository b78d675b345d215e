//! The JSON API under /api/v1, driven through the router with bearer tokens: refusals without
//! or with a bad token, the OpenAPI document against the routes, reads of the April 2023
//! example, bulk writes (all or nothing, dry runs, rights), JSON errors for bad input, the
//! report's formats, and the round trip of the Excel form through the API into the report.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use baocao_interchange::copy::{Content, read_workbook, write_workbook};
use baocao_interchange::form::{CODES_HEADER_ROW, CODES_SHEET};
use serde_json::{Value, json};

use crate::{App, Reply};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A new token of `username`.
async fn token(app: &App, username: &str) -> String {
    let now = chrono::Utc::now().naive_utc();
    baocao_app::tokens::create_token(&app.store, username, "kiểm thử", None, now, "test")
        .await
        .unwrap()
        .token
}

/// A request with `Authorization: Bearer token` (none when `token` is `None`).
async fn call(
    app: &App,
    method: Method,
    path: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    let header = token.map(|t| format!("Bearer {t}"));
    let extra: Vec<(&str, &str)> = header
        .as_deref()
        .map(|h| vec![("authorization", h)])
        .unwrap_or_default();
    app.send(method, path, None, content_type, &extra, body)
        .await
}

async fn get(app: &App, path: &str, token: &str) -> Reply {
    call(app, Method::GET, path, Some(token), None, Body::empty()).await
}

async fn post_json(app: &App, path: &str, token: &str, body: &Value) -> Reply {
    call(
        app,
        Method::POST,
        path,
        Some(token),
        Some("application/json"),
        body.to_string(),
    )
    .await
}

/// The error code of a JSON error answer, checking its shape and that it is JSON.
fn error_code(reply: &Reply) -> String {
    assert_eq!(
        reply.headers["content-type"],
        "application/json",
        "{}",
        reply.text()
    );
    let body = reply.json();
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "{body}");
    body["error"]["code"].as_str().unwrap().to_string()
}

/// A path of the document with its parameters filled in, as a test calls it.
fn concrete(path: &str) -> String {
    let path = path.replace("{period}", "2023-04");
    match path.as_str() {
        "/api/v1/dataValues" | "/api/v1/validation" | "/api/v1/documents" | "/api/v1/tasks" => {
            format!("{path}?period=2023-04")
        }
        _ => path,
    }
}

/// Every (method, path) the OpenAPI document lists.
fn document_routes(doc: &Value) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete", "head", "options"]
                .contains(&method.as_str())
            {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_and_is_open() {
    let app = App::new().await;
    let reply = call(
        &app,
        Method::GET,
        "/api/v1/openapi.json",
        None,
        None,
        Body::empty(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/json");
    let doc = reply.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "baocao API");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"], json!([{"bearer": []}]));

    let router: BTreeSet<(String, String)> = baocao_web::api_routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p))
        .collect();
    assert_eq!(document_routes(&doc), router);
    assert_eq!(router.len(), 13, "{router:?}");
    // The library's document is the one served.
    assert_eq!(
        serde_json::to_value(baocao_web::openapi_document()).unwrap(),
        doc
    );

    // Every documented route is answered by the router (not its 404 or 405), and every one
    // but the document itself needs the token.
    let token = token(&app, "quantri").await;
    for (method, path) in &router {
        let method: Method = method.parse().unwrap();
        let open = path == "/api/v1/openapi.json";
        let operation = &doc["paths"][path][method.as_str().to_lowercase()];
        assert_eq!(
            operation["security"] == json!([{}]),
            open,
            "{method} {path}: {}",
            operation["security"]
        );
        let reply = call(
            &app,
            method.clone(),
            &concrete(path),
            Some(&token),
            Some("application/json"),
            "{}",
        )
        .await;
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        if reply.status == StatusCode::NOT_FOUND {
            assert_ne!(error_code(&reply), "unknown_path", "{method} {path}");
        }
        assert!(
            !reply.status.is_server_error(),
            "{method} {path}: {}",
            reply.text()
        );
    }
}

#[tokio::test]
async fn without_a_valid_token_every_endpoint_is_a_json_401() {
    let app = App::new().await;
    let valid = token(&app, "cv_cntt").await;
    let session = app.sign_in("quantri").await;
    let forged = format!("bc_{}", "ab".repeat(32));
    let wrong_case = valid.to_uppercase();
    for (method, path) in baocao_web::api_routes() {
        if path == "/api/v1/openapi.json" {
            continue;
        }
        let method: Method = method.parse().unwrap();
        let path = concrete(&path);
        let mut replies = vec![
            call(&app, method.clone(), &path, None, None, Body::empty()).await,
            call(
                &app,
                method.clone(),
                &path,
                Some(&forged),
                None,
                Body::empty(),
            )
            .await,
            call(
                &app,
                method.clone(),
                &path,
                Some("bc_short"),
                None,
                Body::empty(),
            )
            .await,
            call(
                &app,
                method.clone(),
                &path,
                Some(&wrong_case),
                None,
                Body::empty(),
            )
            .await,
        ];
        // A signed-in browser's cookie and CSRF token open nothing here.
        replies.push(
            app.send(
                method.clone(),
                &path,
                Some(&session.cookie),
                None,
                &[("x-csrf-token", session.csrf.as_str())],
                Body::empty(),
            )
            .await,
        );
        // Another scheme neither.
        let basic = format!("Basic {valid}");
        replies.push(
            app.send(
                method.clone(),
                &path,
                None,
                None,
                &[("authorization", basic.as_str())],
                Body::empty(),
            )
            .await,
        );
        for reply in replies {
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            assert_eq!(error_code(&reply), "unauthorized");
            assert_eq!(reply.headers["www-authenticate"], "Bearer realm=\"baocao\"");
        }
    }
    // The valid token opens them; the scheme's case does not matter.
    let reply = call(&app, Method::GET, "/api/v1/me", None, None, Body::empty()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .send(
            Method::GET,
            "/api/v1/me",
            None,
            None,
            &[("authorization", &format!("bearer {valid}"))],
            Body::empty(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let me = reply.json();
    assert_eq!(me["username"], "cv_cntt");
    assert_eq!(me["role"], "chuyen_vien");
    assert_eq!(me["roleName"], "Chuyên viên");
    assert_eq!(me["fields"], json!(["cntt"]));
}

#[tokio::test]
async fn revoked_tokens_and_deactivated_accounts_are_refused() {
    let app = App::new().await;
    let first = token(&app, "cv_bcvt").await;
    let second = token(&app, "cv_bcvt").await;
    assert_eq!(get(&app, "/api/v1/me", &first).await.status, StatusCode::OK);
    let id = get(&app, "/api/v1/me", &first).await.json()["tokenId"]
        .as_i64()
        .unwrap();
    let now = chrono::Utc::now().naive_utc();
    baocao_app::tokens::revoke_token(&app.store, id, "quantri", now)
        .await
        .unwrap();
    let reply = get(&app, "/api/v1/me", &first).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&reply), "unauthorized");
    assert_eq!(
        get(&app, "/api/v1/me", &second).await.status,
        StatusCode::OK
    );
    // A deactivated account's tokens stop working at once; its role is read each time.
    let (mut user, _) = app.store.user_with_hash("cv_bcvt").await.unwrap().unwrap();
    user.active = false;
    app.store.update_user(&user).await.unwrap();
    assert_eq!(
        get(&app, "/api/v1/me", &second).await.status,
        StatusCode::UNAUTHORIZED
    );
    user.active = true;
    user.role = baocao_store::Role::LanhDao;
    app.store.update_user(&user).await.unwrap();
    let me = get(&app, "/api/v1/me", &second).await.json();
    assert_eq!(me["role"], "lanh_dao");
}

#[tokio::test]
async fn reads_give_the_example_s_catalogue_units_periods_and_figures() {
    let app = App::new().await;
    let token = token(&app, "lanhdao").await;

    let catalog = get(&app, "/api/v1/catalog", &token).await.json();
    let de = catalog["dataElements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "DVC_HOSO")
        .unwrap();
    assert_eq!(de["field"], "cntt");
    assert_eq!(de["valueType"], "integer");
    assert_eq!(de["categoryCombo"], "KENH_CAP");
    assert_eq!(de["categories"][0]["code"], "CAP");
    assert_eq!(de["categories"][1]["code"], "KENH");
    let options: Vec<&str> = de["categories"][1]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert_eq!(options, ["TRUCTIEP", "QUAMANG", "BCCI"]);
    assert!(
        catalog["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["numerator"] == "#{DVC_HOSO.QUAMANG}" && i["denominator"] == "#{DVC_HOSO}")
    );
    assert_eq!(
        catalog["fields"][1],
        json!({"code": "cntt", "name": "Công nghệ thông tin"})
    );
    assert!(!catalog["validationRules"].as_array().unwrap().is_empty());
    let data_set = catalog["dataSets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "BM_DVC_HUYEN")
        .unwrap();
    assert_eq!(data_set["dataElements"], json!(["DVC_HOSO"]));

    let units = get(&app, "/api/v1/orgUnits", &token).await.json();
    let all = units["orgUnits"].as_array().unwrap();
    let province = all.iter().find(|u| u["id"] == "58").unwrap();
    assert_eq!(province["name"], "Tỉnh Ninh Thuận");
    assert_eq!(province["level"], "tinh");
    assert_eq!(province["versions"][0]["validFrom"], "1992-04-01");
    assert_eq!(province["versions"][0]["validTo"], "2025-06-30");
    let district = all.iter().find(|u| u["id"] == "582").unwrap();
    assert_eq!(district["parent"], "58");
    // On a day before the province was made, none of these units existed.
    let before = get(&app, "/api/v1/orgUnits?on=1991-01-01", &token)
        .await
        .json();
    assert_eq!(before["orgUnits"], json!([]));
    let on = get(&app, "/api/v1/orgUnits?on=2023-04-14", &token)
        .await
        .json();
    let ids: BTreeSet<&str> = on["orgUnits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains("58") && ids.contains("582"), "{ids:?}");
    // Since 1/7/2025 the province and its districts are no more.
    let after = get(&app, "/api/v1/orgUnits?on=2025-07-01", &token)
        .await
        .json();
    assert!(
        after["orgUnits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != "58" && u["id"] != "582"),
        "{after}"
    );

    let periods = get(&app, "/api/v1/periods", &token).await.json();
    let list: Vec<&str> = periods["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(list[0], "2023-04", "newest first: {list:?}");
    assert!(list.contains(&"2023-03"), "{list:?}");
    let april = get(&app, "/api/v1/periods/2023-04", &token).await.json();
    assert_eq!(april["name"], "tháng 4/2023");
    assert_eq!(april["periodType"], "month");
    assert_eq!(april["cutoffStart"], "2023-03-15");
    assert_eq!(april["cutoffEnd"], "2023-04-14");
    assert_eq!(april["previous"], "2023-03");
    assert_eq!(april["samePeriodLastYear"], "2022-04");
    assert_eq!(april["hasFigures"], true);
    assert_eq!(april["hasReport"], true);
    let quarter = get(&app, "/api/v1/periods/2023Q2", &token).await.json();
    assert_eq!(quarter["previous"], "2023Q1");
    assert_eq!(quarter["hasReport"], false);

    // Figures as typed, with their numeric value and version.
    let page = get(
        &app,
        "/api/v1/dataValues?period=2023-04&orgUnit=58&dataElement=VT_BTS",
        &token,
    )
    .await
    .json();
    let values = page["dataValues"].as_array().unwrap();
    let two_g = values
        .iter()
        .find(|v| v["categoryOptionCombo"] == "TRAM_2G")
        .unwrap();
    assert_eq!(two_g["value"], "502");
    assert_eq!(two_g["numericValue"], 502.0);
    assert_eq!(two_g["storedBy"], "Văn phòng Sở");
    assert_eq!(two_g["origin"], "typed");
    assert!(two_g["version"].as_i64().unwrap() > 0);
    assert_eq!(page["pager"]["total"], values.len());
    // Paging: the pages put together are the whole, in the same order.
    let whole = get(&app, "/api/v1/dataValues?period=2023-04&field=bcvt", &token)
        .await
        .json();
    let total = whole["pager"]["total"].as_u64().unwrap();
    assert!(total > 10, "{total}");
    assert_eq!(whole["dataValues"].as_array().unwrap().len() as u64, total);
    assert!(whole["dataValues"].as_array().unwrap().iter().all(|v| {
        v["dataElement"]
            .as_str()
            .unwrap()
            .starts_with(['V', 'B', 'I'])
    }));
    let mut joined = Vec::new();
    let mut offset = 0;
    while offset < total {
        let page = get(
            &app,
            &format!("/api/v1/dataValues?period=2023-04&field=bcvt&limit=7&offset={offset}"),
            &token,
        )
        .await
        .json();
        assert_eq!(page["pager"]["total"].as_u64().unwrap(), total);
        joined.extend(page["dataValues"].as_array().unwrap().iter().cloned());
        offset += 7;
    }
    assert_eq!(json!(joined), whole["dataValues"]);

    // Validation: the same violations `baocao validate` finds.
    let validation = get(&app, "/api/v1/validation?period=2023-04", &token)
        .await
        .json();
    let data = baocao_app::load_period(
        &app.store,
        baocao_core::period::Period::parse("2023-04").unwrap(),
        None,
    )
    .await
    .unwrap();
    let expected = baocao_app::validate(&data);
    assert_eq!(validation["orgUnit"], "58");
    assert_eq!(validation["rulesEvaluated"], expected.rules_evaluated);
    let codes: Vec<&str> = validation["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["ruleCode"].as_str().unwrap())
        .collect();
    let expected_codes: Vec<&str> = expected
        .violations
        .iter()
        .map(|v| v.rule_code.as_str())
        .collect();
    assert_eq!(codes, expected_codes);
    assert!(codes.len() >= 4, "the example's typos: {codes:?}");
    let first = &validation["violations"][0];
    assert_eq!(
        first["left"]["display"],
        expected.violations[0].left.display.as_str()
    );

    // Registers.
    let documents = get(&app, "/api/v1/documents?period=2023-04", &token)
        .await
        .json();
    let decision = documents["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["symbol"] == "166/QĐ-UBND")
        .unwrap();
    assert_eq!(decision["docType"], "QĐ");
    assert_eq!(decision["docTypeName"], "Quyết định");
    assert!(
        decision["citation"]
            .as_str()
            .unwrap()
            .starts_with("Quyết định số 166/QĐ-UBND ngày"),
        "{decision}"
    );
    let tasks = get(&app, "/api/v1/tasks?period=2023-05", &token)
        .await
        .json();
    let tasks = tasks["tasks"].as_array().unwrap();
    assert!(tasks.len() >= 2);
    assert_eq!(tasks[0]["number"], 1);
    assert_eq!(tasks[0]["field"], "bcvt");
    assert_eq!(tasks[0]["period"], "2023-05");
}

/// A dataValueSet of three bcvt figures for 2023-05 and one cntt figure, with codes.
fn value_set(bts_2g: &str) -> Value {
    json!({
        "period": "202305",
        "orgUnit": "58",
        "dataValues": [
            {"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_2G", "value": bts_2g},
            {"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_3G", "value": "720"},
            {"dataElement": "BC_BUUGUI", "value": 350001, "comment": "số liệu ước"},
        ]
    })
}

async fn may_values(app: &App, token: &str) -> Value {
    get(
        app,
        "/api/v1/dataValues?period=2023-05&orgUnit=58&field=bcvt",
        token,
    )
    .await
    .json()
}

#[tokio::test]
async fn a_bulk_write_is_read_back_and_a_dry_run_writes_nothing() {
    let app = App::new().await;
    let token = token(&app, "quantri").await;
    assert_eq!(may_values(&app, &token).await["pager"]["total"], 0);

    let dry = post_json(
        &app,
        "/api/v1/dataValueSets?dryRun=true",
        &token,
        &value_set("510"),
    )
    .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.text());
    let summary = dry.json();
    assert_eq!(summary["responseType"], "ImportSummary");
    assert_eq!(summary["status"], "SUCCESS");
    assert_eq!(summary["dryRun"], true);
    assert_eq!(summary["importCount"]["imported"], 3);
    assert_eq!(
        may_values(&app, &token).await["pager"]["total"],
        0,
        "a dry run writes nothing"
    );

    let done = post_json(&app, "/api/v1/dataValueSets", &token, &value_set("510")).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let summary = done.json();
    assert_eq!(summary["status"], "SUCCESS");
    assert_eq!(summary["dryRun"], false);
    assert_eq!(
        summary["importCount"],
        json!({"imported": 3, "updated": 0, "ignored": 0, "deleted": 0})
    );
    let read = may_values(&app, &token).await;
    let values = read["dataValues"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    let find = |de: &str, coc: &str| {
        values
            .iter()
            .find(|v| v["dataElement"] == de && v["categoryOptionCombo"] == coc)
            .unwrap_or_else(|| panic!("{de} {coc} in {read}"))
            .clone()
    };
    assert_eq!(find("VT_BTS", "TRAM_2G")["numericValue"], 510.0);
    assert_eq!(find("VT_BTS", "TRAM_3G")["numericValue"], 720.0);
    let posted = find("BC_BUUGUI", "default");
    assert_eq!(posted["numericValue"], 350001.0);
    assert_eq!(posted["comment"], "số liệu ước");
    assert_eq!(posted["storedBy"], "quantri");
    let version = find("VT_BTS", "TRAM_2G")["version"].as_i64().unwrap();

    // Again with one figure changed: one updated, two unchanged; only the changed version
    // moves.
    let again = post_json(&app, "/api/v1/dataValueSets", &token, &value_set("511")).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    let summary = again.json();
    assert_eq!(summary["status"], "WARNING");
    assert_eq!(
        summary["importCount"],
        json!({"imported": 0, "updated": 1, "ignored": 2, "deleted": 0})
    );
    let read = may_values(&app, &token).await;
    let bts = read["dataValues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["categoryOptionCombo"] == "TRAM_2G")
        .unwrap()
        .clone();
    assert_eq!(bts["numericValue"], 511.0);
    assert!(bts["version"].as_i64().unwrap() > version);
}

#[tokio::test]
async fn a_set_with_any_problem_writes_nothing_and_locates_every_problem() {
    let app = App::new().await;
    let token = token(&app, "quantri").await;
    let mut set = value_set("510");
    set["dataValues"][1]["categoryOptionCombo"] = json!("TRAM_9G");
    set["dataValues"][2]["value"] = json!("nhiều");
    let reply = post_json(&app, "/api/v1/dataValueSets", &token, &set).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    let summary = reply.json();
    assert_eq!(summary["status"], "ERROR");
    assert_eq!(summary["importCount"]["imported"], 0);
    let objects: Vec<&str> = summary["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["object"].as_str().unwrap())
        .collect();
    assert_eq!(
        objects,
        ["dataValues[1].categoryOptionCombo", "dataValues[2].value"],
        "{summary}"
    );
    let values: Vec<&str> = summary["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        values,
        [
            "gặp “TRAM_9G”: `TRAM_9G` không phải là phân tổ của `VT_BTS`; cần các mã trong số: TRAM_2G, TRAM_3G, TRAM_4G",
            "gặp “nhiều”: không phải một số; cần một số viết liền, dấu “.” trước phần thập phân và không ngăn cách hàng nghìn, như DHIS2 ghi giá trị (1234, 70.96, -3)",
        ],
        "{summary}"
    );
    assert_eq!(may_values(&app, &token).await["pager"]["total"], 0);

    // Text that is no JSON, JSON that is no dataValueSet, an unknown field: 409 with the
    // place; nothing written.
    for body in [
        "{\"dataValues\": [",
        "42",
        "\"dataValues\"",
        "{\"dataValues\": [{\"nope\": 1}]}",
        "{\"dataValues\": [{\"dataElement\": \"VT_BTS\", \"value\": [1]}]}",
    ] {
        let reply = call(
            &app,
            Method::POST,
            "/api/v1/dataValueSets",
            Some(&token),
            Some("application/json"),
            body,
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::CONFLICT,
            "{body}: {}",
            reply.text()
        );
        let summary = reply.json();
        assert_eq!(summary["status"], "ERROR", "{body}");
        assert!(
            !summary["conflicts"].as_array().unwrap().is_empty(),
            "{body}"
        );
    }
    // Another media type: 415; a bad parameter: 400.
    let reply = call(
        &app,
        Method::POST,
        "/api/v1/dataValueSets",
        Some(&token),
        Some("text/xml"),
        "<dataValueSet/>",
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(&reply), "unsupported_media_type");
    let reply = post_json(
        &app,
        "/api/v1/dataValueSets?dryRun=maybe",
        &token,
        &value_set("1"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&reply), "invalid_parameter");
    let reply = post_json(
        &app,
        "/api/v1/dataValueSets?idScheme=name",
        &token,
        &value_set("1"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(may_values(&app, &token).await["pager"]["total"], 0);
}

#[tokio::test]
async fn only_accounts_that_enter_figures_write_each_its_own_fields_and_never_approved_ones() {
    let app = App::new().await;
    let admin = token(&app, "quantri").await;
    let leader = token(&app, "lanhdao").await;
    let reply = post_json(&app, "/api/v1/dataValueSets", &leader, &value_set("510")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&reply), "forbidden");

    // The chuyên viên of cntt may not write bcvt figures: every one refused, located,
    // nothing written.
    let cntt = token(&app, "cv_cntt").await;
    let reply = post_json(&app, "/api/v1/dataValueSets", &cntt, &value_set("510")).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    let summary = reply.json();
    let conflicts = summary["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 3, "{summary}");
    for (i, (c, code)) in conflicts
        .iter()
        .zip(["VT_BTS", "VT_BTS", "BC_BUUGUI"])
        .enumerate()
    {
        assert_eq!(c["object"], format!("dataValues[{i}].dataElement"), "{c}");
        assert_eq!(
            c["value"],
            format!(
                "gặp “{code}”: tài khoản `cv_cntt` không được nhập số liệu của lĩnh vực bcvt (Bưu chính, viễn thông), như `{code}`; cần số liệu của các lĩnh vực tài khoản được nhập: cntt"
            ),
            "{c}"
        );
    }
    assert_eq!(may_values(&app, &admin).await["pager"]["total"], 0);

    // The chuyên viên of bcvt may.
    let bcvt = token(&app, "cv_bcvt").await;
    let reply = post_json(&app, "/api/v1/dataValueSets", &bcvt, &value_set("510")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let read = may_values(&app, &admin).await;
    assert_eq!(read["pager"]["total"], 3);
    assert!(
        read["dataValues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["storedBy"] == "cv_bcvt")
    );

    // Once the field's figures of May are approved, nobody changes them in bulk.
    let may = baocao_core::period::Period::parse("2023-05").unwrap();
    use baocao_store::ApprovalStatus::{Approved, Draft, Submitted};
    app.store
        .set_approval("bcvt", "58", may, Draft, Submitted, "cv_bcvt", None)
        .await
        .unwrap();
    app.store
        .set_approval("bcvt", "58", may, Submitted, Approved, "lanhdao", None)
        .await
        .unwrap();
    for who in [&bcvt, &admin] {
        let reply = post_json(&app, "/api/v1/dataValueSets", who, &value_set("999")).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
        let summary = reply.json();
        assert_eq!(
            summary["conflicts"][0],
            json!({
                "object": "dataValues[0].value",
                "value": "gặp “999”: số liệu biểu mẫu `bcvt` của đơn vị 58 (Tỉnh Ninh Thuận) kỳ tháng 5/2023 đã được duyệt và bị khóa; cần số liệu của biểu mẫu chưa duyệt: quản trị phải mở khóa biểu mẫu trước"
            }),
            "{summary}"
        );
    }
    assert_eq!(may_values(&app, &admin).await, read, "nothing changed");
}

#[tokio::test]
async fn bad_input_is_a_json_4xx_never_a_5xx() {
    let app = App::new().await;
    let token = token(&app, "lanhdao").await;
    let cases: &[(&str, StatusCode, &str)] = &[
        (
            "/api/v1/dataValues",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=2023-13",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=0001-01",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=9999-12",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=2023-04&limit=0",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=2023-04&limit=-1",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=2023-04&limit=10001",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=2023-04&field=kinh_te",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/dataValues?period=2023-04&orgUnit=99999",
            StatusCode::NOT_FOUND,
            "unknown_org_unit",
        ),
        (
            "/api/v1/dataValues?period=2023-04&dataElement=KHONG_CO",
            StatusCode::NOT_FOUND,
            "unknown_data_element",
        ),
        (
            "/api/v1/orgUnits?on=14/4/2023",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/periods/thang-4",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/periods/0001-01",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/validation",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/validation?period=2023-04&orgUnit=KHONG",
            StatusCode::NOT_FOUND,
            "unknown_org_unit",
        ),
        (
            "/api/v1/validation?period=1901-01",
            StatusCode::NOT_FOUND,
            "no_org_unit",
        ),
        (
            "/api/v1/reports/2023-04?format=odt",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/reports/2023-05",
            StatusCode::NOT_FOUND,
            "no_report",
        ),
        (
            "/api/v1/reports/9999",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/forms/2023-04?orgUnit=KHONG",
            StatusCode::NOT_FOUND,
            "unknown_org_unit",
        ),
        (
            "/api/v1/documents?period=",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/v1/tasks?period=2023W1",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        ("/api/v1/khong-co", StatusCode::NOT_FOUND, "unknown_path"),
        ("/api/v1/", StatusCode::NOT_FOUND, "unknown_path"),
    ];
    for (path, status, code) in cases {
        let reply = get(&app, path, &token).await;
        assert!(
            reply.headers["content-type"] == "application/json",
            "{path}: {}",
            reply.text()
        );
        assert_eq!(reply.status, *status, "{path}: {}", reply.text());
        assert_eq!(error_code(&reply), *code, "{path}");
    }
    // The message names the parameter and what was expected, in Vietnamese.
    let reply = get(&app, "/api/v1/dataValues?period=2023-13", &token).await;
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("«period»") && message.contains("2023-04"),
        "{message}"
    );
    // A method the path does not answer: 405 JSON, with Allow.
    let reply = call(
        &app,
        Method::DELETE,
        "/api/v1/catalog",
        Some(&token),
        None,
        Body::empty(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(&reply), "method_not_allowed");
    assert!(reply.headers["allow"].to_str().unwrap().contains("GET"));
    // A body over 64 MB is refused before it is read whole.
    let admin = self::token(&app, "quantri").await;
    let big = vec![b' '; 64 * 1024 * 1024 + 1];
    let reply = call(
        &app,
        Method::POST,
        "/api/v1/dataValueSets",
        Some(&admin),
        Some("application/json"),
        big,
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&reply), "body_too_large");
}

#[tokio::test]
async fn reports_come_in_every_format_with_their_media_type() {
    let app = App::new().await;
    let token = token(&app, "lanhdao").await;
    for (format, content_type, magic) in [
        ("md", "text/markdown; charset=utf-8", "22.155".as_bytes()),
        ("html", "text/html; charset=utf-8", &b"<!DOCTYPE html"[..]),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &b"PK\x03\x04"[..],
        ),
        ("pdf", "application/pdf", &b"%PDF-"[..]),
        ("xlsx", XLSX, &b"PK\x03\x04"[..]),
    ] {
        let reply = get(
            &app,
            &format!("/api/v1/reports/2023-04?format={format}"),
            &token,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{format}: {}", reply.text());
        assert_eq!(reply.headers["content-type"], content_type, "{format}");
        assert_eq!(
            reply.headers["content-disposition"],
            format!("attachment; filename=\"bao-cao-2023-04.{format}\"").as_str()
        );
        let head = &reply.bytes[..reply.bytes.len().min(4096)];
        assert!(
            reply.bytes.starts_with(magic)
                || head
                    .windows(magic.len())
                    .any(|w| w.eq_ignore_ascii_case(magic))
                || reply.bytes.windows(magic.len()).any(|w| w == magic),
            "{format}"
        );
    }
    // Markdown when no format is asked for.
    let reply = get(&app, "/api/v1/reports/2023-04", &token).await;
    assert_eq!(
        reply.headers["content-type"],
        "text/markdown; charset=utf-8"
    );
    assert!(reply.text().contains("BÁO CÁO"));
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

/// The round trip of issue 5: export the April 2023 form, fill it by a script with other
/// figures, import it, and read the same figures back through the API and in the report.
#[tokio::test]
async fn a_form_filled_by_a_script_comes_back_through_the_api_and_in_the_report() {
    let app = App::new().await;
    let token = token(&app, "quantri").await;
    let form = get(&app, "/api/v1/forms/2023-04", &token).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());
    assert_eq!(form.headers["content-type"], XLSX);
    let mut sheets = read_workbook(&form.bytes).unwrap();
    let cells = inputs(&sheets);
    assert!(cells.len() > 50, "{} inputs", cells.len());
    let catalog = baocao_app::catalog(&app.store).await.unwrap();
    let mut expected = Vec::new();
    for (i, (cell, de, coc)) in cells.iter().enumerate() {
        let integer = catalog.catalog.data_elements[de].value_type
            == baocao_core::catalog::ValueType::Integer;
        let value = if integer {
            200_000.0 + 41.0 * i as f64
        } else {
            20.0 + i as f64 / 4.0
        };
        sheets[0].set(cell, Content::Number(value));
        expected.push((de.clone(), coc.clone(), value));
    }
    let filled = write_workbook(&sheets).unwrap();

    let reply = call(
        &app,
        Method::POST,
        "/api/v1/dataValueSets",
        Some(&token),
        Some(XLSX),
        filled,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let count = &reply.json()["importCount"];
    assert_eq!(
        count["imported"].as_u64().unwrap() + count["updated"].as_u64().unwrap(),
        cells.len() as u64
    );

    // The API gives the same figures back.
    let read = get(
        &app,
        "/api/v1/dataValues?period=2023-04&orgUnit=58&limit=10000",
        &token,
    )
    .await
    .json();
    let values = read["dataValues"].as_array().unwrap();
    for (de, coc, value) in &expected {
        let v = values
            .iter()
            .find(|v| v["dataElement"] == de.as_str() && v["categoryOptionCombo"] == coc.as_str())
            .unwrap_or_else(|| panic!("{de} {coc} not read back"));
        assert_eq!(v["numericValue"].as_f64().unwrap(), *value, "{de} {coc}");
        assert_eq!(v["storedBy"], "quantri", "{de} {coc}");
    }

    // The report the API renders prints them, the totals computed from them.
    let markdown = get(&app, "/api/v1/reports/2023-04?format=md", &token)
        .await
        .text();
    let figure = |de: &str, options: &str| -> f64 {
        let wanted: Vec<&str> = options.split('.').filter(|o| !o.is_empty()).collect();
        expected
            .iter()
            .filter(|(d, c, _)| d == de && wanted.iter().all(|w| c.split('.').any(|o| o == *w)))
            .map(|(_, _, v)| v)
            .sum()
    };
    let f = |x: f64| baocao_core::format::integer(x as i64);
    let sentence = format!(
        "cấp tỉnh {} hồ sơ ({} hồ sơ tiếp nhận trực tiếp, {} hồ sơ tiếp nhận qua mạng, {} hồ sơ tiếp nhận qua BCCI)",
        f(figure("DVC_HOSO", "TINH")),
        f(figure("DVC_HOSO", "TINH.TRUCTIEP")),
        f(figure("DVC_HOSO", "TINH.QUAMANG")),
        f(figure("DVC_HOSO", "TINH.BCCI"))
    );
    assert!(
        markdown.contains(&sentence),
        "{sentence}\nnot in the report"
    );
    for (de, coc, value) in &expected {
        if *value >= 200_000.0 {
            assert!(
                markdown.contains(&f(*value)),
                "{de} {coc} {} not in the report",
                f(*value)
            );
        }
    }
}
