//! Reading the incidents' ids off the API's lists and the pages, and the figures and links
//! of the statistics page's line for a unit.

use std::collections::BTreeSet;

use serde_json::Value;

pub(super) fn api_ids(v: &Value) -> BTreeSet<i64> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

pub(super) fn page_ids(html: &str) -> BTreeSet<i64> {
    html.split("data-incident=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect()
}

/// The figures of the page's line for `unit` (`data-unit`): (key, n, link).
pub(super) fn page_line(html: &str, unit: i64) -> Vec<(String, i64, Option<String>)> {
    let start = html
        .find(&format!("data-unit=\"{unit}\""))
        .unwrap_or_else(|| panic!("no line for {unit}"));
    let line = &html[start..start + html[start..].find("</tr>").unwrap()];
    line.split("data-figure=\"")
        .skip(1)
        .map(|cell| {
            let key = cell.split('"').next().unwrap().to_owned();
            let n = cell.split("data-n=\"").nth(1).unwrap().split('"').next();
            let href = cell.split("href=\"").nth(1).map(|h| {
                h.split('"')
                    .next()
                    .unwrap()
                    .replace("&#38;", "&")
                    .replace("&amp;", "&")
            });
            (key, n.unwrap().parse().unwrap(), href)
        })
        .collect()
}
