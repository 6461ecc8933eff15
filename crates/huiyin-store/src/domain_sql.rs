//! SQL fragments generated from the domain's rules, so that no statement restates them.

use std::sync::LazyLock;

use huiyin_core::case::terminal_statuses;

/// `('final', 'diverted', …)`: the terminal statuses ([`huiyin_core::case::Status::is_terminal`]).
pub(crate) fn terminal_list() -> &'static str {
    static LIST: LazyLock<String> = LazyLock::new(|| {
        let quoted: Vec<String> = terminal_statuses()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        format!("({})", quoted.join(", "))
    });
    LIST.as_str()
}

/// Ids of open cases after `$1`, in id order, at most `$2`.
pub(crate) fn open_case_ids_sql() -> &'static str {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT id FROM cases WHERE id > $1 AND status NOT IN {} ORDER BY id LIMIT $2",
            terminal_list()
        )
    });
    SQL.as_str()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_terminal_list_names_each_terminal_status_once() {
        let list = super::terminal_list();
        for s in huiyin_core::case::Status::ALL {
            let quoted = format!("'{}'", s.as_str());
            assert_eq!(
                list.contains(&quoted),
                s.is_terminal(),
                "{quoted} in {list}"
            );
        }
    }
}
