//! The reason a person gives for a judgement that can be undone (a merge of person records, a
//! recusal, a 并单, their undoing): checked the same way everywhere.

use huiyin_core::error::DomainError;

use crate::error::Result;

/// The reason typed, trimmed: 2 to 500 characters, no control characters.
pub(crate) fn reason_of(raw: Option<&str>) -> Result<String> {
    let reason = raw.map(str::trim).unwrap_or_default();
    let control = reason
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t');
    if control || !(2..=500).contains(&reason.chars().count()) {
        return Err(DomainError::invalid(
            "reason",
            "请填写理由（2至500字，不含控制字符）",
            "give a reason, 2 to 500 characters without control characters",
        )
        .into());
    }
    Ok(reason.to_owned())
}
