//! Form bodies as ordered (name, value) pairs, and the few URL helpers the pages need.

/// The pairs of an `application/x-www-form-urlencoded` body or query, in order, decoded
/// (`+` is a space; bad percent escapes are kept as typed).
pub fn parse_urlencoded(body: &[u8]) -> Vec<(String, String)> {
    body.split(|&b| b == b'&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut it = part.splitn(2, |&b| b == b'=');
            let name = decode(it.next().unwrap_or_default());
            let value = decode(it.next().unwrap_or_default());
            (name, value)
        })
        .collect()
}

fn decode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-encodes a query value (RFC 3986 unreserved characters and `/` kept).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The first value of `name`, or "".
pub fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// Every value of `name` (checkboxes, multiple selects).
pub fn values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// A local path to go back to after sign-in: must start with one "/" (no `//host`, no
/// scheme), else the home page.
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_vietnamese_and_plus() {
        let pairs = parse_urlencoded(b"q=H%E1%BB%93+s%C6%A1&x=1%2C5&empty=&bad=%zz");
        assert_eq!(value(&pairs, "q"), "Hồ sơ");
        assert_eq!(value(&pairs, "x"), "1,5");
        assert_eq!(value(&pairs, "empty"), "");
        assert_eq!(value(&pairs, "bad"), "%zz");
        assert_eq!(value(&pairs, "missing"), "");
    }

    #[test]
    fn encodes_a_path_with_query() {
        assert_eq!(
            encode("/ky/2023-04?dv=58&x=a b"),
            "/ky/2023-04%3Fdv%3D58%26x%3Da%20b"
        );
    }

    #[test]
    fn next_stays_local() {
        assert_eq!(safe_next("/ky/2023-04"), "/ky/2023-04");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
