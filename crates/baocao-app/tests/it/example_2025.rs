//! The 2025 example (`examples/ninh-thuan-2025/`): its `org_units.toml` and monthly data files
//! are generated here from the reorganisation table, deterministically, and the test checks
//! that the files are exactly what the generator writes. `BAOCAO_WRITE_EXAMPLE=1 cargo test -p
//! baocao-app --test it example_2025` writes them.
//!
//! The figures are made up by formula (see [`old_figures`]): an old commune's figures for
//! January–June depend on its place in the table and the month; a new commune's figures for
//! July–December are those of the old communes attributed to it (sums; the mean for the
//! average), so that the area's series runs on across 1/7/2025.

use std::path::{Path, PathBuf};

use baocao_app::aggregate::reorganisation;
use baocao_core::orgunit::{Hierarchy, OrgUnit, OrgUnitLevel};

/// `examples/ninh-thuan-2025/` in the workspace.
pub fn example_2025_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ninh-thuan-2025")
}

/// One commune's figures of one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// HOSO_TIEPNHAN.TRUCTIEP.
    pub direct: u64,
    /// HOSO_TIEPNHAN.TRUCTUYEN.
    pub online: u64,
    /// WIFI_DIEM.
    pub wifi: u64,
    /// BANGRONG_TOCDO in tenths of Mbit/s.
    pub speed_tenths: u64,
}

/// The figures of the old commune at `index` (0-based, in table order) for `month` (1–6).
pub fn old_figures(index: usize, month: u32) -> Figures {
    let (i, m) = (index as u64, u64::from(month));
    Figures {
        direct: 20 + (7 * i + 3 * m) % 25,
        online: 30 + (11 * i + 5 * m) % 40,
        wifi: 1 + i % 4 + (m - 1) / 3,
        speed_tenths: 800 + (13 * i + 17 * m) % 150,
    }
}

/// The figures of a new commune for `month` (7–12): its attributed predecessors' figures of
/// the same month six months earlier, added up (the speed: their mean, rounded half up to a
/// tenth), plus one more Wi-Fi point each from October.
pub fn new_figures(predecessors: &[usize], month: u32) -> Figures {
    let old: Vec<Figures> = predecessors
        .iter()
        .map(|i| old_figures(*i, month - 6))
        .collect();
    let n = old.len() as u64;
    let speed_sum: u64 = old.iter().map(|f| f.speed_tenths).sum();
    Figures {
        direct: old.iter().map(|f| f.direct).sum(),
        online: old.iter().map(|f| f.online).sum(),
        wifi: old.iter().map(|f| f.wifi).sum::<u64>() + u64::from(month >= 10),
        speed_tenths: (2 * speed_sum + n) / (2 * n),
    }
}

/// Ninh Thuận's 2025 reorganisation table (`examples/ninh-thuan-2025/reorganisation.csv`).
pub fn ninh_thuan_2025() -> reorganisation::Reorganisation {
    let path = example_2025_dir().join("reorganisation.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reorganisation::read(
        "reorganisation.csv",
        &text,
        reorganisation::Dates::ninh_thuan_2025(),
    )
    .expect("the example's reorganisation table reads")
}

/// The hierarchy of the table.
pub fn hierarchy() -> Hierarchy {
    let r = ninh_thuan_2025();
    Hierarchy::new(r.units, r.successions).expect("the table's hierarchy is consistent")
}

/// The old communes in table order.
pub fn old_communes(h: &Hierarchy) -> Vec<&OrgUnit> {
    h.units()
        .iter()
        .filter(|u| u.level == OrgUnitLevel::Xa && u.versions[0].valid_to.is_some())
        .collect()
}

/// The new communes in table order, each with the indexes of the old communes attributed to
/// it.
pub fn new_communes(h: &Hierarchy) -> Vec<(&OrgUnit, Vec<usize>)> {
    let old = old_communes(h);
    h.units()
        .iter()
        .filter(|u| u.level == OrgUnitLevel::Xa && u.versions[0].valid_to.is_none())
        .map(|new| {
            let attributed = old
                .iter()
                .enumerate()
                .filter(|(_, o)| h.attribution(&o.id).is_some_and(|a| a.to.id == new.id))
                .map(|(i, _)| i)
                .collect();
            (new, attributed)
        })
        .collect()
}

/// Vietnamese text of tenths: 873 → "87,3".
pub fn tenths(t: u64) -> String {
    format!("{},{}", t / 10, t % 10)
}

/// Every generated file: (path in the example folder, text).
pub fn generate() -> Vec<(String, String)> {
    let h = hierarchy();
    let mut files = vec![("org_units.toml".to_string(), org_units_toml(&h))];
    let old = old_communes(&h);
    let new = new_communes(&h);
    for month in 1..=12u32 {
        let mut rows: Vec<(String, Figures)> = Vec::new();
        if month <= 6 {
            for (i, unit) in old.iter().enumerate() {
                rows.push((unit.id.clone(), old_figures(i, month)));
            }
        } else {
            for (unit, predecessors) in &new {
                rows.push((unit.id.clone(), new_figures(predecessors, month)));
            }
        }
        let province = if month <= 6 { "58" } else { "56" };
        let mut text = format!(
            "# Số liệu tháng {month}/2025 của các xã, sinh tự động (crates/baocao-app/tests/it/example_2025.rs);\n\
             # không phải số liệu thật. {}\n\n\
             period = \"2025-{month:02}\"\norg_unit = \"{province}\"\nstored_by = \"Ví dụ sinh tự động\"\n\nvalue = [\n",
            if month <= 6 {
                "Đến 30/6/2025: 62 xã, phường, thị trấn của tỉnh Ninh Thuận."
            } else {
                "Từ 01/7/2025: 24 xã, phường của tỉnh Khánh Hòa kế thừa địa bàn tỉnh Ninh Thuận."
            }
        );
        for (id, f) in rows {
            let line = |de: &str, coc: Option<&str>, value: String| {
                let coc = coc.map(|c| format!(", coc = \"{c}\"")).unwrap_or_default();
                format!("  {{ org_unit = \"{id}\", de = \"{de}\"{coc}, value = \"{value}\" }},\n")
            };
            text.push_str(&line(
                "HOSO_TIEPNHAN",
                Some("TRUCTIEP"),
                f.direct.to_string(),
            ));
            text.push_str(&line(
                "HOSO_TIEPNHAN",
                Some("TRUCTUYEN"),
                f.online.to_string(),
            ));
            text.push_str(&line("WIFI_DIEM", None, f.wifi.to_string()));
            text.push_str(&line("BANGRONG_TOCDO", None, tenths(f.speed_tenths)));
        }
        text.push_str(&format!(
            "]\n\n[report]\nissued_on = \"2025-{month:02}-14\"\nytd_cutoff = \"2025-{month:02}-14\"\nsigner = \"[Họ và tên người ký]\"\n"
        ));
        files.push((format!("data/2025-{month:02}.toml"), text));
    }
    files
}

fn org_units_toml(h: &Hierarchy) -> String {
    let mut text = String::from(
        "# Đơn vị hành chính của ví dụ năm 2025, sinh từ reorganisation.csv bởi\n\
         # crates/baocao-app/tests/it/example_2025.rs (baocao_app::aggregate::reorganisation).\n\
         # Đến 30/6/2025: tỉnh Ninh Thuận (58), 7 huyện, 62 xã (coi như có từ 01/01/2025, đầu năm\n\
         # của ví dụ). Từ 01/7/2025: 24 xã, phường mới của tỉnh Khánh Hòa (56); xã mới dùng lại mã\n\
         # của một xã cũ, nên khóa (id) của xã mới là mã kèm ngày bắt đầu (\"22780:2025-07-01\").\n",
    );
    let level = |l: OrgUnitLevel| match l {
        OrgUnitLevel::Tinh => "tinh",
        OrgUnitLevel::Huyen => "huyen",
        OrgUnitLevel::Xa => "xa",
    };
    for unit in h.units() {
        for v in &unit.versions {
            text.push_str("\n[[org_unit]]\n");
            if unit.id != unit.code {
                text.push_str(&format!("id = \"{}\"\n", unit.id));
            }
            text.push_str(&format!(
                "code = \"{}\"\nname = \"{}\"\nlevel = \"{}\"\nvalid_from = \"{}\"\n",
                unit.code,
                v.name,
                level(unit.level),
                v.valid_from
            ));
            if let Some(to) = v.valid_to {
                text.push_str(&format!("valid_to = \"{to}\"\n"));
            }
            if let Some(parent) = &v.parent {
                text.push_str(&format!("parent = \"{parent}\"\n"));
            }
        }
    }
    text.push_str(
        "\n# Nơi đơn vị đã thôi tồn tại chuyển đến từ ngày `date`; xã chia cho hai xã mới có hai\n\
         # mục, theo thứ tự của bảng (số liệu của nó tính trọn cho xã mới giữ mã, nếu không thì giữ\n\
         # tên, nếu không thì xã ghi trước).\n",
    );
    for s in h.successions() {
        text.push_str(&format!(
            "\n[[succession]]\nfrom = \"{}\"\nto = \"{}\"\ndate = \"{}\"\n",
            s.from, s.to, s.date
        ));
    }
    text
}

#[test]
fn example_2025_files_are_what_the_generator_writes() {
    let dir = example_2025_dir();
    let write = std::env::var("BAOCAO_WRITE_EXAMPLE").is_ok_and(|v| v == "1");
    for (path, text) in generate() {
        let file = dir.join(&path);
        if write {
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("create folder");
            std::fs::write(&file, &text).expect("write the example");
            continue;
        }
        let on_disk = std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run BAOCAO_WRITE_EXAMPLE=1 cargo test -p baocao-app --test it example_2025",
                file.display()
            )
        });
        assert!(
            on_disk == text,
            "{} differs from what the generator writes; run BAOCAO_WRITE_EXAMPLE=1 cargo test -p baocao-app --test it example_2025",
            file.display()
        );
    }
}

#[test]
fn every_new_commune_has_figures_from_attributed_predecessors() {
    let h = hierarchy();
    let old = old_communes(&h);
    let new = new_communes(&h);
    assert_eq!(old.len(), 62);
    assert_eq!(new.len(), 24);
    let attributed: usize = new.iter().map(|(_, p)| p.len()).sum();
    assert_eq!(
        attributed, 62,
        "every old commune counts for one new commune"
    );
    assert!(new.iter().all(|(_, p)| !p.is_empty()));
    // By hand: the first old commune (Phường Đô Vinh) in January.
    assert_eq!(
        old_figures(0, 1),
        Figures {
            direct: 23,
            online: 35,
            wifi: 1,
            speed_tenths: 817
        }
    );
}
