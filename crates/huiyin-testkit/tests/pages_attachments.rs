//! Attachments over plain HTTP: files sent with the registration form and from the case page,
//! types sniffed from the bytes, size limit, encrypted at rest, downloads with the sniffed
//! type as attachments, visible exactly to those who may see the case.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{client, csrf_of, sign_in};
use huiyin_testkit::{TestApp, letter, spawn_app};

const BOUNDARY: &str = "----huiyin-test-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body of text fields and (name, filename, bytes) files.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (k, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_multipart(t: &TestApp, cookie: &str, path: &str, body: Vec<u8>) -> reqwest::Response {
    client()
        .post(t.url(path))
        .header("cookie", cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn get(t: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    client()
        .get(t.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend((0..5000u32).map(|i| (i % 251) as u8));
    b
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec()
}

/// The attachment links of a case page: (href, filename).
fn links(html: &str) -> Vec<(String, String)> {
    html.split("<a href=\"")
        .skip(1)
        .filter(|s| s.contains("/attachments/"))
        .map(|s| {
            let href = s.split('"').next().unwrap().to_owned();
            let name = s
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned();
            (href, name)
        })
        .collect()
}

#[tokio::test]
async fn files_come_with_the_registration_and_download_as_sent() {
    let t = spawn_app().await;
    let cookie = sign_in(&t, "registrar").await;
    let html = get(&t, &cookie, "/register/letter")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains("type=\"file\""));
    let csrf = csrf_of(&html);
    let school = t.units.school.to_string();
    let fields = [
        ("_csrf", csrf.as_str()),
        ("received_on", "2026-06-30"),
        ("petition_type", "appeal"),
        ("category", "fees"),
        ("concerned_unit_id", school.as_str()),
        ("p0_name", "张伟"),
        ("title", "反映收费问题"),
        ("content", "来信一封，附收据照片。"),
        ("demands", "退费"),
    ];
    let (png, pdf) = (png(), pdf());
    // An executable named like a scan is refused by its bytes; nothing is registered.
    let before = t.list(&t.token("registrar").await, "").await["total"].clone();
    let bad = post_multipart(
        &t,
        &cookie,
        "/register/letter",
        multipart(&fields, &[("files", "收据.png", b"MZ\x90\0 not an image")]),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    assert!(
        body.contains("只接受PNG、JPEG、GIF、WebP图片或PDF文件"),
        "{body}"
    );
    assert!(body.contains("来信一封，附收据照片。"), "typed text kept");
    assert_eq!(
        t.list(&t.token("registrar").await, "").await["total"],
        before
    );
    let ok = post_multipart(
        &t,
        &cookie,
        "/register/letter",
        multipart(
            &fields,
            &[
                ("files", "C:\\扫描\\收据 照片.png", &png),
                ("files", "来信.pdf", &pdf),
                ("files", "", b""),
            ],
        ),
    )
    .await;
    assert_eq!(ok.status(), 303);
    let location = ok.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location
        .trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = get(&t, &cookie, &format!("/cases/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let found = links(&page);
    assert_eq!(
        found.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        ["收据 照片.png", "来信.pdf"],
        "path stripped, empty file input dropped"
    );
    let res = get(&t, &cookie, &found[0].0).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    let cd = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cd.starts_with("attachment;") && cd.contains("filename*=UTF-8''%E6%94%B6"),
        "{cd}"
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().to_vec(), png);
    let res = get(&t, &cookie, &found[1].0).await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);

    // At rest the file is sealed: a store without the keys cannot read it.
    let aid: i64 = found[0].0.rsplit('/').next().unwrap().parse().unwrap();
    let bare = huiyin_store::Store::connect(&t.app.store_for_tests().url_for_tests())
        .await
        .unwrap();
    let err = bare.attachment(id, aid).await.unwrap_err();
    assert!(err.to_string().contains("encrypted"), "{err}");
}

#[tokio::test]
async fn case_page_uploads_are_checked_and_visible_only_with_the_case() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let case = t
        .register(&token, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let cookie = sign_in(&t, "registrar").await;
    let html = get(&t, &cookie, &format!("/cases/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("暂无附件") && html.contains(&format!("action=\"/cases/{id}/attachments\""))
    );
    let csrf = csrf_of(&html);
    let path = format!("/cases/{id}/attachments");
    // Without the CSRF token: refused.
    let res = post_multipart(
        &t,
        &cookie,
        &path,
        multipart(&[], &[("files", "a.png", &png())]),
    )
    .await;
    assert_eq!(res.status(), 403);
    // Larger than 10 MiB: refused (the 2 MiB limit of other routes does not apply here).
    let mut big = png();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let res = post_multipart(
        &t,
        &cookie,
        &path,
        multipart(&[("_csrf", &csrf)], &[("files", "big.png", &big)]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("data-testid=\"errors\"") && body.contains("附件：big.png：文件超过10MB"),
        "shown on the case page"
    );
    assert!(body.contains(case["number"].as_str().unwrap()));
    // HTML named as a picture: refused.
    let res = post_multipart(
        &t,
        &cookie,
        &path,
        multipart(
            &[("_csrf", &csrf)],
            &[("files", "x.jpg", b"<script>alert(1)</script>")],
        ),
    )
    .await;
    assert_eq!(res.status(), 422);
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&[0; 64]);
    let mut webp = b"RIFF\x20\0\0\0WEBPVP8 ".to_vec();
    webp.extend_from_slice(&[0; 64]);
    let mut jpeg = b"\xff\xd8\xff\xe0".to_vec();
    jpeg.extend_from_slice(&[0; 64]);
    let res = post_multipart(
        &t,
        &cookie,
        &path,
        multipart(
            &[("_csrf", &csrf)],
            &[
                ("files", "图&说明.gif", &gif),
                ("files", "b.webp", &webp),
                ("files", "c.jpeg", &jpeg),
            ],
        ),
    )
    .await;
    assert_eq!(res.status(), 303);
    let page = get(&t, &cookie, &format!("/cases/{id}?done=attach"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("附件已上传"));
    assert!(
        !page.contains("图&说明") && (page.contains("图&#38;说明") || page.contains("图&amp;说明")),
        "names are text"
    );
    let found = links(&page);
    assert_eq!(found.len(), 3);
    for (href, ty) in found.iter().zip(["image/gif", "image/webp", "image/jpeg"]) {
        let res = get(&t, &cookie, &href.0).await;
        assert_eq!(res.headers()["content-type"], ty);
    }
    // Someone who may not see the case gets "not found", for the page and the file alike.
    let other = sign_in(&t, "sibling").await;
    assert_eq!(get(&t, &other, &format!("/cases/{id}")).await.status(), 404);
    assert_eq!(get(&t, &other, &found[0].0).await.status(), 404);
    // An attachment id of another case does not open through this one.
    let case2 = t
        .register(&token, &letter(t.units.school, "2026-06-29"))
        .await;
    let id2 = case2["id"].as_i64().unwrap();
    let aid = found[0].0.rsplit('/').next().unwrap();
    assert_eq!(
        get(&t, &cookie, &format!("/cases/{id2}/attachments/{aid}"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn rotated_keys_reseal_attachments() {
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let case = t
        .register(&token, &letter(t.units.school, "2026-06-29"))
        .await;
    let id = case["id"].as_i64().unwrap();
    let clerk = t.app.authenticate(&token).await.unwrap();
    let file = pdf();
    let meta = t
        .app
        .add_attachment(&clerk, id, "来信.pdf", &file)
        .await
        .unwrap();
    let mut next = (*t.app.store_for_tests().keys().unwrap().ring()).clone();
    next.rotate(huiyin_crypto::Algorithm::Sm4Gcm).unwrap();
    let rotated = huiyin_store::Store::connect(&t.app.store_for_tests().url_for_tests())
        .await
        .unwrap()
        .with_keys(std::sync::Arc::new(huiyin_store::KeySource::new(
            next, None,
        )));
    let (last, changed) = rotated.reseal_attachments(0, 10).await.unwrap().unwrap();
    assert_eq!((last, changed), (meta.id, 1));
    assert_eq!(
        rotated.reseal_attachments(0, 10).await.unwrap(),
        Some((meta.id, 0))
    );
    assert_eq!(rotated.reseal_attachments(last, 10).await.unwrap(), None);
    let (_, bytes) = rotated.attachment(id, meta.id).await.unwrap().unwrap();
    assert_eq!(bytes, file);
    // The server's ring never saw the new key (and has no key file to reload): sealed anew.
    assert!(
        t.app
            .store_for_tests()
            .attachment(id, meta.id)
            .await
            .is_err()
    );
}
