//! The errors of baocao-core that an import reports (a number, a period id, a breakdown),
//! said in Vietnamese for the problems of an imported file. The core's own `Display` texts
//! stay as they are for its other callers; here each variant is read by its fields, so a
//! new variant is a compile error, not an English sentence on a Vietnamese page.

use baocao_core::catalog::SelectionError;
use baocao_core::format::NumberError;
use baocao_core::period::PeriodError;

/// What is wrong with a number typed the Vietnamese way, without the text itself (the
/// problem shows it as the value found).
pub(crate) fn number_error(e: &NumberError) -> String {
    match e {
        NumberError::Empty => "ô trống, không có chữ số nào".to_string(),
        NumberError::UnexpectedCharacter {
            found, position, ..
        } => format!(
            "ký tự “{found}” ở vị trí {position} không dùng được trong một số; cần chữ số, dấu “.” giữa các nhóm hàng nghìn và dấu “,” trước phần thập phân"
        ),
        NumberError::SeveralCommas { .. } => {
            "có hơn một dấu “,”; cần nhiều nhất một dấu phẩy thập phân".to_string()
        }
        NumberError::ThousandsGroup { .. } => "dấu “.” chỉ dùng để ngăn cách các nhóm ba chữ số hàng nghìn; cần các nhóm đủ ba chữ số quanh dấu “.”, còn dấu thập phân là “,”".to_string(),
        NumberError::MissingInteger { .. } => {
            "thiếu chữ số trước dấu phẩy thập phân; cần ví dụ 0,5".to_string()
        }
        NumberError::MissingFraction { .. } => {
            "thiếu chữ số sau dấu phẩy thập phân; cần ví dụ 70,96".to_string()
        }
        NumberError::DotInFraction { .. } => {
            "có dấu “.” sau dấu phẩy thập phân; sau dấu phẩy chỉ được có chữ số".to_string()
        }
        NumberError::TooLarge { .. } => "số quá lớn; cần một số liệu thực tế".to_string(),
    }
}

/// What is wrong with a period id, without the id itself (the problem shows it).
pub(crate) fn period_error(e: &PeriodError) -> String {
    match e {
        PeriodError::Empty => "thiếu kỳ báo cáo".to_string(),
        PeriodError::Malformed { .. } => "không phải mã kỳ báo cáo".to_string(),
        PeriodError::Year { .. } => "năm phải có bốn chữ số, từ 0001 đến 9999".to_string(),
        PeriodError::Month { .. } => "tháng phải có hai chữ số, từ 01 đến 12".to_string(),
        PeriodError::Quarter { .. } => "quý phải là Q1, Q2, Q3 hoặc Q4".to_string(),
        PeriodError::HalfYear { .. } => {
            "nửa năm phải là S1 (tháng 1–6) hoặc S2 (tháng 7–12)".to_string()
        }
    }
}

/// What is wrong with the options given for a data element's breakdown.
pub(crate) fn selection_error(e: &SelectionError) -> String {
    match e {
        SelectionError::UnknownOption {
            data_element,
            expected,
            ..
        } if expected.is_empty() => format!(
            "`{data_element}` không có phân tổ; cần để trống hoặc ghi default (số liệu tổng)"
        ),
        SelectionError::UnknownOption {
            data_element,
            option,
            expected,
        } => format!(
            "`{option}` không phải là phân tổ của `{data_element}`; cần các mã trong số: {expected}"
        ),
        SelectionError::TwoOptionsOfOneCategory {
            data_element,
            category,
            first,
            second,
        } => format!(
            "`{first}` và `{second}` cùng thuộc nhóm phân tổ `{category}` của `{data_element}`; cần chọn một trong hai"
        ),
    }
}

#[cfg(test)]
mod tests {
    use baocao_core::format::parse_number;
    use baocao_core::period::Period;

    use super::*;

    #[test]
    fn numbers() {
        let e = parse_number("1x").unwrap_err();
        assert_eq!(
            number_error(&e),
            "ký tự “x” ở vị trí 2 không dùng được trong một số; cần chữ số, dấu “.” giữa các nhóm hàng nghìn và dấu “,” trước phần thập phân"
        );
        let e = parse_number("70.96").unwrap_err();
        assert!(number_error(&e).starts_with("dấu “.” chỉ dùng để ngăn cách các nhóm ba chữ số"));
        assert_eq!(
            number_error(&parse_number("1,2,3").unwrap_err()),
            "có hơn một dấu “,”; cần nhiều nhất một dấu phẩy thập phân"
        );
    }

    #[test]
    fn periods() {
        let e = Period::parse("2023-13").unwrap_err();
        assert_eq!(period_error(&e), "tháng phải có hai chữ số, từ 01 đến 12");
        let e = Period::parse("tháng 4").unwrap_err();
        assert_eq!(period_error(&e), "không phải mã kỳ báo cáo");
        let e = Period::parse("2023Q5").unwrap_err();
        assert_eq!(period_error(&e), "quý phải là Q1, Q2, Q3 hoặc Q4");
    }

    #[test]
    fn selections() {
        let e = SelectionError::TwoOptionsOfOneCategory {
            data_element: "DVC_HOSO".into(),
            category: "CAP".into(),
            first: "TINH".into(),
            second: "XA".into(),
        };
        assert_eq!(
            selection_error(&e),
            "`TINH` và `XA` cùng thuộc nhóm phân tổ `CAP` của `DVC_HOSO`; cần chọn một trong hai"
        );
        let e = SelectionError::UnknownOption {
            data_element: "VT_VIBA".into(),
            option: "XA".into(),
            expected: String::new(),
        };
        assert_eq!(
            selection_error(&e),
            "`VT_VIBA` không có phân tổ; cần để trống hoặc ghi default (số liệu tổng)"
        );
    }
}
