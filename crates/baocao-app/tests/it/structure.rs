//! The built report's structure: header, section 1's generated sentence and its footnote,
//! the key tasks, the recipients and the signature.

use baocao_report::model::{Block, Inline};

use crate::helpers::{april_report, example_db};

/// Section 1's paragraph, the block after the heading "1.".
fn section_one(body: &[Block]) -> &[Inline] {
    let heading = body
        .iter()
        .position(|b| matches!(b, Block::Heading { number, .. } if number == "1."))
        .expect("heading 1.");
    match &body[heading + 1] {
        Block::Paragraph(inlines) => inlines,
        other => panic!("section 1 starts with a paragraph, found {other:?}"),
    }
}

#[tokio::test]
async fn header_and_title_follow_nghi_dinh_30() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    assert_eq!(built.warnings, Vec::<String>::new(), "no warnings");
    let doc = &built.document;
    let h = &doc.header;
    assert_eq!(h.governing_body, "UBND TỈNH NINH THUẬN");
    assert_eq!(h.issuing_body, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
    assert_eq!(h.number_line, "Số:      /BC-STTTT", "a draft has no number");
    assert_eq!(h.national_title, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(h.motto, "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(h.place_date, "Ninh Thuận, ngày 14 tháng 4 năm 2023");
    assert_eq!(doc.title, "BÁO CÁO");
    assert_eq!(
        doc.abstract_lines.join(" "),
        "Tình hình thực hiện nhiệm vụ tháng 4/2023 và kế hoạch thực hiện nhiệm vụ trọng tâm tháng 5/2023",
        "the seed's title"
    );
}

#[tokio::test]
async fn headings_are_the_seeds_sections_in_order() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let headings: Vec<(u8, &str, &str)> = built
        .document
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level,
                number,
                text,
            } => Some((*level, number.as_str(), text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        vec![
            (1, "I.", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 4/2023"),
            (2, "1.", "Công tác tham mưu với Ủy ban nhân dân tỉnh"),
            (
                2,
                "2.",
                "Kết quả thực hiện nhiệm vụ cụ thể trên từng lĩnh vực"
            ),
            (3, "2.1.", "Công tác lãnh đạo, chỉ đạo thực hiện nhiệm vụ"),
            (3, "2.2.", "Lĩnh vực Công nghệ thông tin"),
            (3, "2.3.", "Lĩnh vực bưu chính, viễn thông"),
            (3, "2.4.", "Lĩnh vực Thông tin - Báo chí - Xuất bản"),
            (3, "2.5.", "Lĩnh vực thanh tra"),
            (1, "II.", "CÁC CÔNG TÁC TRỌNG TÂM THÁNG 5/2023"),
        ]
    );
    for heading in &headings {
        assert!(
            crate::helpers::SEED.contains(&format!("{} {}", heading.1, heading.2)),
            "heading {heading:?} is the seed's"
        );
    }
}

#[tokio::test]
async fn section_one_counts_the_advised_documents_with_a_footnote() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let doc = &built.document;
    let inlines = section_one(&doc.body);
    let counted = "02 Quyết định, 03 Kế hoạch, 01 Chỉ thị và 01 văn bản chỉ đạo";
    let at = inlines
        .iter()
        .position(|i| matches!(i, Inline::Text(t) if t.ends_with(counted)))
        .unwrap_or_else(|| panic!("`…{counted}` in section 1: {inlines:?}"));
    assert!(
        matches!(
            &inlines[at],
            Inline::Text(t) if t.starts_with("Trong tháng 4/2023, thực hiện nhiệm vụ quản lý nhà nước")
        ),
        "{inlines:?}"
    );
    assert_eq!(
        inlines.get(at + 1),
        Some(&Inline::FootnoteRef(1)),
        "the count is followed by footnote 1"
    );

    assert_eq!(doc.footnotes.len(), 1, "{:#?}", doc.footnotes);
    let note = &doc.footnotes[0];
    assert_eq!(note.number, 1);
    // The seven documents advised, in the template's type order (QĐ, KH, CT, CV).
    let expected = [
        "Quyết định số 166/QĐ-UBND ngày 12/4/2023 về việc Ban hành mã định danh",
        "Quyết định triển khai thực hiện cơ chế giao doanh nghiệp cung ứng dịch vụ bưu chính công ích",
        "Kế hoạch số 1146/KH-UBND ngày 28/3/2023 về Phát triển hạ tầng số",
        "Kế hoạch Giám sát công tác chuyển đổi số trên địa bàn tỉnh năm 2023",
        "Kế hoạch số 1234/KH-BTC ngày 03/4/2023",
        "Chỉ thị về phát triển chính quyền số, kinh tế số và xã hội số",
        "Công văn số 1347/UBND-VXNV ngày 07/4/2023 về việc tạo điều kiện",
    ];
    let items: Vec<&str> = note.text.split("; ").collect();
    assert_eq!(items.len(), 7, "{items:#?}");
    for (item, start) in items.iter().zip(expected) {
        assert!(item.starts_with(start), "`{item}` should start `{start}`");
    }
    assert!(note.text.ends_with("tác nghiệp."), "{}", note.text);
}

#[tokio::test]
async fn section_two_lists_the_seven_key_tasks_of_may() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let body = &built.document.body;
    let start = body
        .iter()
        .position(|b| matches!(b, Block::Heading { number, .. } if number == "II."))
        .expect("section II");
    let items: Vec<(&str, String)> = body[start + 1..]
        .iter()
        .filter_map(|b| match b {
            Block::NumberedItem { number, content } => Some((
                number.as_str(),
                content
                    .iter()
                    .map(|i| match i {
                        Inline::Text(t) | Inline::Bold(t) | Inline::Italic(t) => t.clone(),
                        Inline::FootnoteRef(n) => format!("[{n}]"),
                    })
                    .collect::<String>(),
            )),
            _ => None,
        })
        .collect();
    let numbers: Vec<&str> = items.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, ["1.", "2.", "3.", "4.", "5.", "6.", "7."]);
    assert!(
        items[0]
            .1
            .starts_with("Trình Ủy ban nhân dân tỉnh ban hành Quyết định")
    );
    assert!(items[0].1.contains("490/QĐ-BTTTT ngày 30/3/2023"));
    assert!(items[2].1.contains("922/QĐ-BTTTT ngày 20/5/2022"));
    assert!(items[6].1.ends_with("bưu chính, chuyển phát."));
    // No numbered item anywhere else.
    assert_eq!(
        body.iter()
            .filter(|b| matches!(b, Block::NumberedItem { .. }))
            .count(),
        7
    );
    // The closing paragraph follows the tasks.
    assert!(
        matches!(
            body.last(),
            Some(Block::Closing(inlines)) if matches!(
                inlines.as_slice(),
                [Inline::Text(t)] if t == "Trên đây là báo cáo tình hình thực hiện nhiệm vụ tháng 4/2023 và kế hoạch nhiệm vụ trọng tâm tháng 5/2023 của Sở Thông tin và Truyền thông./."
            )
        ),
        "{:?}",
        body.last()
    );
}

#[tokio::test]
async fn recipients_and_signature() {
    let db = example_db().await;
    let built = april_report(&db.store).await;
    let doc = &built.document;
    assert_eq!(
        doc.recipients,
        [
            "Bộ Thông tin và Truyền thông",
            "Cơ quan Đại diện của Bộ tại Đà Nẵng",
            "Tỉnh ủy, HĐND tỉnh, UBND tỉnh",
            "Ban Tuyên giáo tỉnh",
            "Sở KH&ĐT; Cục Thống kê",
            "Phòng VHHT các huyện, thành phố",
            "Các phòng chuyên môn, đơn vị thuộc Sở",
            "Lưu: VT, LĐ, TTra",
        ]
    );
    assert_eq!(
        doc.signature.authority_lines,
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    );
    assert_eq!(doc.signature.signer_name, "[Họ và tên người ký]");
}
