//! The generated country: 34 provinces and 3 321 communes (Việt Nam's two tiers of local
//! government since 1/7/2025, Nghị quyết 202/2025/QH15 and the resolutions of the Standing
//! Committee of the National Assembly on the communes), a catalogue of 200 data elements each
//! broken down into 5 cells, and 24 months of figures — about 80 million values — all
//! deterministic from a seed.
//!
//! Names and codes are synthetic but read like the real ones ("Tỉnh Tân Hòa", "Xã Phú An",
//! code `07012`); every text is NFC. The catalogue and org units are TOML in the form
//! `baocao-files` reads (`docs/file-formats.md`), so the country loads like a department's
//! folder. The figures are never held whole: [`ValueStream`] hands them out in batches, month
//! by month, commune by commune.
//!
//! The data elements come in pairs: an odd one (`CT_001`, "… tiếp nhận") and the even one
//! after it (`CT_002`, "… đã giải quyết"), the part never above the whole except where
//! [`National::violates`] says so (a deliberate error for validation to find). Each pair's
//! aggregation type follows its number: 7 pairs in 10 `sum` (flows), 2 `last` (stocks), 1
//! `average`. Pairs 1, 2, 3, 8 and 10 have a rate indicator `TL_nn` (part ÷ whole × 100, `nn`
//! the pair's number); the first ten pairs a rule `KT_nn` (part ≤ whole).

use std::fmt::Write as _;
use std::path::Path;

use baocao_core::coc::CategoryOptionCombo;
use baocao_core::format;
use baocao_core::period::Period;
use baocao_core::text::nfc;
use baocao_core::value::{DataValue, TypedNumber, ValueOrigin};
use baocao_files::{BundleFiles, SourceFile};

/// How big the generated country is. [`Scale::national`] is the benchmark's; tests use a
/// small one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    /// Provinces (tỉnh, thành phố): 34.
    pub provinces: usize,
    /// Communes (xã, phường, đặc khu), spread evenly over the provinces: 3 321. At most 999
    /// a province (the commune code's last three digits).
    pub communes: usize,
    /// Data elements, each with 5 breakdown cells: 200. At least 2 (one pair).
    pub data_elements: usize,
    /// Months of figures from `first_month`: 24.
    pub months: usize,
    /// The first month: July 2025, the first month of the two tiers.
    pub first_month: Period,
    /// The seed every figure is drawn from.
    pub seed: u64,
    /// Of every 1 000 (commune, month, rule), how many break the rule (part > whole): 5.
    pub violations_per_mille: u64,
}

/// Cells per data element.
pub const CELLS: usize = 5;

/// A category's options: (code, name), one a cell.
pub type Options = [(&'static str, &'static str); CELLS];

/// The generated categories (code, name, options): every data element is broken down by one
/// of them, into 5 cells.
pub const CATEGORIES: [(&str, &str, Options); 4] = [
    (
        "DOTUOI",
        "Nhóm tuổi",
        [
            ("DUOI15", "dưới 15 tuổi"),
            ("TU15DEN24", "từ 15 đến 24 tuổi"),
            ("TU25DEN44", "từ 25 đến 44 tuổi"),
            ("TU45DEN59", "từ 45 đến 59 tuổi"),
            ("TU60", "từ 60 tuổi trở lên"),
        ],
    ),
    (
        "KENH",
        "Kênh tiếp nhận",
        [
            ("TRUCTIEP", "trực tiếp"),
            ("TRUCTUYEN", "trực tuyến"),
            ("BCCI", "qua dịch vụ bưu chính công ích"),
            ("DIENTHOAI", "qua điện thoại"),
            ("KHAC", "kênh khác"),
        ],
    ),
    (
        "LINHVUC",
        "Lĩnh vực",
        [
            ("GIAODUC", "giáo dục"),
            ("YTE", "y tế"),
            ("GIAOTHONG", "giao thông"),
            ("MOITRUONG", "môi trường"),
            ("DATDAI", "đất đai"),
        ],
    ),
    (
        "MUCDO",
        "Mức độ",
        [
            ("THAP", "thấp"),
            ("TRUNGBINH", "trung bình"),
            ("CAO", "cao"),
            ("NGHIEMTRONG", "nghiêm trọng"),
            ("KHANCAP", "khẩn cấp"),
        ],
    ),
];

/// The pairs that have a rate indicator: the first three (flows), the first stock and the
/// first daily mean.
pub const INDICATOR_PAIRS: [usize; 5] = [0, 1, 2, 7, 9];

/// Validation rules generated (the first pairs).
pub const RULES: usize = 10;

/// Subjects of the pairs that are flows (`sum`): (name, unit).
const FLOWS: [(&str, &str); 8] = [
    ("Hồ sơ thủ tục hành chính", "hồ sơ"),
    ("Phản ánh, kiến nghị của người dân", "phản ánh"),
    ("Cuộc gọi đến tổng đài dịch vụ công", "cuộc gọi"),
    ("Bưu gửi", "bưu gửi"),
    ("Cảnh báo an toàn thông tin", "cảnh báo"),
    ("Văn bản điện tử", "văn bản"),
    ("Giao dịch thanh toán không dùng tiền mặt", "giao dịch"),
    ("Lượt khám chữa bệnh từ xa", "lượt"),
];

/// Subjects of the pairs that are stocks (`last`).
const STOCKS: [(&str, &str); 4] = [
    ("Thuê bao băng rộng cố định", "thuê bao"),
    ("Điểm Wi-Fi công cộng", "điểm"),
    ("Tài khoản định danh điện tử", "tài khoản"),
    ("Camera giám sát an ninh, giao thông", "camera"),
];

/// Subjects of the pairs that are daily means (`average`).
const AVERAGES: [(&str, &str); 2] = [
    ("Lượt truy cập Cổng dịch vụ công", "lượt/ngày"),
    ("Thư điện tử công vụ", "thư/ngày"),
];

/// Syllables of the generated place names.
const SYLLABLES: [&str; 30] = [
    "An", "Bình", "Phú", "Tân", "Long", "Hòa", "Thạnh", "Phước", "Vĩnh", "Mỹ", "Đông", "Tây",
    "Nam", "Bắc", "Hưng", "Thuận", "Lộc", "Quảng", "Sơn", "Hải", "Lâm", "Đức", "Xuân", "Trung",
    "Minh", "Thành", "Hiệp", "Thái", "Định", "Khánh",
];

/// The fields of the catalogue the pairs cycle through.
const FIELDS: [&str; 5] = ["chung", "cntt", "bcvt", "ttbcxb", "thanh_tra"];

/// How a data element's figures combine (`aggregation` in the catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `sum`: a flow, 20–499 a cell a month.
    Sum,
    /// `last`: a stock, 500–4 999 a cell growing by 5 a month.
    Last,
    /// `average`: 100–199 a cell.
    Average,
}

impl Kind {
    /// The catalogue's word.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Sum => "sum",
            Kind::Last => "last",
            Kind::Average => "average",
        }
    }
}

/// The generated country of a [`Scale`].
#[derive(Debug, Clone)]
pub struct National {
    scale: Scale,
    months: Vec<Period>,
    province_ids: Vec<String>,
    commune_ids: Vec<String>,
    /// Each commune's province, by index.
    commune_province: Vec<usize>,
    data_elements: Vec<String>,
    /// Each data element's options, in cell order.
    cells: Vec<[CategoryOptionCombo; CELLS]>,
}

/// A scale that cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaleError {
    /// A count out of range.
    #[error("{what} must be {expected}, got {got}")]
    OutOfRange {
        /// Which parameter (`--communes` …).
        what: &'static str,
        /// What was expected.
        expected: String,
        /// What was given.
        got: usize,
    },
}

impl Scale {
    /// The benchmark of issue 4: 34 provinces, 3 321 communes, 200 data elements, 24 months
    /// from July 2025 (79 704 000 values).
    pub fn national() -> Scale {
        Scale {
            provinces: 34,
            communes: 3_321,
            data_elements: 200,
            months: 24,
            first_month: Period::month(2025, 7).expect("July 2025"),
            seed: 20_250_701,
            violations_per_mille: 5,
        }
    }

    /// How many values the figures are: communes × data elements × 5 cells × months.
    pub fn values(&self) -> u64 {
        (self.communes * self.data_elements * CELLS * self.months) as u64
    }
}

impl National {
    /// The country of `scale`.
    ///
    /// Errors: fewer than one province, fewer communes than provinces, more than 999
    /// communes in a province, fewer than 2 data elements or more than 999, no month.
    pub fn new(scale: Scale) -> Result<National, ScaleError> {
        let check = |what, ok: bool, expected: &str, got| {
            if ok {
                Ok(())
            } else {
                Err(ScaleError::OutOfRange {
                    what,
                    expected: expected.to_string(),
                    got,
                })
            }
        };
        check(
            "--provinces",
            (1..=99).contains(&scale.provinces),
            "1 to 99",
            scale.provinces,
        )?;
        check(
            "--communes",
            scale.communes >= scale.provinces && scale.communes <= 999 * scale.provinces,
            "at least one and at most 999 per province",
            scale.communes,
        )?;
        check(
            "--data-elements",
            (2..=999).contains(&scale.data_elements),
            "2 to 999",
            scale.data_elements,
        )?;
        check("--months", scale.months >= 1, "at least 1", scale.months)?;
        let months: Vec<Period> = (0..scale.months)
            .map(|i| {
                scale
                    .first_month
                    .checked_offset(i as i64)
                    .expect("months within the calendar")
            })
            .collect();
        let province_ids: Vec<String> = (0..scale.provinces)
            .map(|p| format!("{:02}", p + 1))
            .collect();
        let mut commune_ids = Vec::with_capacity(scale.communes);
        let mut commune_province = Vec::with_capacity(scale.communes);
        for p in 0..scale.provinces {
            for j in 0..province_range(&scale, p).len() {
                commune_ids.push(format!("{:02}{:03}", p + 1, j + 1));
                commune_province.push(p);
            }
        }
        let data_elements: Vec<String> = (1..=scale.data_elements)
            .map(|i| format!("CT_{i:03}"))
            .collect();
        let cells = (0..scale.data_elements)
            .map(|d| {
                let (_, _, options) = CATEGORIES[category_of(d)];
                options.map(|(code, _)| CategoryOptionCombo::new(vec![code.to_string()]))
            })
            .collect();
        Ok(National {
            scale,
            months,
            province_ids,
            commune_ids,
            commune_province,
            data_elements,
            cells,
        })
    }

    /// The scale.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// The months with figures, in order.
    pub fn months(&self) -> &[Period] {
        &self.months
    }

    /// The provinces' ids (= codes): `01` … `34`.
    pub fn province_ids(&self) -> &[String] {
        &self.province_ids
    }

    /// The communes' ids (= codes): the province's two digits and the commune's three,
    /// `01001` …, in province order.
    pub fn commune_ids(&self) -> &[String] {
        &self.commune_ids
    }

    /// The communes of province `p` (by index), as indexes into [`National::commune_ids`].
    pub fn communes_of(&self, p: usize) -> std::ops::Range<usize> {
        province_range(&self.scale, p)
    }

    /// The province (index) of commune `c` (index).
    pub fn province_of(&self, c: usize) -> usize {
        self.commune_province[c]
    }

    /// The data elements' codes: `CT_001` ….
    pub fn data_elements(&self) -> &[String] {
        &self.data_elements
    }

    /// The 5 cells of data element `d` (index).
    pub fn cells_of(&self, d: usize) -> &[CategoryOptionCombo; CELLS] {
        &self.cells[d]
    }

    /// How data element `d` (index) aggregates: by its pair's number, 7 in 10 `sum`, then 2
    /// `last`, then 1 `average`.
    pub fn kind(&self, d: usize) -> Kind {
        match (d / 2) % 10 {
            7 | 8 => Kind::Last,
            9 => Kind::Average,
            _ => Kind::Sum,
        }
    }

    /// The code of the indicator of pair `pair` (0-based), `TL_01` …: the pair's part over its
    /// whole (data element `2·pair+2` over `2·pair+1`), × 100.
    pub fn indicator_code(pair: usize) -> String {
        format!("TL_{:02}", pair + 1)
    }

    /// The pairs with an indicator (those of [`INDICATOR_PAIRS`] the scale has).
    pub fn indicator_pairs(&self) -> Vec<usize> {
        let pairs = self.scale.data_elements / 2;
        INDICATOR_PAIRS.into_iter().filter(|p| *p < pairs).collect()
    }

    /// Rules generated: one per pair, at most [`RULES`].
    pub fn rules(&self) -> usize {
        (self.scale.data_elements / 2).min(RULES)
    }

    /// The figure of data element `d`, cell `cell`, commune `c`, month `m` (all indexes):
    /// deterministic from the seed. A whole (even index) by its kind; a part (odd index) is
    /// 50–100 % of its whole, or above it when [`National::violates`] (commune, month, pair).
    pub fn value(&self, d: usize, cell: usize, c: usize, m: usize) -> i64 {
        if d % 2 == 1 {
            let whole = self.value(d - 1, cell, c, m);
            let h = self.hash(&[1, d as u64, cell as u64, c as u64, m as u64]);
            if self.violates(c, m, d / 2) {
                whole + 1 + (h % 20) as i64
            } else {
                whole * (50 + (h % 51) as i64) / 100
            }
        } else {
            match self.kind(d) {
                Kind::Sum => {
                    20 + (self.hash(&[2, d as u64, cell as u64, c as u64, m as u64]) % 480) as i64
                }
                Kind::Last => {
                    500 + (self.hash(&[3, d as u64, cell as u64, c as u64]) % 4_500) as i64
                        + 5 * m as i64
                }
                Kind::Average => {
                    100 + (self.hash(&[4, d as u64, cell as u64, c as u64, m as u64]) % 100) as i64
                }
            }
        }
    }

    /// Whether commune `c`'s part of pair `pair` exceeds its whole in month `m` (every cell):
    /// the deliberate errors, about `violations_per_mille` in 1 000.
    pub fn violates(&self, c: usize, m: usize, pair: usize) -> bool {
        self.hash(&[5, pair as u64, c as u64, m as u64]) % 1_000 < self.scale.violations_per_mille
    }

    /// The subject of pair `pair` (name, unit), by its kind.
    fn subject(&self, pair: usize) -> (&'static str, &'static str) {
        // The pair's place among the pairs of its kind.
        let (tens, unit) = (pair / 10, pair % 10);
        match self.kind(2 * pair) {
            Kind::Sum => FLOWS[(tens * 7 + unit) % FLOWS.len()],
            Kind::Last => STOCKS[(tens * 2 + unit - 7) % STOCKS.len()],
            Kind::Average => AVERAGES[tens % AVERAGES.len()],
        }
    }

    /// The number of values: [`Scale::values`].
    pub fn len(&self) -> u64 {
        self.scale.values()
    }

    /// Whether there are no values (never: a scale has at least one of everything).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at position `i` of the stream (month, then commune, data element, cell).
    pub fn value_at(&self, i: u64) -> DataValue {
        let per_commune = (self.scale.data_elements * CELLS) as u64;
        let per_month = per_commune * self.scale.communes as u64;
        let m = (i / per_month) as usize;
        let c = ((i % per_month) / per_commune) as usize;
        let d = ((i % per_commune) / CELLS as u64) as usize;
        let cell = (i % CELLS as u64) as usize;
        let n = self.value(d, cell, c, m);
        DataValue {
            data_element: self.data_elements[d].clone(),
            category_option_combo: self.cells[d][cell].clone(),
            org_unit: self.commune_ids[c].clone(),
            period: self.months[m],
            number: TypedNumber {
                value: n as f64,
                decimals: 0,
                as_typed: format::integer(n),
            },
            origin: ValueOrigin::Typed,
            stored_by: "sinh tự động".to_string(),
            stored_at: None,
            comment: None,
        }
    }

    /// The figures from the first, in batches.
    pub fn stream(&self) -> ValueStream<'_> {
        ValueStream {
            national: self,
            next: 0,
            end: self.len(),
        }
    }

    /// The figures of months `from..to` (indexes), in batches.
    pub fn stream_months(&self, from: usize, to: usize) -> ValueStream<'_> {
        let per_month = (self.scale.communes * self.scale.data_elements * CELLS) as u64;
        let to = to.min(self.scale.months);
        ValueStream {
            national: self,
            next: from.min(to) as u64 * per_month,
            end: to as u64 * per_month,
        }
    }

    fn hash(&self, parts: &[u64]) -> u64 {
        let mut h = splitmix(self.scale.seed);
        for p in parts {
            h = splitmix(h ^ p.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        }
        h
    }

    /// `catalog.toml`: the 4 categories and their combos, the data elements, the rate
    /// indicators and the rules.
    pub fn catalog_toml(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "# Danh mục sinh tự động cho phép đo quy mô quốc gia (crates/baocao-bench): {} chỉ tiêu,\n\
             # mỗi chỉ tiêu 5 phân tổ; {} chỉ số tỷ lệ; {} quy tắc kiểm tra. Không phải số liệu thật.\n",
            self.scale.data_elements,
            self.indicator_pairs().len(),
            self.rules()
        );
        for (code, name, options) in CATEGORIES {
            let _ = writeln!(
                t,
                "[[category]]\ncode = \"{code}\"\nname = \"{name}\"\noptions = ["
            );
            for (o, n) in options {
                let _ = writeln!(t, "  {{ code = \"{o}\", name = \"{n}\" }},");
            }
            let _ = writeln!(
                t,
                "]\n\n[[category_combo]]\ncode = \"{code}\"\nname = \"Theo {}\"\ncategories = [\"{code}\"]\n",
                name.to_lowercase()
            );
        }
        for d in 0..self.scale.data_elements {
            let (category, _, _) = CATEGORIES[category_of(d)];
            let kind = self.kind(d);
            let (subject, unit) = self.subject(d / 2);
            let what = match (kind, d % 2) {
                (Kind::Sum, 0) => "tiếp nhận",
                (Kind::Sum, _) => "đã giải quyết",
                (Kind::Last, 0) => "hiện có",
                (Kind::Last, _) => "đang hoạt động",
                (Kind::Average, 0) => "bình quân ngày",
                (Kind::Average, _) => "được xử lý bình quân ngày",
            };
            let _ = writeln!(
                t,
                "[[data_element]]\ncode = \"{}\"\nname = \"{subject} {what}, nhóm {}\"\n\
                 unit = \"{unit}\"\nfield = \"{}\"\nvalue_type = \"integer\"\n\
                 aggregation = \"{}\"\ncategory_combo = \"{category}\"\n",
                self.data_elements[d],
                d / 2 + 1,
                FIELDS[(d / 2) % FIELDS.len()],
                kind.code()
            );
        }
        for k in self.indicator_pairs() {
            let (subject, _) = self.subject(k);
            let _ = writeln!(
                t,
                "[[indicator]]\ncode = \"{}\"\nname = \"Tỷ lệ {} {}, nhóm {}\"\n\
                 numerator = \"#{{{}}}\"\ndenominator = \"#{{{}}}\"\nfactor = 100\ndecimals = 2\n\
                 unit = \"%\"\nfield = \"{}\"\n",
                National::indicator_code(k),
                subject.to_lowercase(),
                match self.kind(2 * k) {
                    Kind::Sum => "được giải quyết",
                    Kind::Last => "đang hoạt động",
                    Kind::Average => "được xử lý",
                },
                k + 1,
                self.data_elements[2 * k + 1],
                self.data_elements[2 * k],
                FIELDS[k % FIELDS.len()],
            );
        }
        for k in 0..self.rules() {
            let _ = writeln!(
                t,
                "[[validation_rule]]\ncode = \"KT_{:02}\"\n\
                 name = \"{} không vượt quá {}\"\nleft = \"#{{{}}}\"\noperator = \"<=\"\n\
                 right = \"#{{{}}}\"\nimportance = \"high\"\n\
                 missing_value_strategy = \"skip_if_any_value_missing\"\n",
                k + 1,
                self.data_elements[2 * k + 1],
                self.data_elements[2 * k],
                self.data_elements[2 * k + 1],
                self.data_elements[2 * k],
            );
        }
        nfc(&t)
    }

    /// The name of province `p`: "Thành phố …" for the first six (the centrally run cities),
    /// else "Tỉnh …".
    pub fn province_name(&self, p: usize) -> String {
        let (a, b) = name_pair((p * 31 + 5) % NAME_PAIRS);
        let kind = if p < 6 { "Thành phố" } else { "Tỉnh" };
        nfc(&format!("{kind} {} {}", SYLLABLES[a], SYLLABLES[b]))
    }

    /// The name of commune `c`: "Phường …" for one in ten, a rare "Đặc khu …", else "Xã …";
    /// unique within its province.
    pub fn commune_name(&self, c: usize) -> String {
        let p = self.commune_province[c];
        let j = c - self.communes_of(p).start;
        let (a, b) = name_pair((j + 7 * p) % NAME_PAIRS);
        let kind = if j.is_multiple_of(10) {
            "Phường"
        } else if j % 97 == 50 {
            "Đặc khu"
        } else {
            "Xã"
        };
        nfc(&format!("{kind} {} {}", SYLLABLES[a], SYLLABLES[b]))
    }

    /// `org_units.toml`: the provinces and their communes, valid from 1/7/2025.
    pub fn org_units_toml(&self) -> String {
        let mut t = String::from(
            "# Đơn vị hành chính sinh tự động (crates/baocao-bench): tỉnh, thành phố và xã, phường,\n\
             # đặc khu theo mô hình hai cấp từ ngày 01/7/2025. Tên và mã là giả định.\n\n",
        );
        for (p, id) in self.province_ids.iter().enumerate() {
            let _ = writeln!(
                t,
                "[[org_unit]]\ncode = \"{id}\"\nname = \"{}\"\nlevel = \"tinh\"\nvalid_from = \"2025-07-01\"\n",
                self.province_name(p)
            );
        }
        for (c, id) in self.commune_ids.iter().enumerate() {
            let _ = writeln!(
                t,
                "[[org_unit]]\ncode = \"{id}\"\nname = \"{}\"\nlevel = \"xa\"\nvalid_from = \"2025-07-01\"\nparent = \"{}\"\n",
                self.commune_name(c),
                self.province_ids[self.commune_province[c]]
            );
        }
        nfc(&t)
    }

    /// A short `report.toml`: the country has no report of its own; the template makes the
    /// folder loadable.
    pub fn report_toml(&self) -> String {
        nfc(concat!(
            "# Mẫu báo cáo tối thiểu của dữ liệu sinh tự động (crates/baocao-bench).\n",
            "governing_body = \"BỘ KHOA HỌC VÀ CÔNG NGHỆ\"\n",
            "issuing_body = \"TRUNG TÂM DỮ LIỆU THỬ NGHIỆM\"\n",
            "symbol_suffix = \"BC-TTDL\"\n",
            "place = \"Hà Nội\"\n",
            "abstract = [\"Số liệu {{ period }} của các tỉnh, thành phố (dữ liệu sinh tự động)\"]\n",
            "closing = \"Trên đây là báo cáo số liệu sinh tự động để đo hiệu năng./.\"\n",
            "recipients = [\"Lưu: VT\"]\n",
            "signature_authority = [\"GIÁM ĐỐC\"]\n\n",
            "[[section]]\n",
            "number = \"I.\"\n",
            "title = \"SỐ LIỆU\"\n",
            "paragraphs = [\"Số liệu sinh tự động, không phải số liệu thật.\"]\n",
        ))
    }

    /// The folder's files in memory (empty registers, no data files): what
    /// `baocao_files::load_bundle_files` reads.
    pub fn bundle_files(&self) -> BundleFiles {
        let file = |name: &str, text: String| SourceFile::from_text(Path::new(name), &text);
        BundleFiles {
            catalog: file("catalog.toml", self.catalog_toml()),
            org_units: file("org_units.toml", self.org_units_toml()),
            report: file("report.toml", self.report_toml()),
            documents: file("documents.toml", "# Không có văn bản.\n".to_string()),
            tasks: file("tasks.toml", "# Không có nhiệm vụ.\n".to_string()),
            data: Vec::new(),
            narrative: Vec::new(),
        }
    }

    /// Writes the folder's files into `dir` (created if missing), so that `baocao load DIR`
    /// loads the country (without its figures).
    ///
    /// Errors: the folder or a file cannot be written.
    pub fn write_folder(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let files = self.bundle_files();
        for f in [
            &files.catalog,
            &files.org_units,
            &files.report,
            &files.documents,
            &files.tasks,
        ] {
            std::fs::write(dir.join(&f.path), &f.text)?;
        }
        Ok(())
    }
}

/// The communes of province `p`: an even share, the first provinces taking one more.
fn province_range(scale: &Scale, p: usize) -> std::ops::Range<usize> {
    let base = scale.communes / scale.provinces;
    let extra = scale.communes % scale.provinces;
    let start = p * base + p.min(extra);
    start..start + base + usize::from(p < extra)
}

/// The category (index into [`CATEGORIES`]) of data element `d`: the same for both of a pair.
fn category_of(d: usize) -> usize {
    (d / 2) % CATEGORIES.len()
}

/// Ordered pairs of different syllables.
const NAME_PAIRS: usize = SYLLABLES.len() * (SYLLABLES.len() - 1);

/// The `n`-th ordered pair of different syllables (`n` < [`NAME_PAIRS`]).
fn name_pair(n: usize) -> (usize, usize) {
    let len = SYLLABLES.len();
    let a = n % len;
    let b = (a + 1 + n / len) % len;
    (a, b)
}

/// SplitMix64's finaliser: a well-mixed 64-bit hash of `x`.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The figures handed out in batches, in order (month, commune, data element, cell); memory
/// is one batch.
#[derive(Debug)]
pub struct ValueStream<'a> {
    national: &'a National,
    next: u64,
    end: u64,
}

impl ValueStream<'_> {
    /// The next `size` values (fewer at the end; empty when done).
    pub fn next_batch(&mut self, size: usize) -> Vec<DataValue> {
        let to = (self.next + size as u64).min(self.end);
        let batch = (self.next..to).map(|i| self.national.value_at(i)).collect();
        self.next = to;
        batch
    }

    /// Values not handed out yet.
    pub fn remaining(&self) -> u64 {
        self.end - self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> National {
        National::new(Scale {
            provinces: 3,
            communes: 10,
            data_elements: 6,
            months: 3,
            first_month: Period::month(2026, 1).unwrap(),
            seed: 7,
            violations_per_mille: 100,
        })
        .unwrap()
    }

    #[test]
    fn communes_spread_evenly_with_codes_of_their_province() {
        let n = small();
        let sizes: Vec<usize> = (0..3).map(|p| n.communes_of(p).len()).collect();
        assert_eq!(sizes, vec![4, 3, 3]);
        assert_eq!(n.commune_ids()[0], "01001");
        assert_eq!(n.commune_ids()[4], "02001");
        assert_eq!(n.commune_ids()[9], "03003");
        assert_eq!(n.province_of(9), 2);
        let national = National::new(Scale::national()).unwrap();
        assert_eq!(national.commune_ids().len(), 3_321);
        assert_eq!(national.len(), 79_704_000);
        let sizes: Vec<usize> = (0..34).map(|p| national.communes_of(p).len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 3_321);
        assert!(sizes.iter().all(|s| *s == 97 || *s == 98), "{sizes:?}");
    }

    #[test]
    fn names_are_distinct_and_nfc() {
        let national = National::new(Scale::national()).unwrap();
        let mut provinces: Vec<String> = (0..34).map(|p| national.province_name(p)).collect();
        assert!(provinces.iter().all(|n| *n == nfc(n)));
        assert_eq!(provinces[0].split(' ').count(), 4, "{}", provinces[0]);
        provinces.sort();
        provinces.dedup();
        assert_eq!(provinces.len(), 34);
        for p in 0..34 {
            let mut names: Vec<String> = national
                .communes_of(p)
                .map(|c| national.commune_name(c))
                .map(|n| n.split_once(' ').unwrap().1.to_string())
                .collect();
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "province {p}");
        }
    }

    #[test]
    fn values_are_deterministic_and_parts_within_wholes() {
        let n = small();
        let again = small();
        let mut broken = 0;
        for c in 0..10 {
            for m in 0..3 {
                for pair in 0..3 {
                    let whole: i64 = (0..5).map(|cell| n.value(2 * pair, cell, c, m)).sum();
                    let part: i64 = (0..5).map(|cell| n.value(2 * pair + 1, cell, c, m)).sum();
                    assert_eq!(part > whole, n.violates(c, m, pair));
                    broken += usize::from(part > whole);
                    for d in 0..6 {
                        for cell in 0..5 {
                            assert_eq!(n.value(d, cell, c, m), again.value(d, cell, c, m));
                        }
                    }
                }
            }
        }
        // 10 in 100 asked; 90 chances.
        assert!((2..=20).contains(&broken), "{broken}");
        // Stocks grow by 5 a month.
        let stock = 2 * 7;
        let big = National::new(Scale::national()).unwrap();
        assert_eq!(big.kind(stock), Kind::Last);
        assert_eq!(big.value(stock, 0, 0, 1) - big.value(stock, 0, 0, 0), 5);
    }

    #[test]
    fn the_stream_goes_month_commune_element_cell_in_batches() {
        let n = small();
        let mut stream = n.stream();
        let first = stream.next_batch(7);
        assert_eq!(first.len(), 7);
        assert_eq!(first[0].org_unit, "01001");
        assert_eq!(first[0].data_element, "CT_001");
        assert_eq!(first[0].category_option_combo.code(), "DUOI15");
        assert_eq!(first[5].data_element, "CT_002");
        let mut count = 7;
        loop {
            let batch = stream.next_batch(1000);
            if batch.is_empty() {
                break;
            }
            count += batch.len();
        }
        assert_eq!(count as u64, n.len());
        assert_eq!(n.len(), 10 * 6 * 5 * 3);
        let last = n.value_at(n.len() - 1);
        assert_eq!(last.org_unit, "03003");
        assert_eq!(last.period, Period::month(2026, 3).unwrap());
        assert_eq!(last.data_element, "CT_006");
        let months = n.stream_months(1, 2).remaining();
        assert_eq!(months, 10 * 6 * 5);
    }
}
