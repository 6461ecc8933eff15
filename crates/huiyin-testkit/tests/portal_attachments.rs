//! Attachments on the online petition: up to 3 PNG/JPEG/PDF files of 5 MiB (by content),
//! stored sealed with the case; clear Chinese messages otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-fake-image";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF";

fn b64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let v = u32::from(chunk[0]) << 16
            | u32::from(*chunk.get(1).unwrap_or(&0)) << 8
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= n {
                out.push(A[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn petition(unit: i64, files: Value) -> Value {
    json!({
        "petition_type": "appeal",
        "category": "fees",
        "concerned_unit_id": unit,
        "title": "反映学校违规收取资料费",
        "content": "孩子所在班级每学期收取资料费500元，未公示收费依据。收据见附件。",
        "demands": "请核查并退还不合理收费",
        "petitioners": [{"name": "李秀英"}],
        "contact_phone": "13912345678",
        "consent_privacy": true,
        "attachments": files
    })
}

async fn submit(t: &TestApp, body: &Value) -> (u16, Value) {
    t.post_json("/api/v1/public/petitions", None, body).await
}

#[tokio::test]
async fn files_are_stored_with_the_case_and_bad_ones_refused_in_chinese() {
    let t = spawn_app().await;
    let unit = t.units.school;

    // Wrong type by content (a GIF, and a script named .pdf), an empty file, not base64.
    let (status, v) = submit(
        &t,
        &petition(
            unit,
            json!([
                {"filename": "a.gif", "content_base64": b64(b"GIF89a....")},
                {"filename": "收据.pdf", "content_base64": b64(b"<script>alert(1)</script>")},
                {"filename": "空.png", "content_base64": ""}
            ]),
        ),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    let text = v.to_string();
    assert!(text.contains("不是PNG、JPEG图片或PDF文件"), "{text}");
    assert!(text.contains("收据.pdf"), "{text}");
    assert!(text.contains("是空文件"), "{text}");
    let (status, v) = submit(
        &t,
        &petition(
            unit,
            json!([{"filename": "x.png", "content_base64": "%%%"}]),
        ),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("base64"), "{v}");

    // Too many, too large.
    let four: Vec<Value> = (0..4)
        .map(|i| json!({"filename": format!("{i}.png"), "content_base64": b64(PNG)}))
        .collect();
    let (status, v) = submit(&t, &petition(unit, json!(four))).await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("最多上传3个附件"), "{v}");
    let mut big = PDF.to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let (status, v) = submit(
        &t,
        &petition(
            unit,
            json!([{"filename": "big.pdf", "content_base64": b64(&big)}]),
        ),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("超过5MB"), "{v}");

    // Nothing was registered by the refused submissions.
    let county = t.token("county").await;
    assert_eq!(t.list(&county, "").await["total"], 0);

    // Two good files (one near the limit): stored with the case, type from the bytes.
    let mut large = PNG.to_vec();
    large.resize(5 * 1024 * 1024, 0);
    let (status, v) = submit(
        &t,
        &petition(
            unit,
            json!([
                {"filename": "C:\\scans\\收据.png", "content_base64": b64(&large)},
                {"filename": "告知书.pdf", "content_base64": b64(PDF)}
            ]),
        ),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    let list = t.list(&county, "").await;
    assert_eq!(list["total"], 1, "{list}");
    let id = list["items"][0]["id"].as_i64().unwrap();
    let files = t.app.store_for_tests().attachments_of(id).await.unwrap();
    let summary: Vec<(&str, &str, i64)> = files
        .iter()
        .map(|f| (f.filename.as_str(), f.content_type.as_str(), f.size))
        .collect();
    assert_eq!(
        summary,
        [
            ("收据.png", "image/png", 5 * 1024 * 1024),
            ("告知书.pdf", "application/pdf", PDF.len() as i64)
        ]
    );
    let (_, bytes) = t
        .app
        .store_for_tests()
        .attachment(id, files[1].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bytes, PDF);
}

const BOUNDARY: &str = "----huiyin-portal-test-Q2x9";

/// A `multipart/form-data` body of text fields and (filename, bytes) files named `attachments`.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_page(t: &TestApp, origin: Option<&str>, body: Vec<u8>) -> (u16, String) {
    let mut req = reqwest::Client::new()
        .post(t.url("/public/submit"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body);
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_html_form_takes_files_as_multipart() {
    let t = spawn_app().await;
    let unit = t.units.school.to_string();

    // The form offers a labelled file field and posts multipart.
    let html = reqwest::get(t.url("/public/submit"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");
    assert!(
        html.contains(
            "<input id=\"f-files\" type=\"file\" name=\"attachments\" multiple accept=\".png,.jpg,.jpeg,.pdf\">"
        ),
        "{html}"
    );
    assert!(html.contains("<label for=\"f-files\">"), "{html}");
    assert!(html.contains("最多3个文件，每个不超过5MB"), "{html}");

    let fields = |idem: &'static str| {
        vec![
            ("idem", idem),
            ("petition_type", "appeal"),
            ("category", "fees"),
            ("concerned_unit_id", unit.as_str()),
            ("title", "反映学校违规收取资料费"),
            (
                "content",
                "孩子所在班级每学期收取资料费500元，未公示收费依据。收据见附件。",
            ),
            ("demands", "请核查并退还不合理收费"),
            ("name", "李秀英"),
            ("contact_phone", "13912345678"),
            ("consent_privacy", "1"),
        ]
    };

    // A cross-site multipart post is refused before anything is read.
    let (status, _) = post_page(
        &t,
        Some("http://evil.example"),
        multipart(
            &fields("0123456789abcdef0123456789abcdef"),
            &[("a.png", PNG)],
        ),
    )
    .await;
    assert_eq!(status, 403);

    // A file of the wrong type: the form again, with the Chinese message on the field.
    let (status, html) = post_page(
        &t,
        None,
        multipart(
            &fields("1123456789abcdef0123456789abcdef"),
            &[("说明.pdf", b"<script>alert(1)</script>")],
        ),
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("data-testid=\"attachments-error\""), "{html}");
    assert!(
        html.contains("附件“说明.pdf”不是PNG、JPEG图片或PDF文件"),
        "{html}"
    );
    assert!(html.contains("请重新选择附件"), "{html}");
    let county = t.token("county").await;
    assert_eq!(t.list(&county, "").await["total"], 0);

    // A small PNG: registered, and the case has the file.
    let (status, html) = post_page(
        &t,
        Some(&t.address),
        multipart(
            &fields("2123456789abcdef0123456789abcdef"),
            &[("收据.png", PNG)],
        ),
    )
    .await;
    assert_eq!(status, 200, "{html}");
    let list = t.list(&county, "").await;
    assert_eq!(list["total"], 1, "{list}");
    let id = list["items"][0]["id"].as_i64().unwrap();
    let files = t.app.store_for_tests().attachments_of(id).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].filename, "收据.png");
    assert_eq!(files[0].content_type, "image/png");
    let (_, bytes) = t
        .app
        .store_for_tests()
        .attachment(id, files[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bytes, PNG);
}
