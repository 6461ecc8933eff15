//! The case list's sortable column headers: each a link that sorts by its column (again:
//! the other way), with `aria-sort` and an arrow. Every order is one the store reads from an
//! index of `case_scope` without sorting every match (registration order and received day
//! walked either way; the deadline either way and the status either way merged from index
//! ranges in the page's order, `search_merge.rs`), so the list stays fast at a million cases.

use super::i18n::{msgs, pick};
use super::list::ListParams;
use crate::error::Lang;

/// One column header of the list.
pub struct SortHead {
    pub label: &'static str,
    /// The list's link sorted by this column (the current filters kept, back to page 1).
    pub href: String,
    /// `ascending`, `descending` or `none`.
    pub aria: &'static str,
    /// `↑`, `↓`, or nothing when the list is not sorted by this column.
    pub arrow: &'static str,
    pub title: String,
}

/// A sortable column: its key, ascending and descending wire sorts, and the first click's.
struct Column {
    key: &'static str,
    asc: &'static str,
    desc: &'static str,
    first: &'static str,
}

const COLUMNS: [Column; 4] = [
    Column {
        key: "number",
        asc: "id",
        desc: "newest",
        first: "id",
    },
    Column {
        key: "received_on",
        asc: "received_asc",
        desc: "received_desc",
        first: "received_desc",
    },
    Column {
        key: "deadline",
        asc: "due_asc",
        desc: "due_desc",
        first: "due_asc",
    },
    Column {
        key: "status",
        asc: "status_asc",
        desc: "status_desc",
        first: "status_asc",
    },
];

/// The header of column `key` for the list `p` (the default order is registration, newest
/// first). `None` for a column without a sort.
pub fn head(p: &ListParams, key: &str, lang: Lang) -> Option<SortHead> {
    let col = COLUMNS.iter().find(|c| c.key == key)?;
    let t = msgs(lang);
    let label = match key {
        "number" => t.number,
        "received_on" => t.received_on,
        "status" => t.status,
        _ => t.deadline,
    };
    let current = p
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("newest");
    let (aria, arrow, next) = if current == col.asc {
        ("ascending", "↑", col.desc)
    } else if current == col.desc {
        ("descending", "↓", col.asc)
    } else {
        ("none", "", col.first)
    };
    let mut q = p.clone();
    q.sort = Some(next.to_owned());
    q.page = None;
    let title = match next {
        "id" => pick(
            lang,
            "按登记先后排序（旧→新）",
            "Sort oldest registered first",
        ),
        "newest" => pick(
            lang,
            "按登记先后排序（新→旧）",
            "Sort newest registered first",
        ),
        "received_asc" => pick(
            lang,
            "按收件日期排序（早→晚）",
            "Sort by received day, earliest first",
        ),
        "received_desc" => pick(
            lang,
            "按收件日期排序（晚→早）",
            "Sort by received day, latest first",
        ),
        "due_desc" => pick(
            lang,
            "按期限排序（远→近，无期限的在后）",
            "Sort by deadline, latest first (none last)",
        ),
        "status_asc" => pick(
            lang,
            "按办理状态排序（登记→办结）",
            "Sort by status, registered first",
        ),
        "status_desc" => pick(
            lang,
            "按办理状态排序（办结→登记）",
            "Sort by status, concluded first",
        ),
        _ => pick(
            lang,
            "按期限排序（近→远）",
            "Sort by deadline, soonest first",
        ),
    };
    Some(SortHead {
        label,
        href: format!("/cases?{}", q.query_string()),
        aria,
        arrow,
        title: title.to_owned(),
    })
}

/// The sortable headers: number, received day, deadline, status (the template places each).
pub fn heads(p: &ListParams, lang: Lang) -> Vec<SortHead> {
    COLUMNS
        .iter()
        .filter_map(|c| head(p, c.key, lang))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn with_sort(s: &str) -> ListParams {
        ListParams {
            sort: Some(s.to_owned()),
            q: Some("作业".to_owned()),
            page: Some("3".to_owned()),
            ..ListParams::default()
        }
    }

    #[test]
    fn a_header_toggles_its_column_and_keeps_the_filters() {
        let h = head(&with_sort("received_desc"), "received_on", Lang::Zh).unwrap();
        assert_eq!((h.aria, h.arrow), ("descending", "↓"));
        assert!(h.href.contains("sort=received_asc"), "{}", h.href);
        assert!(h.href.contains("q=") && !h.href.contains("page=3"));
        let h = head(&with_sort("received_asc"), "received_on", Lang::Zh).unwrap();
        assert_eq!(h.aria, "ascending");
        assert!(h.href.contains("sort=received_desc"));
        // Another column's sort: this one is not sorted, its first click sorts it.
        let h = head(&with_sort("due_asc"), "number", Lang::Zh).unwrap();
        assert_eq!((h.aria, h.arrow), ("none", ""));
        assert!(h.href.contains("sort=id"));
        // The default order is registration, newest first.
        let h = head(&ListParams::default(), "number", Lang::Zh).unwrap();
        assert_eq!(h.aria, "descending");
        // The deadline and the status sort both ways.
        let h = head(&with_sort("due_asc"), "deadline", Lang::Zh).unwrap();
        assert_eq!(h.aria, "ascending");
        assert!(h.href.contains("sort=due_desc"));
        let h = head(&with_sort("due_desc"), "deadline", Lang::Zh).unwrap();
        assert_eq!((h.aria, h.arrow), ("descending", "↓"));
        assert!(h.href.contains("sort=due_asc"));
        let h = head(&ListParams::default(), "status", Lang::Zh).unwrap();
        assert_eq!(h.aria, "none");
        assert!(h.href.contains("sort=status_asc"));
        let h = head(&with_sort("status_asc"), "status", Lang::Zh).unwrap();
        assert!(h.href.contains("sort=status_desc"));
        assert!(head(&ListParams::default(), "title", Lang::Zh).is_none());
        assert_eq!(heads(&ListParams::default(), Lang::En).len(), 4);
    }
}
