//! 联合接访 sessions (issue 15 item 4), written: recording a session hosted by a unit of the
//! recorder's scope, recording and removing the cases taken there (each one a case the
//! recorder may open), and closing it with a summary. Every write is audited; a refusal writes
//! nothing.

use huiyin_core::case::CaseId;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::joint_reception::{
    JointReceptionForm, JointReceptionStatus, NewJointReception, read_summary,
};
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_store::LinkChange;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::joint_receptions::JointReceptionView;

/// The case a link names: by id (an unknown one is not found) or by number (refused by field).
#[derive(Clone, Debug, Default)]
pub struct SessionCaseRef {
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
}

impl App {
    /// Records a session; the host must be a unit of the recorder's scope.
    pub async fn create_joint_reception(
        &self,
        user: &CurrentUser,
        form: JointReceptionForm,
    ) -> Result<JointReceptionView> {
        if !user.actor().works_cases() || !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let s = NewJointReception::read(form, self.today())?;
        let org = self.org();
        let root = visibility_root(&user.actor(), &org);
        let mut e = DomainError::new(ErrorCode::Validation);
        if org.get(s.host_unit_id).is_none() || !org.is_ancestor_or_self(root, s.host_unit_id) {
            e = e.with(
                "host_unit_id",
                "牵头单位应为本单位或下级单位",
                "a unit of your scope",
            );
        }
        if s.unit_ids.iter().any(|u| org.get(*u).is_none()) {
            e = e.with("unit_ids", "参加部门中有不存在的单位", "an unknown unit");
        }
        if !e.fields.is_empty() {
            return Err(e.into());
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "joint_reception.create",
            "",
            "ok",
            &format!(
                "on={} host={} units={}",
                s.on,
                s.host_unit_id,
                s.unit_ids.len()
            ),
        );
        let id = self
            .store
            .insert_joint_reception(&s, (user.id, self.now_ms()), &entry)
            .await?;
        self.joint_reception(user, id).await
    }

    /// The session and the case a link names, once the reader may edit the session.
    async fn editable(&self, user: &CurrentUser, id: i64, case: &SessionCaseRef) -> Result<CaseId> {
        let r = self.readable_session(user, id).await?;
        if !self.hosts_session(user, r.host_unit_id) {
            return Err(ErrorCode::RoleRequired.into());
        }
        if r.status != JointReceptionStatus::Open {
            return Err(ErrorCode::JointReceptionClosed.into());
        }
        let number = case
            .case_number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        match (case.case_id, number) {
            (Some(case_id), _) => Ok(self.visible_case(user, case_id).await?.case.id),
            (None, Some(n)) => {
                let found = match crate::search_lookup::case_number(n) {
                    Some(number) => self.store.case_id_by_number(&number).await?,
                    None => None,
                };
                match found {
                    Some(case_id) if self.visible_case(user, case_id).await.is_ok() => Ok(case_id),
                    _ => Err(DomainError::invalid(
                        "case_number",
                        format!("事项编号{n}不存在或无权查看"),
                        format!("case {n} does not exist or is out of sight"),
                    )
                    .into()),
                }
            }
            (None, None) => Err(DomainError::invalid(
                "case_number",
                "请填写在本次接访中受理的信访事项编号",
                "the number of a case taken at the session",
            )
            .into()),
        }
    }

    fn link_entry(
        &self,
        user: &CurrentUser,
        action: &str,
        id: i64,
        case_id: CaseId,
    ) -> huiyin_store::AuditEntry {
        self.audit_entry(
            Some(user),
            "",
            action,
            &format!("joint_reception:{id}"),
            "ok",
            &format!("case:{case_id}"),
        )
    }

    /// Records a case as taken at an open session.
    pub async fn link_joint_reception_case(
        &self,
        user: &CurrentUser,
        id: i64,
        case: SessionCaseRef,
    ) -> Result<JointReceptionView> {
        let case_id = self.editable(user, id, &case).await?;
        let entry = self.link_entry(user, "joint_reception.link", id, case_id);
        match self
            .store
            .link_joint_reception_case((id, case_id), (user.id, self.now_ms()), &entry)
            .await?
        {
            LinkChange::Done => self.joint_reception(user, id).await,
            LinkChange::Unchanged => Err(ErrorCode::JointReceptionCaseLinked.into()),
            LinkChange::Closed => Err(ErrorCode::JointReceptionClosed.into()),
        }
    }

    /// Removes a case from an open session (the link's row is kept, marked removed).
    pub async fn unlink_joint_reception_case(
        &self,
        user: &CurrentUser,
        id: i64,
        case_id: CaseId,
    ) -> Result<JointReceptionView> {
        let case = SessionCaseRef {
            case_id: Some(case_id),
            case_number: None,
        };
        let case_id = self.editable(user, id, &case).await?;
        let entry = self.link_entry(user, "joint_reception.unlink", id, case_id);
        match self
            .store
            .unlink_joint_reception_case((id, case_id), (user.id, self.now_ms()), &entry)
            .await?
        {
            LinkChange::Done => self.joint_reception(user, id).await,
            LinkChange::Unchanged => Err(ErrorCode::JointReceptionCaseNotLinked.into()),
            LinkChange::Closed => Err(ErrorCode::JointReceptionClosed.into()),
        }
    }

    /// Closes an open session with its summary.
    pub async fn close_joint_reception(
        &self,
        user: &CurrentUser,
        id: i64,
        summary: Option<&str>,
    ) -> Result<JointReceptionView> {
        let r = self.readable_session(user, id).await?;
        if !self.hosts_session(user, r.host_unit_id) {
            return Err(ErrorCode::RoleRequired.into());
        }
        if r.status != JointReceptionStatus::Open {
            return Err(ErrorCode::JointReceptionClosed.into());
        }
        let summary = read_summary(summary)?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "joint_reception.close",
            &format!("joint_reception:{id}"),
            "ok",
            "",
        );
        if !self
            .store
            .close_joint_reception(id, &summary, (user.id, self.now_ms()), &entry)
            .await?
        {
            return Err(ErrorCode::JointReceptionClosed.into());
        }
        self.joint_reception(user, id).await
    }
}
