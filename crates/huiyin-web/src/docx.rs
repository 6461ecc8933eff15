//! A notice as an editable Word document (.docx, Office Open XML WordprocessingML): the same
//! [`NoticeDoc`] the printed page lays out, on A4 with the margins and type of official
//! documents (GB/T 9704-2012: title in 小标宋 二号, body in 仿宋 三号, two characters' first-line
//! indent, issuer and date at the right). Three parts are all Word, WPS and LibreOffice need.

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use crate::notice_doc::NoticeDoc;

/// The media type of a .docx file.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

pub(crate) const TITLE_FONT: &str = "方正小标宋简体";
pub(crate) const BODY_FONT: &str = "仿宋_GB2312";
pub(crate) const LABEL_FONT: &str = "黑体";

/// Text as XML character data.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold (control characters other than tab and newline).
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// One run of text in `font` at `half_points` (Word's unit of size), bold or red if asked.
pub(crate) fn run(text: &str, font: &str, half_points: u32, bold: bool, red: bool) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}"/>{}{}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        if bold { "<w:b/>" } else { "" },
        if red {
            r#"<w:color w:val="E60000"/>"#
        } else {
            ""
        },
        escape(text)
    )
}

/// A paragraph: `jc` its alignment (left, center, right), `indent` a first-line indent of two
/// characters, `extra` more paragraph properties.
pub(crate) fn paragraph(jc: &str, indent: bool, extra: &str, runs: &str) -> String {
    format!(
        r#"<w:p><w:pPr>{extra}<w:spacing w:line="560" w:lineRule="exact"/>{}<w:jc w:val="{jc}"/></w:pPr>{runs}</w:p>"#,
        if indent {
            r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#
        } else {
            ""
        }
    )
}

/// The document part.
fn document_xml(doc: &NoticeDoc) -> String {
    const BODY: u32 = 32; // 三号, 16 pt
    const TITLE: u32 = 44; // 二号, 22 pt
    let mut body = String::new();
    body.push_str(&paragraph(
        "center",
        false,
        "",
        &run(&doc.issuer, TITLE_FONT, TITLE, false, true),
    ));
    // The red rule under the issuer's mark.
    body.push_str(&paragraph(
        "center",
        false,
        r#"<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="1" w:color="E60000"/></w:pBdr>"#,
        "",
    ));
    body.push_str(&paragraph(
        "center",
        false,
        "",
        &run(
            &format!("编号：{}", doc.number),
            BODY_FONT,
            BODY,
            false,
            false,
        ),
    ));
    body.push_str(&paragraph(
        "center",
        false,
        "",
        &run(doc.title, TITLE_FONT, TITLE, false, false),
    ));
    body.push_str(&paragraph(
        "left",
        false,
        "",
        &run(&format!("{}：", doc.to), BODY_FONT, BODY, false, false),
    ));
    for p in &doc.paras {
        let mut runs = String::new();
        if !p.label.is_empty() {
            runs.push_str(&run(&p.label, LABEL_FONT, BODY, false, false));
        }
        runs.push_str(&run(&p.text, BODY_FONT, BODY, false, false));
        body.push_str(&paragraph("both", true, "", &runs));
    }
    body.push_str(&paragraph("left", false, "", ""));
    for line in [&doc.issuer, &doc.date] {
        body.push_str(&paragraph(
            "right",
            false,
            "",
            &run(line, BODY_FONT, BODY, false, false),
        ));
    }
    // A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (in twentieths of a point).
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

/// The notice as a .docx file.
pub fn notice_docx(doc: &NoticeDoc) -> zip::result::ZipResult<Vec<u8>> {
    package(document_xml(doc))
}

/// A .docx file of one document part (`word/document.xml`).
pub(crate) fn package(document: String) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", RELS.to_owned()),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::notice_doc::Para;

    fn doc(text: &str) -> NoticeDoc {
        NoticeDoc {
            issuer: "某县教育局".into(),
            number: "XF-1".into(),
            title: "受理告知书",
            to: "张三".into(),
            paras: vec![Para {
                label: "理由：".into(),
                text: text.into(),
            }],
            date: "2026年12月3日".into(),
            no_findings: false,
            anonymous: false,
        }
    }

    fn document_of(bytes: Vec<u8>) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .expect("the document part")
            .read_to_string(&mut xml)
            .expect("UTF-8");
        assert!(zip.by_name("[Content_Types].xml").is_ok());
        assert!(zip.by_name("_rels/.rels").is_ok());
        xml
    }

    #[test]
    fn the_document_holds_every_paragraph_with_markup_escaped() {
        let bytes = notice_docx(&doc("<b>收费</b> & “资料费”\u{1}")).expect("written");
        let xml = document_of(bytes);
        assert!(xml.contains("受理告知书") && xml.contains("张三：") && xml.contains("理由："));
        assert!(
            xml.contains("&lt;b&gt;收费&lt;/b&gt; &amp; “资料费”"),
            "{xml}"
        );
        assert!(!xml.contains("<b>") && !xml.contains('\u{1}'));
        assert!(xml.contains("2026年12月3日") && xml.contains("编号：XF-1"));
    }
}
