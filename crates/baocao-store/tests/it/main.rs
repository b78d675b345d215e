//! Integration tests of the store: one conformance suite, each test run once on SQLite
//! (`sqlite::…`) and once on PostgreSQL (`postgres::…`), each on a fresh database
//! (`baocao_store::testing`). PostgreSQL must be reachable (see `testing` for where it is
//! looked for); `BAOCAO_SKIP_POSTGRES=1` skips its half.

mod accounts;
mod aggregate;
mod audit;
mod backup;
mod bulk;
mod conformance;
mod fixtures;
mod kill;
mod reporting;
mod succession;
mod tokens;
mod upgrade;
mod versioned;
mod workflow;

/// Declares each `module::test` body (an `async fn(&TestDatabase)`) as a test in module
/// `sqlite` and in module `postgres`.
macro_rules! on_both_backends {
    ($($module:ident :: $test:ident),* $(,)?) => {
        on_both_backends!(@backend sqlite, Sqlite, $($module::$test),*);
        on_both_backends!(@backend postgres, Postgres, $($module::$test),*);
    };
    (@backend $name:ident, $backend:ident, $($module:ident :: $test:ident),*) => {
        mod $name {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let backend = baocao_store::Backend::$backend;
                    let Some(db) = baocao_store::testing::TestDatabase::new(backend).await else {
                        return;
                    };
                    crate::$module::$test(&db).await;
                }
            )*
        }
    };
}

on_both_backends!(
    conformance::round_trip_every_table,
    conformance::typed_numbers_exactly,
    conformance::stored_at_defaults_to_the_write,
    conformance::nfc_text_round_trip,
    conformance::replace_periods_replace_whole_periods,
    conformance::registers_replace_or_update,
    conformance::documents_keep_register_order,
    conformance::last_duplicate_wins,
    conformance::org_unit_versions_replaced,
    conformance::orphaning_catalogue_refused,
    conformance::failed_write_leaves_nothing,
    conformance::missing_database_is_not_created,
    conformance::empty_reads,
    succession::successions_round_trip_in_order,
    succession::successions_replaced_by_a_later_load,
    succession::succession_to_an_unknown_unit_fails_whole,
    versioned::set_value_checks_the_version,
    versioned::versioned_values_match_single_reads,
    versioned::loads_give_new_versions,
    versioned::concurrent_writers_one_wins,
    versioned::concurrent_increments_lose_nothing,
    backup::backup_and_restore,
    backup::backup_and_restore_refusals,
    backup::migrations_run_explicitly,
    kill::killed_import_leaves_nothing,
    accounts::users_round_trip,
    accounts::sessions_round_trip_and_expiry,
    audit::loads_are_audited,
    audit::every_edit_is_audited,
    audit::refused_edits_leave_no_entry,
    audit::the_log_is_append_only,
    audit::history_filters,
    audit::the_change_mark_moves_with_every_committed_change,
    workflow::moves_from_the_expected_state,
    workflow::approved_figures_are_locked,
    workflow::approval_of_unknown_org_unit_refused,
    workflow::concurrent_edits_one_wins,
    workflow::edit_racing_approval,
    reporting::org_unit_kinds_round_trip,
    reporting::submissions_first_and_last,
    reporting::units_below_must_be_approved,
    reporting::accounts_tied_to_a_unit,
    bulk::import_counts_and_versions,
    bulk::rolled_back_import_leaves_nothing,
    bulk::large_batches_split_into_statements,
    bulk::refused_import_is_audited_once,
    bulk::statuses_of_many_units,
    aggregate::values_of_elements_are_the_matching_rows,
    aggregate::values_of_elements_past_one_query,
    tokens::tokens_round_trip,
    tokens::tokens_stop_working,
);

/// The store's futures can move between threads, as a web server's handlers need: this
/// compiles only if they are `Send`.
#[allow(dead_code)]
fn futures_are_send(store: &baocao_store::Store, data: &baocao_store::Dataset) {
    fn send<T: Send>(_: T) {}
    let path = std::path::Path::new("b");
    send(baocao_store::Store::open("x"));
    send(store.save_dataset(data));
    send(store.begin_import("", ""));
    send(async {
        let mut import = store.begin_import("", "").await.unwrap();
        import.write_batch(&data.values).await.unwrap();
        import
            .status(
                "",
                "",
                baocao_core::period::Period::parse("2023-04").unwrap(),
            )
            .await
            .unwrap();
        import.commit().await.unwrap();
    });
    send(store.data_values("58", &[]));
    send(store.backup(path));
    send(store.restore(path));
    send(store.migrate());
    let user = baocao_store::User {
        username: String::new(),
        full_name: String::new(),
        role: baocao_store::Role::QuanTri,
        fields: vec![],
        active: true,
    };
    send(store.create_user(&user, ""));
    send(store.session("", chrono::NaiveDateTime::default()));
    send(store.history(&baocao_store::AuditFilter::default()));
    send(store.write_value(&data.values[0], None, "", ""));
    send(store.set_approval(
        "",
        "",
        baocao_core::period::Period::parse("2023-04").unwrap(),
        baocao_store::ApprovalStatus::Draft,
        baocao_store::ApprovalStatus::Submitted,
        "",
        None,
    ));
}
