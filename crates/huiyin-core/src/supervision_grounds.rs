//! The grounds of a supervision order (督办事由), as data: the situations Art. 40 of the 2022
//! Regulations names, and the 2005 Regulations' list of 督办 triggers (XFTL-2005 Art. 36) that
//! offices still cite (DOMAIN.md §1.8). An order names one; the deadline scanner's automatic
//! orders name `overdue`.

use serde::Serialize;

/// One ground: its code on the wire, its words, and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SupervisionGround {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub source: &'static str,
}

/// Every ground, in the order a form offers them.
pub const GROUNDS: &[SupervisionGround] = &[
    SupervisionGround {
        code: "breach_of_rules",
        zh: "违反信访工作规定受理、办理信访事项",
        en: "Accepting or handling in breach of the rules",
        source: "《信访工作条例》第四十条",
    },
    SupervisionGround {
        code: "shirking",
        zh: "推诿、敷衍、拖延",
        en: "Shirking, perfunctory handling or delay",
        source: "《信访工作条例》第四十条；2005年《信访条例》第三十六条第（四）项",
    },
    SupervisionGround {
        code: "falsification",
        zh: "弄虚作假",
        en: "Falsification",
        source: "《信访工作条例》第四十条",
    },
    SupervisionGround {
        code: "refusing_opinion",
        zh: "拒不执行信访处理意见",
        en: "Refusing to carry out the handling opinion",
        source: "《信访工作条例》第四十条；2005年《信访条例》第三十六条第（五）项",
    },
    SupervisionGround {
        code: "overdue",
        zh: "无正当理由未按规定的办理期限办结",
        en: "Not concluded within the time limit without good reason",
        source: "2005年《信访条例》第三十六条第（一）项",
    },
    SupervisionGround {
        code: "result_not_reported",
        zh: "未按规定反馈信访事项办理结果",
        en: "Result not reported back as required",
        source: "2005年《信访条例》第三十六条第（二）项",
    },
    SupervisionGround {
        code: "wrong_procedure",
        zh: "未按规定程序办理信访事项",
        en: "Not handled by the required procedure",
        source: "2005年《信访条例》第三十六条第（三）项",
    },
    SupervisionGround {
        code: "other",
        zh: "其他需要督办的情形",
        en: "Other situations needing supervision",
        source: "2005年《信访条例》第三十六条第（六）项",
    },
];

/// The ground with this code.
pub fn ground(code: &str) -> Option<&'static SupervisionGround> {
    GROUNDS.iter().find(|g| g.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ground_has_a_unique_code_and_a_source() {
        for (i, g) in GROUNDS.iter().enumerate() {
            assert!(GROUNDS[..i].iter().all(|o| o.code != g.code), "{}", g.code);
            assert!(!g.zh.is_empty() && !g.en.is_empty() && g.source.contains('条'));
            assert_eq!(ground(g.code), Some(g));
        }
        assert_eq!(ground("nonsense"), None);
    }
}
