//! Bytes to text: a byte order mark wins, then a declared charset, then UTF-8; text that is
//! not UTF-8 is detected (Windows-1252 and other legacy encodings) with `chardetng`.
//! Binary data is refused rather than decoded into garbage.

use encoding_rs::{Encoding, UTF_8};

use crate::error::Reason;

/// Decoded text and a note for the user when decoding involved a guess or a loss.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding used, e.g. "UTF-8", "UTF-16LE", "windows-1252".
    pub encoding: &'static str,
    pub warning: Option<String>,
}

/// Decodes a text document. `declared` is a charset label from HTTP or `<meta>`, if any.
pub fn decode_text(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, Reason> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let decoded = Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warning: had_errors
                .then(|| format!("invalid {} sequences replaced with U+FFFD", encoding.name())),
        };
        return check_not_binary(decoded);
    }
    if let Some(offset) = bytes.iter().take(64 * 1024).position(|&b| b == 0) {
        return Err(Reason::Binary(format!("NUL byte at offset {offset}")));
    }
    if let Some(encoding) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        // A page that declares a legacy charset but is valid UTF-8 is UTF-8 in practice.
        let encoding = if encoding != UTF_8 && std::str::from_utf8(bytes).is_ok() {
            UTF_8
        } else {
            encoding
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        let warning = had_errors.then(|| {
            format!(
                "bytes invalid in the declared {} replaced with U+FFFD",
                encoding.name()
            )
        });
        return check_not_binary(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warning,
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_not_binary(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            warning: None,
        });
    }
    let (valid_multibyte, invalid) = utf8_sequence_counts(bytes);
    if valid_multibyte > 0 && valid_multibyte >= invalid {
        // Mostly UTF-8 with a few broken bytes: a legacy guess would garble the good part.
        let text = String::from_utf8_lossy(bytes).into_owned();
        return check_not_binary(Decoded {
            text,
            encoding: UTF_8.name(),
            warning: Some(format!(
                "invalid UTF-8 ({invalid} bad byte sequence(s)) replaced with U+FFFD"
            )),
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, false);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut warning = format!("not UTF-8; decoded as {} (detected)", encoding.name());
    if had_errors {
        warning.push_str(", undecodable bytes replaced with U+FFFD");
    }
    check_not_binary(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        warning: Some(warning),
    })
}

/// Counts valid multi-byte UTF-8 sequences and invalid bytes.
fn utf8_sequence_counts(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.chars().filter(|c| c.len_utf8() > 1).count();
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                valid += std::str::from_utf8(&rest[..good])
                    .map(|s| s.chars().filter(|c| c.len_utf8() > 1).count())
                    .unwrap_or(0);
                invalid += 1;
                let skip = good + e.error_len().unwrap_or(rest.len() - good).max(1);
                if skip >= rest.len() {
                    break;
                }
                rest = &rest[skip..];
            }
        }
    }
    (valid, invalid)
}

/// Refuses text where control characters or replacement characters are frequent: that is
/// binary data (an image, a PDF, an archive) decoded as if it were text.
fn check_not_binary(decoded: Decoded) -> Result<Decoded, Reason> {
    let mut total = 0usize;
    let mut suspicious = 0usize;
    for c in decoded.text.chars().take(100_000) {
        total += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')) {
            suspicious += 1;
        }
    }
    if total > 0 && suspicious * 50 > total && suspicious >= 4 {
        return Err(Reason::Binary(format!(
            "{suspicious} control or undecodable characters in the first {total}"
        )));
    }
    Ok(decoded)
}

/// Looks for a `charset=` declaration near the start of an HTML or XML document.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let needle = b"charset=";
    let at = lower.windows(needle.len()).position(|w| w == needle)? + needle.len();
    let label: String = lower[at..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'')
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .map(|&b| b as char)
        .collect();
    (!label.is_empty()).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Tbilisi “protests”".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode_text(&bytes, None).unwrap();
        assert_eq!(d.text, "Tbilisi “protests”");
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.warning.is_none());
    }

    #[test]
    fn windows_1252_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("The minister said: “We will not yield.” Café talks resume – today.");
        let d = decode_text(&bytes, None).unwrap();
        assert_eq!(
            d.text,
            "The minister said: “We will not yield.” Café talks resume – today."
        );
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.warning.unwrap().contains("windows-1252"));
    }

    #[test]
    fn mostly_utf8_is_decoded_lossily_with_a_warning() {
        let mut bytes = "Zürich talks “resume” — délégués arrive"
            .as_bytes()
            .to_vec();
        bytes.push(0xC3); // truncated sequence
        let d = decode_text(&bytes, None).unwrap();
        assert!(d.text.starts_with("Zürich talks “resume”"));
        assert!(d.warning.unwrap().contains("invalid UTF-8"));
    }

    #[test]
    fn binary_junk_is_refused() {
        let junk: Vec<u8> = (0..4000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 1)
            .collect();
        assert!(matches!(decode_text(&junk, None), Err(Reason::Binary(_))));
        assert!(matches!(
            decode_text(b"PK\x03\x04\x00\x00", None),
            Err(Reason::Binary(_))
        ));
    }

    #[test]
    fn declared_charset_is_found() {
        assert_eq!(
            declared_charset(b"<meta charset=\"ISO-8859-1\">").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
            )
            .as_deref(),
            Some("windows-1251")
        );
    }
}
