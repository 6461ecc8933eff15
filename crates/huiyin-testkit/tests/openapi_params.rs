//! The OpenAPI document's parameters say where they go: every `in: path` parameter is a
//! `{name}` of its path (and every `{name}` has one), so generated clients and schemathesis
//! build real requests; the list filters are `in: query`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::spawn_app;
use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The `{name}` segments of a path template.
fn templated(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Every (path, method, parameter) of the document, path-level parameters included.
fn parameters(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let own = op["parameters"].as_array().cloned().unwrap_or_default();
            for p in shared.iter().chain(own.iter()) {
                out.push((path.clone(), method.to_owned(), p.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn path_parameters_are_in_their_paths_and_filters_in_the_query() {
    let t = spawn_app().await;
    let (status, doc) = t.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    let params = parameters(&doc);
    assert!(params.len() > 20, "the document declares parameters");

    // Every `in: path` parameter names a `{segment}` of its path.
    let mut misplaced = Vec::new();
    for (path, method, p) in &params {
        let name = p["name"].as_str().unwrap();
        if p["in"] == "path" && !templated(path).iter().any(|n| n == name) {
            misplaced.push(format!("{method} {path}: {name}"));
        }
    }
    assert!(
        misplaced.is_empty(),
        "declared in: path but not in the path: {misplaced:#?}"
    );

    // Every `{segment}` of a path is declared as a path parameter of each operation.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            for name in templated(path) {
                assert!(
                    params.iter().any(|(p, m, v)| p == path
                        && m == method
                        && v["in"] == "path"
                        && v["name"] == name.as_str()),
                    "{method} {path}: {{{name}}} is not declared"
                );
            }
        }
    }

    // The filters of the lists are query parameters.
    for (path, name) in [
        ("/api/v1/audit", "username"),
        ("/api/v1/audit", "page"),
        ("/api/v1/cases", "q"),
        ("/api/v1/cases", "per_page"),
        ("/api/v1/calendar/deadline", "start"),
        ("/api/v1/stats/rates", "unit_id"),
    ] {
        let found = params
            .iter()
            .find(|(p, m, v)| p == path && m == "get" && v["name"] == name)
            .unwrap_or_else(|| panic!("{path} declares {name}"));
        assert_eq!(found.2["in"], "query", "{path} {name}");
    }
}
