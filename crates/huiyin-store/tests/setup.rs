//! Setting up an office: the first unit and administrators only on an empty database, an
//! imported batch of units with parents inside the batch, password changes and sign-outs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::store;
use huiyin_core::org::UnitKind;
use huiyin_core::role::Role;
use huiyin_store::{AuditEntry, NewUnit, NewUser, ParentRef, StoreError, Unique};

fn entry(action: &str, target: String) -> AuditEntry {
    AuditEntry {
        at: 1,
        user_id: None,
        username: "command-line".into(),
        unit_id: None,
        action: action.into(),
        target,
        result: "ok".into(),
        detail: String::new(),
    }
}

fn unit(name: &str, kind: UnitKind, level: u8, parent: ParentRef, region: &str) -> NewUnit {
    NewUnit {
        name: name.into(),
        kind,
        level,
        parent,
        region_code: region.into(),
    }
}

#[tokio::test]
async fn initialise_only_an_empty_database_and_import_in_one_transaction() {
    let (_dir, store) = store().await;
    let root = unit(
        "浙江省教育厅",
        UnitKind::ProvincialDepartment,
        2,
        ParentRef::Root,
        "330000",
    );
    let users = [
        NewUser {
            username: "sys",
            password_hash: "h1",
            display_name: "系统管理员",
            unit_id: 0,
            roles: &[Role::Admin],
        },
        NewUser {
            username: "sec",
            password_hash: "h2",
            display_name: "安全管理员",
            unit_id: 0,
            roles: &[Role::SecurityAdmin],
        },
    ];
    let (made, people) = store
        .initialise(&root, &users, 1, |u, us| {
            let mut e = vec![entry("config.unit_create", format!("unit:{}", u.id))];
            e.extend(
                us.iter()
                    .map(|u| entry("config.user_create", u.username.clone())),
            );
            e
        })
        .await
        .unwrap();
    assert_eq!(made.parent_id, None);
    assert_eq!(people.len(), 2);
    let sys = store.user_by_username("sys").await.unwrap().unwrap();
    assert!(sys.must_change_password, "first sign-in must change it");
    assert_eq!(sys.unit_id, made.id);
    let again = store.initialise(&root, &[], 2, |_, _| Vec::new()).await;
    assert!(matches!(again, Err(StoreError::Refused(_))), "{again:?}");
    assert_eq!(store.count_units().await.unwrap(), 1);

    // A batch whose second unit hangs under the first.
    let batch = [
        unit(
            "杭州市教育局",
            UnitKind::CityBureau,
            3,
            ParentRef::Existing(made.id),
            "330100",
        ),
        unit(
            "西湖区教育局",
            UnitKind::CountyBureau,
            4,
            ParentRef::Batch(0),
            "330106",
        ),
    ];
    let units = store
        .insert_units(&batch, 3, |us| {
            us.iter()
                .map(|u| entry("config.unit_create", format!("unit:{}", u.id)))
                .collect()
        })
        .await
        .unwrap();
    assert_eq!(units[1].parent_id, Some(units[0].id));
    // A bad reference inside a batch writes nothing.
    let bad = [
        unit(
            "拱墅区教育局",
            UnitKind::CountyBureau,
            4,
            ParentRef::Existing(units[0].id),
            "330105",
        ),
        unit("x", UnitKind::School, 5, ParentRef::Batch(7), "330105"),
    ];
    assert!(store.insert_units(&bad, 4, |_| Vec::new()).await.is_err());
    assert_eq!(store.count_units().await.unwrap(), 3, "all or nothing");
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.checked, 5);
}

#[tokio::test]
async fn a_password_change_clears_the_obligation_and_ends_other_sessions() {
    let (_dir, store) = store().await;
    let root = unit(
        "浙江省教育厅",
        UnitKind::ProvincialDepartment,
        2,
        ParentRef::Root,
        "330000",
    );
    let user = NewUser {
        username: "sys",
        password_hash: "old",
        display_name: "系统管理员",
        unit_id: 0,
        roles: &[Role::Admin],
    };
    let (_, people) = store
        .initialise(&root, &[user], 1, |_, _| Vec::new())
        .await
        .unwrap();
    let id = people[0].id;
    for t in ["t1", "t2", "t3"] {
        store.insert_token(t, id, 1, i64::MAX).await.unwrap();
    }
    store.set_lockout(id, 3, 0).await.unwrap();
    store.set_password(id, "new", false).await.unwrap();
    let rec = store.user_by_id(id).await.unwrap().unwrap();
    assert_eq!(
        (rec.password_hash.as_str(), rec.must_change_password),
        ("new", false)
    );
    assert_eq!(store.user_security(id).await.unwrap().failed_attempts, 0);
    assert_eq!(store.delete_user_tokens(id, Some("t2")).await.unwrap(), 2);
    assert!(store.user_by_token("t2", 2).await.unwrap().is_some());
    assert!(store.user_by_token("t1", 2).await.unwrap().is_none());
    assert_eq!(store.delete_user_tokens(id, None).await.unwrap(), 1);
    store.set_password(id, "reset", true).await.unwrap();
    assert!(
        store
            .user_by_id(id)
            .await
            .unwrap()
            .unwrap()
            .must_change_password
    );
}

/// Unique violations are told apart by constraint name on both backends: a taken username
/// and a scan slot that already ran each name their rule.
#[tokio::test]
async fn unique_violations_name_their_rule() {
    let (_dir, store) = store().await;
    let root = unit(
        "浙江省教育厅",
        UnitKind::ProvincialDepartment,
        2,
        ParentRef::Root,
        "330000",
    );
    let (made, _) = store
        .initialise(&root, &[], 1, |_, _| Vec::new())
        .await
        .unwrap();
    let user = NewUser {
        username: "clerk",
        password_hash: "h",
        display_name: "登记员",
        unit_id: made.id,
        roles: &[Role::Registrar],
    };
    store.insert_user(&user, 1).await.unwrap();
    let taken = store.insert_user(&user, 2).await;
    assert!(
        matches!(taken, Err(StoreError::Conflict(Unique::Username))),
        "{taken:?}"
    );
    assert!(
        store
            .start_scan("deadline_scan", "2026-12-02", "a", 1)
            .await
            .unwrap()
    );
    assert!(
        !store
            .start_scan("deadline_scan", "2026-12-02", "b", 2)
            .await
            .unwrap()
    );
}

#[test]
fn unique_rules_read_from_either_backend() {
    assert_eq!(
        Unique::of(Some("users_username_key"), "duplicate key value"),
        Unique::Username
    );
    assert_eq!(
        Unique::of(
            None,
            "UNIQUE constraint failed: scan_runs.scan, scan_runs.slot"
        ),
        Unique::ScanSlot
    );
    assert_eq!(
        Unique::of(None, "UNIQUE constraint failed: users.display_name"),
        Unique::Other("UNIQUE constraint failed: users.display_name".into())
    );
}
