//! Smart-case search, as in less and vim: a term with no capital letter
//! matches any case of ASCII letters, one with a capital matches exactly.
//! Offsets are byte offsets into the text searched.

/// Where `term` occurs in `text`: the start of each non-overlapping match.
pub fn matches<'a>(text: &'a str, term: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    let fold = !term.chars().any(char::is_uppercase);
    let (hay, needle) = (text.as_bytes(), term.as_bytes());
    let mut at = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        while at + needle.len() <= hay.len() {
            let window = &hay[at..at + needle.len()];
            // Bytes of non-ASCII characters compare exactly, so a match
            // always starts and ends on a character boundary.
            let hit = if fold {
                window.eq_ignore_ascii_case(needle)
            } else {
                window == needle
            };
            if hit {
                let found = (at, at + needle.len());
                at += needle.len();
                return Some(found);
            }
            at += 1;
        }
        None
    })
}

pub fn find(text: &str, term: &str) -> Option<usize> {
    matches(text, term).next().map(|(start, _)| start)
}

pub fn contains(text: &str, term: &str) -> bool {
    find(text, term).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_terms_match_any_case_and_capitals_match_exactly() {
        assert!(contains("REPORT RequestId", "report"));
        assert!(!contains("report requestid", "REPORT"));
        assert_eq!(
            find("a ÉCLAIR éclair", "éclair"),
            Some(10),
            "non-ASCII letters match exactly"
        );
        let all: Vec<_> = matches("aAaA", "aa").collect();
        assert_eq!(all, [(0, 2), (2, 4)]);
        assert_eq!(matches("€€", "€").count(), 2);
        assert!(find("anything", "").is_none());
        for (start, end) in matches("x€Y€y", "€y") {
            assert!("x€Y€y".is_char_boundary(start) && "x€Y€y".is_char_boundary(end));
        }
    }
}
