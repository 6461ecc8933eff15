//! The small closed vocabularies of petition work: channels, types, outcomes, grades.
//!
//! Each has a stable wire name (CONTRACT.md) and a Chinese label.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $wire)] $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The stable name used in the API and the database.
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $($name::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $($name::$variant => $en,)+ } }
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

vocabulary! {
    /// How a petition arrived (信访渠道), XFGZTL-2022 Art. 17.
    Channel {
        Letter => "letter", "来信", "Letter";
        JointLetter => "joint_letter", "联名信", "Joint letter";
        Visit => "visit", "来访", "Visit";
        Online => "online", "网上信访", "Online";
        Phone => "phone", "来电", "Phone";
        Fax => "fax", "传真", "Fax";
        Email => "email", "电子邮件", "Email";
        Hotline => "hotline", "12345热线转办", "Hotline transfer";
    }
}

vocabulary! {
    /// The three petition types of XFGZTL-2022 Arts. 29–31.
    PetitionType {
        Suggestion => "suggestion", "建议意见类", "Suggestion";
        Accusation => "accusation", "检举控告类", "Report / accusation";
        Appeal => "appeal", "申诉求决类", "Appeal / request";
    }
}

vocabulary! {
    /// The three outcomes of a 信访处理意见书 (Art. 32).
    Outcome {
        Supported => "supported", "予以支持", "Supported";
        Explained => "explained", "作出解释说明", "Explained";
        NotSupported => "not_supported", "不予支持", "Not supported";
    }
}

vocabulary! {
    /// Satisfaction grades (国信发〔2022〕11号 practice; DOMAIN.md §6 marks them unconfirmed).
    Grade {
        Satisfied => "satisfied", "满意", "Satisfied";
        BasicallySatisfied => "basically_satisfied", "基本满意", "Basically satisfied";
        Dissatisfied => "dissatisfied", "不满意", "Dissatisfied";
    }
}

vocabulary! {
    /// Legal procedures an 申诉求决 matter is diverted into (Art. 31 routes 1–4), with the
    /// education-specific statutory routes of DOMAIN.md §2.
    DiversionProcedure {
        Litigation => "litigation", "诉讼", "Litigation";
        Arbitration => "arbitration", "仲裁", "Arbitration";
        AdministrativeReconsideration => "administrative_reconsideration", "行政复议", "Administrative reconsideration";
        PartyAppeal => "party_appeal", "党员申诉或申请复审", "Party-member appeal / re-examination";
        AdministrativeProcedure => "administrative_procedure", "行政裁决、确认、许可、处罚等行政程序", "Other administrative procedure";
        TeacherAppeal => "teacher_appeal", "教师申诉", "Teacher appeal (教师法 Art. 39)";
        StudentAppeal => "student_appeal", "学生申诉", "Student appeal (教育法 Art. 43)";
        DegreeReview => "degree_review", "学位复核", "Degree re-check (学位法 Arts. 40–41)";
        PersonnelArbitration => "personnel_arbitration", "人事争议仲裁", "Personnel dispute arbitration";
    }
}

vocabulary! {
    /// How a written decision reached the petitioner (送达, DOMAIN.md §14): the 复查 and 复核
    /// windows count from that day (XFGZTL-2022 Arts. 35–36).
    ServiceMethod {
        Direct => "direct", "直接送达", "Direct delivery";
        Post => "post", "邮寄送达", "By post";
        Electronic => "electronic", "电子送达", "Electronic delivery";
        Sms => "sms", "短信送达", "By SMS";
    }
}

vocabulary! {
    /// What a statistics breakdown (`GET /api/v1/stats/breakdown?by=`) counts petitions by
    /// (issue 16 item 1). `unit` is the unit complained about (被反映单位), `region` the unit
    /// directly below the reader's scope that holds it, `outcome` the last written decision.
    BreakdownBy {
        Month => "month", "按月份", "By month";
        Category => "category", "按问题分类", "By category";
        Field => "field", "按涉及领域", "By field (top-level category)";
        Region => "region", "按地区", "By region";
        Unit => "unit", "按被反映单位", "By unit complained about";
        HandlingUnit => "handling_unit", "按承办单位", "By handling unit";
        Channel => "channel", "按信访渠道", "By channel";
        Type => "type", "按信访类型", "By petition type";
        Outcome => "outcome", "按处理结果", "By outcome";
        Stage => "stage", "按办理环节", "By stage";
    }
}
