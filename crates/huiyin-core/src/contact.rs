//! A staff member's work contacts for notifications (issue 17 item 3): a mainland mobile
//! number for SMS, an e-mail address for e-mail. Pure checks; the store seals the values.

/// A mainland mobile number as the SMS gateway takes it (`13800138000`): 11 digits starting
/// with 1 and 3-9, after dropping spaces, dashes and a leading `+86`/`86`; `None` otherwise.
pub fn normalise_mobile(input: &str) -> Option<String> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| {
            (digits.len() == 13)
                .then(|| digits.strip_prefix("86"))
                .flatten()
        })
        .unwrap_or(&digits);
    let ok = digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.starts_with('1')
        && matches!(digits.as_bytes().get(1), Some(b'3'..=b'9'));
    ok.then(|| digits.to_owned())
}

/// An e-mail address as an SMTP envelope takes it: one `@`, a local part and a domain with a
/// dot, no spaces, angle brackets, quotes or control characters, at most 254 characters.
pub fn email_ok(input: &str) -> bool {
    let Some((local, domain)) = input.split_once('@') else {
        return false;
    };
    let clean = |s: &str| {
        !s.is_empty()
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:@[]\\".contains(c))
    };
    input.chars().count() <= 254
        && clean(local)
        && clean(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_normalise_or_are_refused() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+8613800138000",
            "8613800138000",
        ] {
            assert_eq!(normalise_mobile(ok).as_deref(), Some("13800138000"), "{ok}");
        }
        for bad in [
            "",
            "1380013800",
            "138001380000",
            "12800138000",
            "23800138000",
            "1380013800x",
            "010-12345678",
        ] {
            assert_eq!(normalise_mobile(bad), None, "{bad}");
        }
    }

    #[test]
    fn email_addresses_are_checked() {
        for ok in ["wang@edu.example.cn", "xf.office+1@example.org"] {
            assert!(email_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "wang",
            "wang@",
            "@example.cn",
            "wang@example",
            "a b@example.cn",
            "a@b@example.cn",
            "<a@example.cn>",
            "a@example.cn.",
            "a@.example.cn",
        ] {
            assert!(!email_ok(bad), "{bad}");
        }
    }
}
