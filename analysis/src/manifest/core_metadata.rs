//! Core metadata (`PKG-INFO` of an sdist, `*.dist-info/METADATA` of a wheel): one
//! `Requires-Dist: name (spec); marker` header per requirement. What an unpacked release pins.

use super::Item;

pub fn items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        // The headers end at the first blank line; the description follows.
        if line.trim().is_empty() {
            break;
        }
        let Some(value) = line.strip_prefix("Requires-Dist:") else { continue };
        let value_start = start + "Requires-Dist:".len() + (value.len() - value.trim_start().len());
        // `SQLAlchemy (==1.4.48)` is the older spelling of `SQLAlchemy==1.4.48`.
        let requirement: String = value.trim().replace(['(', ')'], "");
        if let Some(mut item) = Item::requirement(&requirement, value_start, start + line.trim_end().len(), None) {
            item.safe = false;
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Subject;

    #[test]
    fn requires_dist_headers_in_both_spellings() {
        let text = "Metadata-Version: 2.1\nName: indico\nRequires-Dist: SQLAlchemy==1.4.48\nRequires-Dist: flask (>=2.0) ; python_version > \"3\"\n\nRequires-Dist: not-a-header\n";
        let found: Vec<(String, String)> = items(text)
            .into_iter()
            .filter_map(|i| match i.subject {
                Subject::Requirement { name, spec } => Some((name, spec)),
                Subject::Plugin(_) => None,
            })
            .collect();
        assert_eq!(found, [("sqlalchemy".to_owned(), "==1.4.48".to_owned()), ("flask".to_owned(), ">=2.0".to_owned())]);
    }
}
