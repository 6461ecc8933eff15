//! The case list's sortable column headers: each a link that sorts by its column (again:
//! the other way), with `aria-sort` and an arrow. Only the orders the store walks by an index
//! are offered (registration order, received day both ways, the deadline soonest first), so
//! the list stays fast at a million cases.

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
    asc: Option<&'static str>,
    desc: Option<&'static str>,
    first: &'static str,
}

const COLUMNS: [Column; 3] = [
    Column {
        key: "number",
        asc: Some("id"),
        desc: Some("newest"),
        first: "id",
    },
    Column {
        key: "received_on",
        asc: Some("received_asc"),
        desc: Some("received_desc"),
        first: "received_desc",
    },
    Column {
        key: "deadline",
        asc: Some("due_asc"),
        desc: None,
        first: "due_asc",
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
        _ => t.deadline,
    };
    let current = p
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("newest");
    let (aria, arrow, next) = if Some(current) == col.asc {
        ("ascending", "↑", col.desc.unwrap_or(current))
    } else if Some(current) == col.desc {
        ("descending", "↓", col.asc.unwrap_or(current))
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

/// The three sortable headers, in the table's order: number, received day, deadline.
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
        // The deadline sorts one way only (the store has no fast reverse walk).
        let h = head(&with_sort("due_asc"), "deadline", Lang::Zh).unwrap();
        assert_eq!(h.aria, "ascending");
        assert!(h.href.contains("sort=due_asc"));
        assert!(head(&ListParams::default(), "status", Lang::Zh).is_none());
        assert_eq!(heads(&ListParams::default(), Lang::En).len(), 3);
    }
}
