//! The incident reporting chain's administration page (`/admin/incident-chain`): the chain in
//! force as a table and as TOML; an edit confirmed, saved, audited and applied to incidents
//! recorded afterwards; a refused edit shown with what was typed; the default restored; only
//! system administrators open it, while case staff read the chain on the incidents page.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{csrf_of, get, post, sign_in};
use huiyin_testkit::spawn_app;

const PAGE: &str = "/admin/incident-chain";

const EDITED: &str = "# 本办草稿 office draft\n\
[[rule]]\nmin_level = \"general\"\nto = \"own_unit\"\nkind = \"written\"\nwithin_minutes = 720\n\n\
[[rule]]\nmin_level = \"major\"\nto = \"one_level_up\"\nkind = \"first\"\nwithin_minutes = 15\n";

#[tokio::test]
async fn an_administrator_reads_edits_and_restores_the_chain() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "admin").await;
    let (status, html) = get(&t, &cookie, PAGE).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("data-testid=\"chain-default\"")
            && html.contains("上一级教育部门")
            && html.contains("省级教育行政部门")
            && html.contains("1440分钟（24小时）")
            && html.contains("30分钟")
            && html.contains("href=\"/admin/incident-chain\" aria-current=\"page\""),
        "{html}"
    );
    assert!(html.contains("action=\"/admin/incident-chain\" data-confirm=\""));
    assert!(
        !html.contains("data-testid=\"restore-chain\""),
        "nothing to restore yet"
    );
    let csrf = csrf_of(&html);

    // Refused: the third duty names an unknown recipient; the page keeps what was typed.
    let typed = format!(
        "{EDITED}\n[[rule]]\nmin_level = \"serious\"\nto = \"mayor\"\nkind = \"first\"\nwithin_minutes = 5\n"
    );
    let (status, html) = post(&t, &cookie, PAGE, &[("_csrf", &csrf), ("toml", &typed)]).await;
    assert_eq!(status, 422, "{html}");
    assert!(
        html.contains("data-testid=\"errors\"")
            && html.contains("突发事件报告链有误")
            && html.contains("第3条")
            && html.contains("mayor"),
        "{html}"
    );
    assert!(
        html.contains("# 本办草稿 office draft"),
        "what was typed is kept"
    );
    assert!(
        html.contains("data-testid=\"chain-default\""),
        "nothing changed"
    );

    // Saved: the table shows the new chain.
    let (status, html) = post(&t, &cookie, PAGE, &[("_csrf", &csrf), ("toml", EDITED)]).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("data-testid=\"done\"")
            && html.contains("2项报告义务")
            && html.contains("data-testid=\"chain-custom\"")
            && html.contains("15分钟")
            && html.contains("720分钟（12小时）")
            && !html.contains("省级教育行政部门</td>"),
        "{html}"
    );
    assert!(html.contains("data-testid=\"restore-chain\""));
    let (_, audit) = get(
        &t,
        &sign_in(&t, "auditor").await,
        "/audit?action=config.incident_chain",
    )
    .await;
    assert!(
        audit.contains("data-action=\"config.incident_chain\""),
        "{audit}"
    );

    // Case staff read it on the incidents page; they cannot open or post the admin page.
    let county = sign_in(&t, "county").await;
    let (_, list) = get(&t, &county, "/incidents").await;
    assert!(
        list.contains("data-testid=\"chain\"") && list.contains("15分钟"),
        "{list}"
    );
    let (status, _) = get(&t, &county, PAGE).await;
    assert_eq!(status, 403);
    let (_, home) = get(&t, &county, "/").await;
    let theirs = csrf_of(&home);
    let (status, _) = post(&t, &county, PAGE, &[("_csrf", &theirs), ("toml", EDITED)]).await;
    assert_eq!(status, 403);
    let (status, _) = post(
        &t,
        &county,
        &format!("{PAGE}/default"),
        &[("_csrf", &theirs)],
    )
    .await;
    assert_eq!(status, 403);
    let (_, html) = get(&t, &cookie, PAGE).await;
    assert!(
        html.contains("data-testid=\"chain-custom\""),
        "still the edit"
    );

    // Restored.
    let (status, html) = post(&t, &cookie, &format!("{PAGE}/default"), &[("_csrf", &csrf)]).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("已恢复默认报告链")
            && html.contains("data-testid=\"chain-default\"")
            && html.contains("省级教育行政部门"),
        "{html}"
    );
}
