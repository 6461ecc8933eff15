//! A notice's text, composed once from the case and its step: the printed page and the Word
//! document both lay out this [`NoticeDoc`], so the two never say different things. The
//! wording follows the 条例's articles (cited in the text); the 意见书 keeps the petitioner's
//! account (quoted) apart from the office's findings (调查认定的事实, written by the handler).

use huiyin_app::OpinionView;
use huiyin_app::workbench::{Notice, NoticeKind};
use huiyin_core::Date;
use huiyin_core::error::DomainError;
use huiyin_core::kinds::ServiceMethod;

/// A date as official documents write it: 2026年6月30日.
pub fn chinese_date(d: Date) -> String {
    let s = d.to_string();
    let mut parts = s.split('-').map(|p| p.trim_start_matches('0'));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(day)) => format!("{y}年{m}月{day}日"),
        _ => s,
    }
}

/// One paragraph of the body: an optional bold label (一、信访请求：) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Para {
    pub label: String,
    pub text: String,
}

fn para(text: impl Into<String>) -> Para {
    Para {
        label: String::new(),
        text: text.into(),
    }
}

fn labelled(label: &str, text: impl Into<String>) -> Para {
    Para {
        label: label.to_owned(),
        text: text.into(),
    }
}

/// A notice laid out: what the page prints and the Word document holds.
#[derive(Clone, Debug)]
pub struct NoticeDoc {
    pub issuer: String,
    pub number: String,
    pub title: &'static str,
    /// The addressee line without its colon: the petitioners' names or the receiving unit.
    pub to: String,
    pub paras: Vec<Para>,
    pub date: String,
    /// A decision recorded without the office's findings (before Huiyin asked for them).
    pub no_findings: bool,
    /// A notice to a petitioner who gave no name (匿名): it can be kept on file, not served.
    pub anonymous: bool,
}

/// The decision a 意见书 prints.
fn decision_of(n: &Notice) -> Option<&OpinionView> {
    match n.kind {
        NoticeKind::Opinion => n.case.opinion.as_ref(),
        NoticeKind::Review => n.case.review_opinion.as_ref(),
        NoticeKind::Rereview => n.case.rereview_opinion.as_ref(),
        _ => None,
    }
}

/// Composes notice `n`; `review_requested` is the day the 复查/复核 was asked for (those
/// opinions cite it), empty when unknown.
pub fn compose(n: &Notice, review_requested: &str) -> NoticeDoc {
    let v = &n.case;
    let names = v
        .petitioners
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let received = chinese_date(v.received_on);
    let accepted = v.accepted_on.map(chinese_date).unwrap_or_default();
    let step_on = chinese_date(n.step_on);
    let title = &v.title;
    let channel = v.channel.zh();
    let upper = n.addressee_unit.as_deref().unwrap_or("上一级机关");
    let mut to = names.clone();
    let mut no_findings = false;
    let mut paras = Vec::new();
    match n.kind {
        NoticeKind::Transfer => {
            to = n.addressee_unit.clone().unwrap_or_default();
            let verb = if n.assigned { "交办" } else { "转送" };
            paras.push(para(format!(
                "现将{names}于{received}以{channel}形式反映的“{title}”一事{verb}你单位。"
            )));
            paras.push(para("请依照《信访工作条例》第二十三条的规定，自收到之日起十五日内书面告知信访人是否受理；不属于你单位或者你单位所在系统职权范围的，请自收到之日起五个工作日内提出异议，详细说明理由，经本机关核实同意后交还相关材料。"));
            if n.assigned {
                let when = n
                    .report_due_on
                    .as_deref()
                    .and_then(|d| Date::parse(d).ok())
                    .map(|d| format!("于{}前", chinese_date(d)))
                    .unwrap_or_else(|| "在规定期限内".to_owned());
                paras.push(para(format!(
                    "本事项为交办事项，请{when}将办理结果连同办结报告报送本机关。"
                )));
            }
            paras.push(para(format!("附件：信访材料（编号{}）", v.number)));
        }
        NoticeKind::Acceptance => {
            paras.push(para(format!(
                "你（们）于{received}以{channel}形式反映的“{title}”一事，本机关已于{step_on}依法受理。"
            )));
            paras.push(para("根据《信访工作条例》第三十一条、第三十四条的规定，本机关将听取你（们）陈述事实和理由，进行调查核实，自受理之日起六十日内办结，并出具书面处理意见；情况复杂的，经本机关负责人批准，可以适当延长办理期限，但延长期限不超过三十日，并告知延期理由。"));
            paras.push(para("特此告知。"));
        }
        NoticeKind::NonAcceptance => {
            paras.push(para(format!(
                "你（们）于{received}以{channel}形式反映的“{title}”一事，经审查，本机关决定不予受理。"
            )));
            paras.push(labelled("理由：", n.reason.clone().unwrap_or_default()));
            paras.push(para("依据《信访工作条例》第二十三条、第三十一条的规定，请你（们）依照有关法律、行政法规规定的程序，向有权处理的机关提出，或者通过相应的法定途径解决。"));
            paras.push(para("特此告知。"));
        }
        NoticeKind::Extension => {
            let reason = n.reason.as_deref().unwrap_or("");
            let new_due = n
                .new_due_on
                .map(|d| format!("，延长后的办结期限为{}", chinese_date(d)))
                .unwrap_or_default();
            paras.push(para(format!(
                "你（们）反映的“{title}”一事，本机关已于{accepted}受理。因{reason}，经本机关负责人批准，办理期限延长{}日{new_due}。",
                v.extension_days
            )));
            paras.push(para("依据：《信访工作条例》第三十四条。"));
            paras.push(para("特此告知。"));
        }
        NoticeKind::Opinion | NoticeKind::Review | NoticeKind::Rereview => {
            if let Some(o) = decision_of(n) {
                no_findings = o.facts.is_none();
                paras.extend(decision_paras(n.kind, v, o, review_requested, upper));
            }
        }
    }
    NoticeDoc {
        issuer: n.issuer.clone(),
        number: v.number.clone(),
        title: n.title_zh(),
        to,
        paras,
        date: step_on,
        no_findings,
        anonymous: n.kind != NoticeKind::Transfer
            && v.flags.contains(&huiyin_core::case::Flag::Anonymous),
    }
}

/// The body of a 意见书: the request, the petitioner's account quoted as theirs, the office's
/// findings, its opinion, the outcome, the basis and the way to the next instance.
fn decision_paras(
    kind: NoticeKind,
    v: &huiyin_app::CaseView,
    o: &OpinionView,
    review_requested: &str,
    upper: &str,
) -> Vec<Para> {
    let title = &v.title;
    let numerals = ["一、", "二、", "三、", "四、", "五、", "六、"];
    let (intro, request, found, opinion, result) = match kind {
        NoticeKind::Opinion => (
            format!(
                "你（们）于{}反映的“{title}”一事，本机关已于{}受理。经调查核实，现将处理意见告知如下：",
                chinese_date(v.received_on),
                v.accepted_on.map(chinese_date).unwrap_or_default()
            ),
            "信访请求",
            "经调查核实认定的事实",
            "处理意见",
            "处理结果",
        ),
        NoticeKind::Review => (
            format!(
                "你（们）对“{title}”一事的信访处理意见不服，于{review_requested}申请复查。本机关经复查，现将复查意见告知如下："
            ),
            "复查请求",
            "复查认定的事实",
            "复查意见",
            "复查结果",
        ),
        _ => (
            format!(
                "你（们）对“{title}”一事的复查意见不服，于{review_requested}申请复核。本机关经复核，现将复核意见告知如下："
            ),
            "复核请求",
            "复核认定的事实",
            "复核意见",
            "复核结果",
        ),
    };
    let mut parts: Vec<(String, String)> = vec![(request.to_owned(), v.demands.clone())];
    if kind == NoticeKind::Opinion {
        parts.push((
            "信访人反映的情况".to_owned(),
            format!("信访人称：“{}”", v.content),
        ));
    }
    if let Some(facts) = &o.facts {
        parts.push((found.to_owned(), facts.clone()));
    }
    parts.push((opinion.to_owned(), o.opinion.clone()));
    parts.push((result.to_owned(), o.outcome.zh().to_owned()));
    parts.push(("法律政策依据".to_owned(), o.basis.clone()));
    let mut paras = vec![para(intro)];
    for (i, (label, text)) in parts.into_iter().enumerate() {
        let numeral = numerals.get(i).copied().unwrap_or("");
        paras.push(labelled(&format!("{numeral}{label}："), text));
    }
    paras.push(para(match kind {
        NoticeKind::Opinion => format!(
            "如对本处理意见不服，可以自收到本意见书之日起三十日内，向{upper}书面申请复查（《信访工作条例》第三十五条）。"
        ),
        NoticeKind::Review => format!(
            "如对本复查意见不服，可以自收到本意见书之日起三十日内，向{upper}书面申请复核（《信访工作条例》第三十六条）。"
        ),
        _ => "本复核意见为终结意见。信访人对复核意见不服，仍以同一事实和理由提出信访事项的，各级机关不再受理（《信访工作条例》第三十六条）。".to_owned(),
    }));
    paras
}

/// A sending as submitted (the page's form or the API's body): the day (`YYYY-MM-DD`, empty
/// for today) and how it went out.
pub fn parse_sending(
    on: Option<&str>,
    method: Option<&str>,
) -> Result<(Option<Date>, Option<ServiceMethod>), DomainError> {
    let on = match on.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(Date::parse(raw).map_err(|_| {
            DomainError::invalid("on", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD")
        })?),
    };
    let method = match method.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(ServiceMethod::parse(raw).ok_or_else(|| {
            DomainError::invalid(
                "method",
                "发送方式应为直接送达、邮寄、电子或短信（direct、post、electronic、sms）",
                "expected direct, post, electronic or sms",
            )
        })?),
    };
    Ok((on, method))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_in_official_documents() {
        let d = huiyin_core::Date::from_ymd(2026, 3, 5);
        assert_eq!(d.map(chinese_date).as_deref(), Some("2026年3月5日"));
    }

    #[test]
    fn a_sending_names_its_bad_field() {
        let e = parse_sending(Some("2026-13-40"), Some("post")).err();
        assert_eq!(e.map(|e| e.fields[0].0.clone()).as_deref(), Some("on"));
        let e = parse_sending(None, Some("pigeon")).err();
        assert_eq!(e.map(|e| e.fields[0].0.clone()).as_deref(), Some("method"));
        assert_eq!(
            parse_sending(Some(" "), Some("sms")).ok(),
            Some((None, Some(ServiceMethod::Sms)))
        );
    }
}
