//! Who may be named responsible (责任人) for a 矛盾纠纷排查 entry, as the register's form offers
//! them: active case staff of the reader's body, of the units below it and of the bodies above
//! it — the nearest body first. The use case checks the person named against the entry's
//! unit and cases (`App::record_risk`).

use huiyin_core::policy::visibility_root;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// The most people the form lists.
const MAX_CHOICES: usize = 500;

impl App {
    /// `(user id, "name（unit）")` of the people the register's form offers.
    pub async fn risk_owner_choices(&self, user: &CurrentUser) -> Result<Vec<(i64, String)>> {
        let org = self.org();
        let root = visibility_root(&user.actor(), &org);
        let mut out: Vec<(usize, String, i64)> = self
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| u.active)
            .filter_map(|u| {
                let person = CurrentUser::from(u.clone());
                let theirs = visibility_root(&person.actor(), &org);
                let related =
                    org.is_ancestor_or_self(theirs, root) || org.is_ancestor_or_self(root, theirs);
                (person.actor().works_cases() && related).then(|| {
                    let unit = org
                        .get(u.unit_id)
                        .map(|x| x.name.clone())
                        .unwrap_or_default();
                    let distance = org
                        .ancestors_or_self(theirs)
                        .len()
                        .abs_diff(org.ancestors_or_self(root).len());
                    (distance, format!("{}（{unit}）", u.display_name), u.id)
                })
            })
            .collect();
        out.sort();
        out.truncate(MAX_CHOICES);
        Ok(out.into_iter().map(|(_, name, id)| (id, name)).collect())
    }
}
